import type { EngineDiagnostic } from "../engine/types.js";
import type { FeedHealth } from "../health/feed-health.js";
import type { StateEntry } from "../health/state-entries.js";
import type { Finding, Severity } from "../model/finding.js";
import { severityRank } from "../model/finding.js";
import { type Policy, type PolicyInput, policySchema } from "../model/policy.js";
import type { Register } from "../model/register.js";
import { builtinRules, RULE_IDS, type RuleId } from "../rules/index.js";
import type { Rule, RuleContext } from "../rules/types.js";
import {
  DEFAULT_SIGNAL_WINDOW_DAYS,
  type RelevanceScore,
  resolveWeights,
  scoreWithSignal,
  topicReasons,
} from "../scoring/score-group.js";
import type { RelevanceWeights } from "../scoring/weights.js";
import { computeKpis, type Kpis } from "./kpis.js";
import {
  buildIndex,
  type GroupFacts,
  type GroupFactsEvaluation,
  type GroupStats,
  type RegisterIndex,
  registerFacts,
  releaseFacts,
} from "./register-index.js";
import { type ReviewStatus, reviewStatusOf } from "./review-status.js";

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** The day to evaluate for; every age is counted to it. Required: rules never read the clock. */
  asOf: Date;
  /** Thresholds that override the register's own policy; validated like the file's `policy`. */
  policy?: PolicyInput;
  /** Relevance factor weights. */
  weights?: Partial<RelevanceWeights>;
  /** Extra rules to run after the built-in ones (for example from plugins). */
  rules?: readonly Rule[];
  /**
   * How the groups' feeds are doing (the engine fills it from the tenant's `feed:` state
   * documents): the newest item date keeps a group from `group-dormant`, failures give
   * `group-feed-broken`.
   * @default []
   */
  feeds?: readonly FeedHealth[];
  /** State documents rules read through `context.state` (the engine passes those under the rules' `statePrefixes`). @default [] */
  state?: readonly StateEntry[];
}

/** Verdicts: `nonconformity` (a major or minor finding), `at-risk` (an observation), or `ready`. */
export type Verdict = "nonconformity" | "at-risk" | "ready";

/** One group's state in an evaluation. */
export interface GroupEvaluation {
  /** Group id. */
  id: string;
  /** Group name. */
  name: string;
  /** Relevance score with its factors. */
  relevance: RelevanceScore;
  /** Review state. */
  review: ReviewStatus;
  /** Latest activity or alert from the group, or `null`. */
  lastActivity: Date | null;
}

/** The result of evaluating a register. */
export interface Evaluation {
  /** The day evaluated for. */
  asOf: Date;
  /** Overall verdict. */
  verdict: Verdict;
  /** Findings, most severe first, then in rule order. */
  findings: Finding[];
  /** Each group's relevance, review state and last activity, in register order. */
  groups: GroupEvaluation[];
  /** Key figures. */
  kpis: Kpis;
  /** Failures of plugins in the engine's evaluation: their rules (`rules.<id>`) and the `onFindings` hooks run after it; absent when none. */
  diagnostics?: EngineDiagnostic[];
}

/**
 * Evaluates a register: runs every rule and scores every group. Pure: the same register and options
 * always give the same evaluation.
 * @throws RangeError when `asOf` is not a valid date, `policy` is not a valid policy or `weights` are
 * not numbers of 0 or more for the six factors (programming
 * errors: user input reaches `evaluate` through the loader, which reports them as data).
 * @example
 * const result = evaluate(register, { asOf: new Date("2026-11-23") });
 * console.log(result.verdict, result.findings.length);
 */
export function evaluate(register: Register, options: EvaluateOptions): Evaluation {
  const rules = options.rules === undefined ? builtinRules : [...builtinRules, ...options.rules];
  return evaluateWith(register, options, rules);
}

/** Options of {@link runRule}: {@link EvaluateOptions} without `rules`. */
export type RunRuleOptions = Omit<EvaluateOptions, "rules">;

/**
 * Runs one rule over a register, `(register, { asOf, policy }) → Finding[]`: a built-in rule named by
 * its id, or a rule object (a plugin's). Gives the findings `evaluate` would report for it, in the
 * rule's order; the policy's `rules` override can switch it off or change its severity. For testing
 * a rule on its own, or running a chosen few.
 * @throws RangeError for an id that is not a built-in rule, and as {@link evaluate} does.
 * @example
 * const findings = runRule("register-review-overdue", register, { asOf: new Date("2026-11-23") });
 */
export function runRule(
  rule: Rule | RuleId,
  register: Register,
  options: RunRuleOptions,
): Finding[] {
  let run: Rule | undefined;
  if (typeof rule === "string") {
    run = builtinRules.find((builtin) => builtin.id === rule);
    if (run === undefined)
      throw new RangeError(
        `runRule: "${rule}" is not a built-in rule (expected one of ${RULE_IDS.join(", ")}, or a rule object)`,
      );
  } else run = rule;
  return evaluateWith(register, options, [run]).findings;
}

