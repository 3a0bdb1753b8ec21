export * from "./engine/index.js";
export {
  ERROR_CODES,
  type ErrorCode,
  formatRegisterError,
  type RegisterError,
  type RegisterIssue,
} from "./errors.js";
export {
  type EvaluateOptions,
  type Evaluation,
  evaluate,
  type GroupEvaluation,
  type GroupStats,
  type Kpis,
  REVIEW_STATUSES,
  type RegisterIndex,
  type ReviewStatus,
  type ReviewStatusName,
  type Verdict,
  verdictOf,
} from "./evaluate/index.js";
export { REGISTER_SCHEMA_ID, registerJsonSchema } from "./json-schema.js";
export {
  type LoadOptions,
  loadRegisterFile,
  parseRegister,
  parseRegisterText,
} from "./load/index.js";
export * from "./model/index.js";
export {
  A56,
  builtinRules,
  type CoverageGap,
  coverageGaps,
  defineRule,
  liveGroupHits,
  RULE_IDS,
  type Rule,
  type RuleContext,
  type RuleHit,
  type RuleId,
} from "./rules/index.js";
export {
  DEFAULT_RELEVANCE_WEIGHTS,
  type GroupHistory,
  matchTopics,
  type RelevanceFactor,
  type RelevanceScore,
  type RelevanceWeights,
  relevanceWeightsSchema,
  type ScoreOptions,
  type SignalCounts,
  scoreGroup,
} from "./scoring/index.js";
export * from "./storage/index.js";
export { parseAsOf } from "./util/dates.js";
