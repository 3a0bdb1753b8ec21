export {
  type EvaluateOptions,
  type Evaluation,
  evaluate,
  type GroupEvaluation,
  type RunRuleOptions,
  runRule,
  type Verdict,
  verdictOf,
} from "./evaluate.js";
export type { Kpis } from "./kpis.js";
export type { GroupStats, RegisterIndex } from "./register-index.js";
export { REVIEW_STATUSES, type ReviewStatus, type ReviewStatusName } from "./review-status.js";
