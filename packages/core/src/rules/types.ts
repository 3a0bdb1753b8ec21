import { type GroupFacts, isLive, type RegisterIndex } from "../evaluate/register-index.js";
import type { ReviewStatus } from "../evaluate/review-status.js";
import type { FeedHealth } from "../health/feed-health.js";
import type { StateEntry } from "../health/state-entries.js";
import type { Finding, Severity } from "../model/finding.js";
import type { Group } from "../model/group.js";
import type { Policy } from "../model/policy.js";
import type { Register } from "../model/register.js";
import type { RelevanceScore } from "../scoring/score-group.js";

/** Everything a rule may read. Rules never read the clock, the network or the disk. */
export interface RuleContext {
  /** The register being evaluated. */
  register: Register;
  /** The day the evaluation is made for; every age is counted to it. */
  asOf: Date;
  /** Thresholds in force (the register's policy, overridden by the caller's). */
  policy: Policy;
  /** Aggregates computed once per evaluation, in one pass over the data. */
  index: RegisterIndex;
  /** The relevance score of a group (computed once per group and evaluation). */
  relevance(groupId: string): RelevanceScore;
  /** The review state of a group (computed once per group and evaluation). */
  review(groupId: string): ReviewStatus;
  /** How the groups' feeds are doing, as the ingestion runner recorded it; empty when unknown. */
  feeds: readonly FeedHealth[];
  /** State documents passed to the evaluation (the engine reads those under rules' `statePrefixes`). */
  state: readonly StateEntry[];
}

/** What a rule reports; the evaluation adds rule id, severity and controls. */
export interface RuleHit {
  /** What the finding is about. */
  subject: Finding["subject"];
  /** What is wrong, with the figures that show it. */
  message: string;
  /** A remediation specific to this hit; the rule's own remediation when omitted. */
  remediation?: string;
}

/** A rule: stable metadata plus a pure check. */
export interface Rule {
  /** Stable id, part of the public API. */
  id: string;
  /** Short title. */
  title: string;
  /** What fires the rule and why an auditor cares. */
  description: string;
  /** Severity reported unless the policy overrides it. */
  severity: Severity;
  /** Controls the finding evidences, e.g. `ISO27001:2022/A.5.6`. */
  controls: readonly string[];
  /** What to do about a finding. */
  remediation: string;
  /** Policy keys whose thresholds the rule uses. */
  policyKeys: readonly (keyof Policy)[];
  /**
   * Key prefixes of the tenant state documents the rule reads from `context.state`, for example
   * `["link:"]`; the engine reads them from storage before evaluating.
   */
  statePrefixes?: readonly string[];
  /** Returns the rule's hits for a register; the same input always gives the same output. */
  check(context: RuleContext): RuleHit[];
}

/**
 * Declares a rule; a typed identity function so rules read the same everywhere.
 * @example
 * export const myRule = defineRule({ id: "my-rule", title: "…", ..., check: (ctx) => [] });
 */
export function defineRule<const TRule extends Rule>(rule: TRule): TRule {
  return rule;
}

/** The A.5.6 control, cited by every built-in rule. */
export const A56 = "ISO27001:2022/A.5.6";

/**
 * Hits for every live group (membership not ended) that fails a check: the shape of most
 * group-level rules, in one loop.
 * @example
 * check: ({ register }) => liveGroupHits(register.groups, (g) => g.url === undefined, (g) => `${g.name} has no URL.`)
 */
export function liveGroupHits(
  groups: readonly Group[],
  fails: (group: Group) => boolean,
  message: (group: Group) => string,
): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const group of groups) {
    if (!isLive(group) || !fails(group)) continue;
    hits.push({ subject: { type: "group", id: group.id }, message: message(group) });
  }
  return hits;
}

/**
 * {@link liveGroupHits} over the evaluation's facts of the groups (same hits, same order): what the
 * built-in rules use. @internal
 */
export function liveFactHits(
  groups: readonly GroupFacts[],
  fails: (group: GroupFacts) => boolean,
  message: (group: GroupFacts) => string,
): RuleHit[] {
  const hits: RuleHit[] = [];
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i] as GroupFacts;
    if (!group.live || !fails(group)) continue;
    hits.push({ subject: { type: "group", id: group.id }, message: message(group) });
  }
  return hits;
}
