export { safeUrl, withoutUrlSecrets } from "./display-url.js";
export {
  FEED_STATE_PREFIX,
  type FeedError,
  type FeedHealth,
  feedHealthOf,
  feedStateSchema,
} from "./feed-health.js";
export type { StateEntry } from "./state-entries.js";
