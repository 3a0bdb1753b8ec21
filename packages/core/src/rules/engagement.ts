import { registerFacts } from "../evaluate/register-index.js";
import { ageInDays, isoDay, isoDayOfTime, utcDay } from "../util/dates.js";
import { A56, defineRule, type RuleHit } from "./types.js";

/** No activity, alert or feed item from a group within `dormantAfterDays`. */
export const groupDormant = defineRule({
  id: "group-dormant",
  title: "Group gone quiet",
  description:
    "No activity, alert or feed item from a group within `dormantAfterDays`: a membership nobody uses. The newest item date the ingestion runner saw in any of the group's listed feeds counts as a sign of life, so a group whose feed publishes is not dormant even with nothing recorded by hand. Groups added (membership `since`) within the period, and prospective or ended memberships, are exempt.",
  severity: "observation",
  controls: [A56],
  remediation:
    "Find out whether the group still publishes and whether anyone reads it; record activity, or retire the group at the next review.",
  policyKeys: ["dormantAfterDays"],
  check: ({ register, index, asOf, policy }) => {
    const hits: RuleHit[] = [];
    for (const group of registerFacts(register, index).list) {
      const status = group.status;
      if (status === "ended" || status === "prospective") continue;
      const stats = group.stats;
      const recorded = Math.max(
        stats?.lastActivity ?? Number.NEGATIVE_INFINITY,
        stats?.lastAlert ?? Number.NEGATIVE_INFINITY,
      );
      const published = stats?.lastFeedItem ?? Number.NEGATIVE_INFINITY;
      const last = Math.max(recorded, published);
      const age = ageInDays(last, asOf);
      if (age <= policy.dormantAfterDays) continue;
      const since = group.since;
      if (since !== undefined && ageInDays(since.getTime(), asOf) <= policy.dormantAfterDays)
        continue;
      const feedNote = Number.isFinite(published)
        ? `; its feeds' newest item is from ${isoDayOfTime(published)}`
        : "";
      const message = Number.isFinite(recorded)
        ? `Nothing recorded from "${group.name}" since ${isoDayOfTime(recorded)}, ${ageInDays(recorded, asOf)} days ago (limit ${policy.dormantAfterDays})${feedNote}.`
        : Number.isFinite(published)
          ? `Nothing has ever been recorded from "${group.name}"${feedNote}, ${age} days ago (limit ${policy.dormantAfterDays}).`
          : `Nothing has ever been recorded from "${group.name}".`;
      hits.push({ subject: { type: "group", id: group.id }, message });
    }
    return hits;
  },
});

/** A membership has lapsed, or is active past its renewal date. */
export const membershipLapsed = defineRule({
  id: "membership-lapsed",
  title: "Membership lapsed",
  description:
    "A membership has status `lapsed`, or is `active` with a `renewsOn` date in the past: access to the group's closed channels may be gone.",
  severity: "observation",
  controls: [A56],
  remediation:
    "Renew the membership (and update `renewsOn`), or end it and record the decision in a review.",
  policyKeys: [],
  check: ({ register, index, asOf }) => {
    const hits: RuleHit[] = [];
    for (const group of registerFacts(register, index).list) {
      const status = group.status;
      if (status === undefined) continue;
      if (status === "lapsed") {
        hits.push({
          subject: { type: "group", id: group.id },
          message: `The membership of "${group.name}" has lapsed.`,
        });
      } else if (
        status === "active" &&
        group.renewsOn !== undefined &&
        utcDay(group.renewsOn) < utcDay(asOf)
      ) {
        hits.push({
          subject: { type: "group", id: group.id },
          message: `The membership of "${group.name}" was due for renewal on ${isoDay(group.renewsOn)}.`,
        });
      }
    }
    return hits;
  },
});

/** Under DORA, an ISAC membership started or ended without the authority being notified. */
export const doraMembershipNoticeMissing = defineRule({
  id: "dora-membership-notice-missing",
  title: "DORA information-sharing notice missing",
  description:
    "The organisation is under `dora`, and an `isac` membership started (`since`) or ended (`endedOn`) with no `authorityNotifiedOn` on or after that date. DORA Art. 45(3) requires financial entities to notify the competent authority of joining or leaving information-sharing arrangements.",
  severity: "minor",
  controls: [A56, "DORA/Art.45(3)"],
  remediation:
    "Notify the competent authority of the membership change and record the date in `membership.authorityNotifiedOn`.",
  policyKeys: [],
  check: ({ register, index, asOf }) => {
    if (!register.organisation.regulations.includes("dora")) return [];
    const hits: RuleHit[] = [];
    for (const group of registerFacts(register, index).list) {
      // The facts carry the membership's fields (`status` is undefined without a membership).
      const membership = group;
      if (group.kind !== "isac" || membership.status === undefined) continue;
      const notified = membership.authorityNotifiedOn;
      const today = utcDay(asOf);
      const ended = membership.endedOn;
      // A change is due for notice once it has taken effect (DORA Art. 45(3)); a planned one is not yet.
      if (membership.status === "ended" || (ended !== undefined && utcDay(ended) <= today)) {
        if (notified === undefined || (ended !== undefined && utcDay(notified) < utcDay(ended))) {
          hits.push({
            subject: { type: "group", id: group.id },
            message: `Leaving "${group.name}" was not notified to the competent authority.`,
          });
        }
      } else if (
        membership.since !== undefined &&
        membership.status !== "prospective" &&
        utcDay(membership.since) <= today &&
        (notified === undefined || utcDay(notified) < utcDay(membership.since))
      ) {
        hits.push({
          subject: { type: "group", id: group.id },
          message: `Joining "${group.name}" was not notified to the competent authority.`,
        });
      }
    }
    return hits;
  },
});
