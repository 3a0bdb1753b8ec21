import { parseFeed } from "feedsmith";
import { err, ok, type Result } from "neverthrow";
import { scanFeedBytes } from "./decode.js";
import {
  type FeedParseError,
  type FeedParser,
  type FeedsmithParse,
  feedError,
  type ParsedFeed,
  parseWithFeedsmith,
  prepareFeedText,
} from "./feed-parser.js";
import { mapAtom, mapRdf, mapRss } from "./map-items.js";
import { collectFeed } from "./stream-collect.js";

/** Options of {@link htmlparser2Parser}. */
export interface Htmlparser2ParserOptions {
  /** Largest document accepted, in characters once decoded. @default 20_000_000 */
  maxLength?: number;
}

/**
 * The default {@link FeedParser}: one streaming pass of `htmlparser2` (XML mode, no DOM, no
 * entity expansion) that keeps only the fields the item mapping reads, giving the same items as
 * {@link feedsmithParser} several times faster. The document type declaration is removed first,
 * so no entity can be declared, expanded or fetched; JSON Feed documents go through feedsmith.
 * UTF-8 XML is tokenized as its bytes (one character a byte) and only the ranges kept are decoded,
 * which reads the same as decoding it whole first (see `scanFeedBytes`).
 * @example
 * const parser = htmlparser2Parser();
 * const feed = parser.parse({ body: bytes, contentType, source: url });
 */
export function htmlparser2Parser(options: Htmlparser2ParserOptions = {}): FeedParser {
  const maxLength = options.maxLength ?? 20_000_000;
  return {
    parse(document) {
      // UTF-8 XML is tokenized as its bytes, decoding only what is read (see `scanFeedBytes`);
      // a document no longer than the limit in bytes is no longer in characters either.
      if (typeof document.body !== "string" && document.body.length <= maxLength) {
        const scanned = scanFeedBytes(document.body, document.contentType);
        if (scanned !== undefined) return parseXml(document.source, scanned.text, scanned.decode);
      }
      const prepared = prepareFeedText(document, maxLength, true);
      if (prepared.isErr()) return err(prepared.error);
      const text = prepared.value;
      if (text.startsWith("{"))
        return parseWithFeedsmith(parseFeed as FeedsmithParse, document.source, text);
      return parseXml(document.source, text);
    },
  };
}

function parseXml(
  source: string,
  text: string,
  decode?: (start: number, end: number) => string,
): Result<ParsedFeed, FeedParseError> {
  const collected = collectFeed(text, decode);
  switch (collected.format) {
    case "rss":
      return ok(mapRss(collected.feed));
    case "atom":
      return ok(mapAtom(collected.feed));
    case "rdf":
      return ok(mapRdf(collected.feed));
    default:
      return err(
        feedError(
          source,
          "FEED_UNPARSABLE",
          `expected an RSS, Atom or JSON Feed document (the root element is ${
            collected.root === undefined ? "missing" : `<${collected.root.slice(0, 50)}>`
          })`,
        ),
      );
  }
}