/** {@link evaluate} with the rules to run given. */
function evaluateWith(
  register: Register,
  options: EvaluateOptions,
  rules: readonly Rule[],
): Evaluation {
  const { asOf } = options;
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) {
    throw new RangeError("evaluate: options.asOf must be a valid Date");
  }
  const policy = mergePolicy(register.policy, options.policy);
  const feeds = options.feeds ?? [];
  const index = buildIndex(
    register,
    asOf,
    DEFAULT_SIGNAL_WINDOW_DAYS,
    feeds,
    policy.loopWindowDays,
  );
  try {
    return evaluateIndexed(register, options, asOf, policy, feeds, index, rules);
  } finally {
    // Even when a plugin's rule throws: no evaluation's data outlives it.
    releaseFacts(index);
  }
}

/** {@link evaluate} once the index is built. */
function evaluateIndexed(
  register: Register,
  options: EvaluateOptions,
  asOf: Date,
  policy: Policy,
  feeds: readonly FeedHealth[],
  index: RegisterIndex,
  rules: readonly Rule[],
): Evaluation {
  const facts = registerFacts(register, index);
  const weights = resolveWeights(options.weights);
  // Every group's score and review state is part of the result, so both are computed once per
  // group up front, kept on the group's facts, and the rules read them from there.
  const groups: GroupEvaluation[] = [];
  const { list, byId, repeatedIds } = facts;
  const organisation = register.organisation;
  const reasons = topicReasons();
  for (let i = 0; i < list.length; i++) {
    const group = list[i] as GroupFacts;
    // A repeated id (only possible in a register assembled without the loader) shares its entry's
    // state, which the index keeps for the last group with that id.
    const last = repeatedIds ? (byId.get(group.id) as GroupFacts) : group;
    const known = last.evaluation as GroupEvaluation | undefined;
    if (known === undefined) {
      const stats = last.stats as GroupStats;
      const latest = Math.max(stats.lastActivity, stats.lastAlert);
      const entry: GroupEvaluation = {
        id: group.id,
        name: group.name,
        relevance: scoreWithSignal(last, organisation, stats.signal, weights, reasons),
        review: reviewStatusOf(stats.lastReviewed, last, asOf, policy),
        lastActivity: latest === Number.NEGATIVE_INFINITY ? null : new Date(latest),
      };
      last.evaluation = entry;
      groups.push(entry);
    } else {
      const { lastActivity } = known;
      groups.push({
        ...known,
        name: group.name,
        lastActivity: lastActivity === null ? null : new Date(lastActivity.getTime()),
      });
    }
  }
  const entryOf = (groupId: string): GroupFactsEvaluation => {
    const entry = byId.get(groupId)?.evaluation;
    if (entry === undefined) throw new RangeError(`evaluate: unknown group "${groupId}"`);
    return entry;
  };
  const relevance = (groupId: string): RelevanceScore => entryOf(groupId).relevance;
  const review = (groupId: string): ReviewStatus => entryOf(groupId).review;
  const context: RuleContext = {
    register,
    asOf,
    policy,
    index,
    relevance,
    review,
    feeds,
    state: options.state ?? [],
  };
  // Most severe first, rule order within a severity: one list per severity, in rule order, joined
  // (what a stable sort by severity gives, without comparing). The first list is for a severity
  // that is none of the four (a plugin rule's typo), which the sort put first.
  const bySeverity: Finding[][] = [[], [], [], [], []];
  for (const rule of rules) {
    const override = Object.hasOwn(policy.rules, rule.id) ? policy.rules[rule.id] : undefined;
    if (override?.enabled === false) continue;
    const severity: Severity = override?.severity ?? rule.severity;
    const hits = rule.check(context);
    if (hits.length === 0) continue;
    const list = bySeverity[severityRank(severity) + 1] as Finding[];
    const { id, remediation, controls } = rule;
    for (const hit of hits) {
      list.push({
        ruleId: id,
        severity,
        subject: hit.subject,
        message: hit.message,
        remediation: hit.remediation ?? remediation,
        controls: controls.slice(),
      });
    }
  }
  const findings = (bySeverity[0] as Finding[]).concat(
    bySeverity[1] as Finding[],
    bySeverity[2] as Finding[],
    bySeverity[3] as Finding[],
    bySeverity[4] as Finding[],
  );
  // The lists are the counts per severity, unless a plugin rule's severity is none of the four.
  const severityCounts =
    (bySeverity[0] as Finding[]).length === 0
      ? {
          major: (bySeverity[1] as Finding[]).length,
          minor: (bySeverity[2] as Finding[]).length,
          observation: (bySeverity[3] as Finding[]).length,
          opportunity: (bySeverity[4] as Finding[]).length,
        }
      : undefined;
  const kpis = computeKpis(register, index, asOf, policy, findings, severityCounts);
  return { asOf, verdict: verdictOf(findings), findings, groups, kpis };
}

/** The verdict for a set of findings. */
export function verdictOf(findings: readonly Pick<Finding, "severity">[]): Verdict {
  let verdict: Verdict = "ready";
  for (const finding of findings) {
    if (finding.severity === "major" || finding.severity === "minor") return "nonconformity";
    if (finding.severity === "observation") verdict = "at-risk";
  }
  return verdict;
}

function mergePolicy(base: Policy, override: PolicyInput | undefined): Policy {
  if (override === undefined) return base;
  const merged = policySchema.safeParse({
    ...base,
    ...override,
    rules: { ...base.rules, ...override.rules },
  });
  if (!merged.success) {
    const problems = merged.error.issues.map(
      (issue) => `policy.${issue.path.join(".")}: ${issue.message}`,
    );
    throw new RangeError(`evaluate: invalid options.policy: ${problems.join("; ")}`);
  }
  return merged.data;
}
