import { defineRule, type Rule, type RuleHit } from "@sigreg/core";
import { displayUrl, redactUrlSecrets } from "../feed/display-url.js";
import { LINK_STATE_PREFIX, type LinkState, linkStateSchema } from "./link-state.js";

/** Options of {@link groupLinkDead}. */
export interface LinkRuleOptions {
  /** Failed checks in a row after which a website is dead. @default 3 */
  failuresBeforeDead?: number;
}

/**
 * The `group-link-dead` rule: a live group's website has failed `failuresBeforeDead` checks in a
 * row, as {@link checkLinks} recorded in the `link:<group id>` state documents.
 */
export function groupLinkDead(options: LinkRuleOptions = {}): Rule {
  const limit = options.failuresBeforeDead ?? 3;
  if (!Number.isInteger(limit) || limit < 1)
    throw new TypeError(
      `groupLinkDead: failuresBeforeDead is ${limit}; expected a whole number of 1 or more`,
    );
  return defineRule({
    id: "group-link-dead",
    title: "Group website dead",
    description: `A live group's website has failed ${limit} link checks in a row (HEAD, then GET): the group may have moved, renamed or closed. Read from the \`link:<group id>\` state documents the link-check plugin writes; a check of an older URL does not count.`,
    severity: "observation",
    controls: ["ISO27001:2022/A.5.6"],
    remediation:
      "Open the website: update `url` in the register if the group moved, or find out whether the group still exists and retire it at the next review.",
    policyKeys: [],
    statePrefixes: [LINK_STATE_PREFIX],
    check: ({ register, state }) => {
      const checks = new Map<string, LinkState>();
      for (const entry of state) {
        if (!entry.key.startsWith(LINK_STATE_PREFIX)) continue;
        // A document that is not a link check is not ours to judge; checkLinks writes valid ones.
        const parsed = linkStateSchema.safeParse(entry.value);
        if (parsed.success) checks.set(entry.key.slice(LINK_STATE_PREFIX.length), parsed.data);
      }
      const hits: RuleHit[] = [];
      for (const group of register.groups) {
        const check = checks.get(group.id);
        if (group.membership?.status === "ended" || check === undefined) continue;
        if (check.url !== group.url || check.ok || check.consecutiveFailures < limit) continue;
        const why =
          check.error === undefined
            ? ""
            : ` Last error: ${check.error.code}: ${redactUrlSecrets(check.error.message, check.url)}`;
        hits.push({
          subject: { type: "group", id: group.id },
          message: `The website ${displayUrl(check.url)} of "${group.name}" failed ${check.consecutiveFailures} checks in a row (limit ${limit}), the last on ${check.lastCheckedAt.slice(0, 10)}.${why}`,
        });
      }
      return hits;
    },
  });
}
