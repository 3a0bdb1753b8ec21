import type { Group, Membership } from "../model/group.js";
import type { Policy } from "../model/policy.js";
import { addUtcDays, ageInDays, utcDay } from "../util/dates.js";
import type { RegisterIndex } from "./register-index.js";

/** Review states of a group. */
export const REVIEW_STATUSES = ["compliant", "due-soon", "overdue", "never-reviewed"] as const;
/** One of {@link REVIEW_STATUSES}. */
export type ReviewStatusName = (typeof REVIEW_STATUSES)[number];

/** A group's review state, with the dates behind it. */
export interface ReviewStatus {
  /** `compliant`, `due-soon` (within `dueSoonDays` of falling due), `overdue`, or `never-reviewed`. */
  status: ReviewStatusName;
  /** The latest review that covered the group. */
  lastReviewed?: Date;
  /** When the next review falls due. */
  nextDue?: Date;
}

/**
 * A group's review state as of a day. A group never reviewed is `never-reviewed`; its first review
 * is due `groupReviewDays` after it was added (membership `since`), or at once when that is unknown.
 * @internal
 */
export function reviewStatus(
  group: Group,
  index: RegisterIndex,
  asOf: Date,
  policy: Policy,
): ReviewStatus {
  const last = index.stats.get(group.id)?.lastReviewed ?? Number.NEGATIVE_INFINITY;
  return reviewStatusOf(last, group.membership, asOf, policy);
}

/**
 * {@link reviewStatus} from the latest review covering the group (epoch ms, or -Infinity) and its
 * membership. @internal
 */
export function reviewStatusOf(
  last: number,
  membership: Pick<Membership, "since"> | undefined,
  asOf: Date,
  policy: Policy,
): ReviewStatus {
  if (last === Number.NEGATIVE_INFINITY) {
    const since = membership?.since;
    return since === undefined
      ? { status: "never-reviewed" }
      : { status: "never-reviewed", nextDue: addUtcDays(since, policy.groupReviewDays) };
  }
  const lastReviewed = new Date(last);
  const nextDue = addUtcDays(lastReviewed, policy.groupReviewDays);
  const age = ageInDays(last, asOf);
  const left = policy.groupReviewDays - age;
  const status: ReviewStatusName =
    left < 0 ? "overdue" : left <= policy.dueSoonDays ? "due-soon" : "compliant";
  return { status, lastReviewed, nextDue };
}

/** Whether a review state means the review is late: overdue, or never done and past its first due day. @internal */
export function isReviewOverdue(status: ReviewStatus, asOf: Date): boolean {
  if (status.status === "overdue") return true;
  return (
    status.status === "never-reviewed" &&
    (status.nextDue === undefined || utcDay(status.nextDue) < utcDay(asOf))
  );
}
