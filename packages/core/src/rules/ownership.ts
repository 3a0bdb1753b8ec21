import { registerFacts } from "../evaluate/register-index.js";
import type { Person } from "../model/person.js";
import { ageInDays, isoDay, utcDay } from "../util/dates.js";
import { A56, defineRule, liveFactHits, type RuleHit } from "./types.js";

/** Whether a person is still with the organisation on `asOf`. @internal */
export function isActivePerson(person: Person, asOf: Date): boolean {
  return person.active && (person.leftOn === undefined || utcDay(person.leftOn) > utcDay(asOf));
}

/** A group has no named owner. */
export const groupOwnerMissing = defineRule({
  id: "group-owner-missing",
  title: "Group has no owner",
  description:
    "A group has no named internal owner. A.5.6 contact needs someone accountable for it: who reads it, who acts on it.",
  severity: "minor",
  controls: [A56],
  remediation: "Name an owner (a person in `people`) in the group's `owner` field, and a deputy.",
  policyKeys: [],
  check: ({ register, index }) =>
    liveFactHits(
      registerFacts(register, index).list,
      (group) => group.owner === undefined,
      (group) => `"${group.name}" has no owner.`,
    ),
});

/** The owner is not a person in the register. */
export const groupOwnerUnknown = defineRule({
  id: "group-owner-unknown",
  title: "Group owner unknown",
  description:
    "A group's owner is not a person in the register. The file loader refuses such a register; this rule catches it in registers assembled by a platform (for example after a person was deleted).",
  severity: "minor",
  controls: [A56],
  remediation: "Add the person to `people`, or name an owner who is there.",
  policyKeys: [],
  check: ({ register, index }) =>
    liveFactHits(
      registerFacts(register, index).list,
      (group) => group.owner !== undefined && !index.people.has(group.owner),
      (group) =>
        `"${group.name}" is owned by "${group.owner}", who is not in the register's people.`,
    ),
});

/** The owner is inactive or has left. */
export const groupOwnerInactive = defineRule({
  id: "group-owner-inactive",
  title: "Group owner has left",
  description:
    "A group's owner is marked inactive or has a `leftOn` date on or before the evaluation day: the contact has silently lapsed with them.",
  severity: "minor",
  controls: [A56],
  remediation:
    "Hand the group to a current member of staff (the deputy, if there is one) and record the change in a review.",
  policyKeys: [],
  check: ({ register, index, asOf }) => {
    const hits: RuleHit[] = [];
    for (const group of registerFacts(register, index).list) {
      const owner = group.owner === undefined ? undefined : index.people.get(group.owner);
      if (!group.live || owner === undefined || isActivePerson(owner, asOf)) continue;
      const left =
        owner.leftOn !== undefined && utcDay(owner.leftOn) <= utcDay(asOf)
          ? `left on ${isoDay(owner.leftOn)}`
          : "is inactive";
      hits.push({
        subject: { type: "group", id: group.id },
        message: `"${group.name}" is owned by ${owner.name}, who ${left}.`,
      });
    }
    return hits;
  },
});

/** An owner recorded no activity for any group they own within `ownerActivityDays`. */
export const ownerNoRecentActivity = defineRule({
  id: "owner-no-recent-activity",
  title: "Owner has nothing recent to show",
  description:
    'An active owner recorded no activity for any group they own within `ownerActivityDays`. The auditor\'s question is "what have you learned from this group recently?". Owners whose groups were all added within the period are exempt.',
  severity: "observation",
  controls: [A56],
  remediation:
    "Ask the owner to record what they received, attended or learned (an activity), or hand the group to someone who follows it.",
  policyKeys: ["ownerActivityDays"],
  check: ({ index, asOf, policy }) => {
    const hits: RuleHit[] = [];
    for (const [personId, groups] of index.owned) {
      const person = index.people.get(personId);
      if (person === undefined || !isActivePerson(person, asOf)) continue;
      const age = ageInDays(
        index.ownerLastActivity.get(personId) ?? Number.NEGATIVE_INFINITY,
        asOf,
      );
      if (age <= policy.ownerActivityDays) continue;
      const allNew = groups.every((group) => {
        const since = group.membership?.since;
        return since !== undefined && ageInDays(since.getTime(), asOf) <= policy.ownerActivityDays;
      });
      if (allNew) continue;
      const when = Number.isFinite(age) ? `for ${age} days` : "ever";
      hits.push({
        subject: { type: "person", id: personId },
        message: `${person.name} owns ${groups.length} group(s) but has recorded no activity for them ${when} (limit ${policy.ownerActivityDays}).`,
      });
    }
    return hits;
  },
});

/** A person owns more than `maxGroupsPerOwner` groups. */
export const ownerOverloaded = defineRule({
  id: "owner-overloaded",
  title: "Owner holds too many groups",
  description:
    "A person owns more than `maxGroupsPerOwner` live groups; nobody follows that many sources well, and one departure orphans them all.",
  severity: "observation",
  controls: [A56],
  remediation: "Spread the groups across more owners, or retire the least relevant ones.",
  policyKeys: ["maxGroupsPerOwner"],
  check: ({ index, policy }) => {
    const hits: RuleHit[] = [];
    for (const [personId, groups] of index.owned) {
      if (groups.length <= policy.maxGroupsPerOwner) continue;
      const name = index.people.get(personId)?.name ?? personId;
      hits.push({
        subject: { type: "person", id: personId },
        message: `${name} owns ${groups.length} groups (limit ${policy.maxGroupsPerOwner}).`,
      });
    }
    return hits;
  },
});
