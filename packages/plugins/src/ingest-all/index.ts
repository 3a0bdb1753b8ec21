export {
  claimFeedLease,
  type FeedLeaseTarget,
  type HeldLease,
  type LeaseTaken,
  releaseFeedLease,
} from "./feed-lease.js";
export {
  type FeedLease,
  type FeedState,
  type FeedStateError,
  type FeedStateInvalid,
  feedLeaseKey,
  feedStateKey,
  type LoadedFeedState,
  loadFeedLease,
  loadFeedState,
} from "./feed-state.js";
export { ingestAll, sourceReadBudgetMs } from "./ingest-all.js";
export {
  type FeedConditionalStore,
  feedConditionalStore,
  withConditionalStore,
} from "./state-conditional.js";
export type {
  FeedFailure,
  FeedOutcome,
  GroupIngestSummary,
  IngestAllOptions,
  IngestAllReport,
  IngestProgress,
} from "./types.js";
