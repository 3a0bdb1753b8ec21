export { safeUrl, withoutUrlSecrets } from "./display-url.js";
export { type EvaluationInputs, readEvaluationInputs } from "./engine-inputs.js";
export {
  FEED_STATE_PREFIX,
  type FeedError,
  type FeedHealth,
  feedHealthOf,
  feedStateSchema,
} from "./feed-health.js";
export type { StateEntry } from "./state-entries.js";
