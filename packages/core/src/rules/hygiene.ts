import { registerFacts } from "../evaluate/register-index.js";
import { A56, defineRule, liveFactHits, type RuleHit } from "./types.js";

/** A group of kind `authority` is in the register. */
export const authorityInRegister = defineRule({
  id: "authority-in-register",
  title: "Authority filed as a special interest group",
  description:
    "A group of kind `authority`: regulators, supervisors and police are contacts under Annex A 5.5 (contact with authorities), not special interest groups.",
  severity: "observation",
  controls: [A56, "ISO27001:2022/A.5.5"],
  remediation: "Move the contact to the A.5.5 authorities register and remove it from this one.",
  policyKeys: [],
  check: ({ register, index }) =>
    liveFactHits(
      registerFacts(register, index).list,
      (group) => group.kind === "authority",
      (group) => `"${group.name}" is an authority; it belongs under A.5.5.`,
    ),
});

/** A social-media source lists no accounts. */
export const socialMediaUnformalised = defineRule({
  id: "social-media-unformalised",
  title: "Social-media source not formalised",
  description:
    "A `social-media` source lists no accounts: nobody can say which accounts are watched, or by whom.",
  severity: "minor",
  controls: [A56],
  remediation:
    "List the watched accounts under `accounts` (platform, handle, and who watches each).",
  policyKeys: [],
  check: ({ register, index }) =>
    liveFactHits(
      registerFacts(register, index).list,
      (group) => group.kind === "social-media" && group.accounts.length === 0,
      (group) => `"${group.name}" lists no watched accounts.`,
    ),
});

/** A group has neither a URL nor a contact. */
export const groupContactMissing = defineRule({
  id: "group-contact-missing",
  title: "Group has no contact",
  description:
    "A group has neither `url` nor `contact`: the register cannot show how the group is reached.",
  severity: "minor",
  controls: [A56],
  remediation: "Record the group's website (`url`) or a contact (`contact`).",
  policyKeys: [],
  check: ({ register, index }) =>
    liveFactHits(
      registerFacts(register, index).list,
      (group) => group.url === undefined && group.contact === undefined,
      (group) => `"${group.name}" has no website or contact.`,
    ),
});

/** A group has no relevance statement. */
export const groupRelevanceUndocumented = defineRule({
  id: "group-relevance-undocumented",
  title: "Relevance not documented",
  description:
    "A group has no `relevance` statement: the register must say why each group matters to the organisation.",
  severity: "minor",
  controls: [A56],
  remediation:
    "Write one or two sentences in `relevance`: what the group gives us that nothing else does.",
  policyKeys: [],
  check: ({ register, index }) =>
    liveFactHits(
      registerFacts(register, index).list,
      (group) => !group.relevanceStated,
      (group) => `"${group.name}" has no relevance statement.`,
    ),
});

/** A group's relevance score is below `minRelevance`. */
export const groupLowRelevance = defineRule({
  id: "group-low-relevance",
  title: "Group of low relevance",
  description:
    "A group's relevance score (topics against the organisation profile, kind, and recorded signal) is below `minRelevance`. Relevance beats volume: a long list of loosely relevant groups hides the ones that matter.",
  severity: "opportunity",
  controls: [A56],
  remediation:
    "Check the group's topics against the profile; retire the group if it no longer serves us, or record why it stays.",
  policyKeys: ["minRelevance"],
  check: ({ register, index, policy, relevance }) => {
    const hits: RuleHit[] = [];
    for (const group of registerFacts(register, index).list) {
      if (!group.live || group.kind === "authority") continue;
      const { score } = group.evaluation?.relevance ?? relevance(group.id);
      if (score >= policy.minRelevance) continue;
      hits.push({
        subject: { type: "group", id: group.id },
        message: `"${group.name}" scores ${score} for relevance (minimum ${policy.minRelevance}).`,
      });
    }
    return hits;
  },
});
