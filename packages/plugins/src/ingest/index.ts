export { alertIdOf, contentHash } from "./alert-of-item.js";
export { type IngestInput, type IngestSummary, ingest } from "./ingest.js";
export {
  type IngestFeedError,
  type IngestFeedInput,
  type IngestFeedResult,
  ingestFeed,
} from "./ingest-feed.js";
