export { decodeFeedBytes } from "./decode.js";
export { displayUrl, redactUrlSecrets } from "./display-url.js";
export { stripDoctype } from "./doctype.js";
export {
  type FeedDocument,
  type FeedParseError,
  type FeedParser,
  type FeedsmithParserOptions,
  feedsmithParser,
  type ParsedFeed,
  type ParsedFeedFormat,
} from "./feed-parser.js";
export { type FeedSourceOptions, feedSource, SOURCE_ERROR_CODES } from "./feed-source.js";
export { type Htmlparser2ParserOptions, htmlparser2Parser } from "./htmlparser2-parser.js";
export { decodeEntities, plainText } from "./text.js";
