import { registerFacts } from "../evaluate/register-index.js";
import { isReviewOverdue } from "../evaluate/review-status.js";
import { ageInDays, isoDay, isoDayOfTime } from "../util/dates.js";
import { A56, defineRule, type RuleHit } from "./types.js";

/** No review of the whole register is recorded. */
export const registerNeverReviewed = defineRule({
  id: "register-never-reviewed",
  title: "Register never reviewed",
  description:
    "No review with scope `all` is recorded. A.5.6 expects the register to be kept current; an auditor asks for the dates of its reviews.",
  severity: "major",
  controls: [A56],
  remediation:
    "Review the whole register (relevance, owners, cadence of each group) and record it under `reviews` with scope `all`.",
  policyKeys: [],
  check: ({ index }) =>
    index.lastFullReview === Number.NEGATIVE_INFINITY
      ? [
          {
            subject: { type: "register", id: "register" },
            message: "No review of the whole register is recorded.",
          },
        ]
      : [],
});

/** The latest review of the whole register is older than `registerReviewDays`. */
export const registerReviewOverdue = defineRule({
  id: "register-review-overdue",
  title: "Register review overdue",
  description:
    "The latest review with scope `all` is older than `registerReviewDays` (90 by default: quarterly). A register not reviewed regularly keeps dead memberships and departed owners.",
  severity: "minor",
  controls: [A56],
  remediation: "Hold the quarterly register review and record it under `reviews` with scope `all`.",
  policyKeys: ["registerReviewDays"],
  check: ({ index, asOf, policy }) => {
    if (index.lastFullReview === Number.NEGATIVE_INFINITY) return [];
    const age = ageInDays(index.lastFullReview, asOf);
    if (age <= policy.registerReviewDays) return [];
    return [
      {
        subject: { type: "register", id: "register" },
        message: `The register was last reviewed on ${isoDayOfTime(index.lastFullReview)}, ${age} days ago (limit ${policy.registerReviewDays}).`,
      },
    ];
  },
});

/** A group is covered by no review within `groupReviewDays`. */
export const groupReviewOverdue = defineRule({
  id: "group-review-overdue",
  title: "Group review overdue",
  description:
    "A group has not been reviewed (by a review of `all`, a review naming it, or its own `lastReviewed`) within `groupReviewDays`. Groups added within that period are exempt until their first review falls due.",
  severity: "minor",
  controls: [A56],
  remediation:
    "Review the group: is it still relevant, is the owner right, is the cadence right? Record the review.",
  policyKeys: ["groupReviewDays", "dueSoonDays"],
  check: ({ register, index, review, asOf, policy }) => {
    const hits: RuleHit[] = [];
    for (const group of registerFacts(register, index).list) {
      if (!group.live) continue;
      const status = group.evaluation?.review ?? review(group.id);
      if (!isReviewOverdue(status, asOf)) continue;
      const message =
        status.lastReviewed === undefined
          ? `"${group.name}" has never been reviewed.`
          : `"${group.name}" was last reviewed on ${isoDay(status.lastReviewed)}, ${ageInDays(status.lastReviewed.getTime(), asOf)} days ago (limit ${policy.groupReviewDays}).`;
      hits.push({ subject: { type: "group", id: group.id }, message });
    }
    return hits;
  },
});
