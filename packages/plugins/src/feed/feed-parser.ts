import { parseFeed } from "feedsmith";
import { err, ok, type Result } from "neverthrow";
import type { FeedItem } from "../sdk/types.js";
import { decodeFeedBytes } from "./decode.js";
import { stripDoctype } from "./doctype.js";
import { mapAtom, mapJson, mapRdf, mapRss } from "./map-items.js";

/** Formats a feed parser recognises. */
export type ParsedFeedFormat = "rss" | "atom" | "rdf" | "json";

/** A parsed feed: its format, title and items. */
export interface ParsedFeed {
  /** Which format the document was. */
  format: ParsedFeedFormat;
  /** The feed's own title, when it has one. */
  title?: string;
  /** The items, in document order. */
  items: FeedItem[];
}

/** What a feed document given to a parser is. */
export interface FeedDocument {
  /** The raw bytes (decoded with the charset rules) or text already decoded. */
  body: Uint8Array | string;
  /** The HTTP Content-Type, whose `charset` is honoured. */
  contentType?: string;
  /** Where it came from, named in errors (URL or file path). */
  source: string;
}

/** Why a feed could not be parsed. */
export interface FeedParseError {
  /** `FEED_UNPARSABLE` (not a feed we read) or `FEED_TOO_LARGE`. */
  code: "FEED_UNPARSABLE" | "FEED_TOO_LARGE";
  /** The document's source. */
  feed: string;
  /** What went wrong and what was expected. */
  message: string;
}

/** The port a feed source parses through, so the parser library can be replaced. */
export interface FeedParser {
  /** Parses RSS 0.9x/1.0/2.0, Atom or JSON Feed; MUST NOT read files or the network. */
  parse(document: FeedDocument): Result<ParsedFeed, FeedParseError>;
}

/** Options of {@link feedsmithParser}. */
export interface FeedsmithParserOptions {
  /** Largest document accepted, in characters once decoded. @default 20_000_000 */
  maxLength?: number;
}

/** @internal */
export type FeedsmithParse = (text: string) => { format: string; feed: unknown };

/**
 * The {@link FeedParser} on `feedsmith`. The document type declaration is removed before parsing
 * (no entity can be declared, so none can be expanded or fetched); feedsmith decodes the
 * predefined and numeric character references itself.
 * @example
 * const parser = feedsmithParser();
 * const feed = parser.parse({ body: bytes, contentType, source: url });
 */
export function feedsmithParser(options: FeedsmithParserOptions = {}): FeedParser {
  return parserOn(parseFeed as FeedsmithParse, options.maxLength ?? 20_000_000);
}

/** @internal */
export function parserOn(parseFeed: FeedsmithParse, maxLength: number): FeedParser {
  return {
    parse(document) {
      const prepared = prepareFeedText(document, maxLength);
      if (prepared.isErr()) return err(prepared.error);
      return parseWithFeedsmith(parseFeed, document.source, prepared.value);
    },
  };
}

/**
 * Decodes a document, checks its size and removes its document type declaration (JSON is left
 * as it is): the steps every parser behind the port shares. Leading white space is trimmed,
 * unless `keepLeadingSpace` and the text is XML with no declaration removed (see below). @internal
 */
export function prepareFeedText(
  document: FeedDocument,
  maxLength: number,
  keepLeadingSpace = false,
): Result<string, FeedParseError> {
  const text =
    typeof document.body === "string"
      ? document.body
      : decodeFeedBytes(document.body, document.contentType);
  if (text.length > maxLength)
    return err(
      feedError(
        document.source,
        "FEED_TOO_LARGE",
        `expected at most ${maxLength} characters, got ${text.length}`,
      ),
    );
  const trimmed = text.trimStart();
  const prepared = trimmed.startsWith("{") ? trimmed : stripDoctype(trimmed);
  if (prepared === undefined)
    return err(
      feedError(
        document.source,
        "FEED_UNPARSABLE",
        "expected a feed, got an unterminated <!DOCTYPE",
      ),
    );
  // A trimmed copy is a slice of the decoded text, and handing the tokenizer a sliced string for
  // a few documents slows its compiled code for all of them (measured: ~20 ms per pass over the
  // corpus). An XML tokenizer skips leading white space anyway, so it gets the decoded text.
  if (keepLeadingSpace && prepared === trimmed && !trimmed.startsWith("{")) return ok(text);
  return ok(prepared);
}

/** A {@link FeedParseError} for `source`, its message prefixed with the source. @internal */
export function feedError(
  source: string,
  code: FeedParseError["code"],
  message: string,
): FeedParseError {
  return { code, feed: source, message: `${source}: ${message}` };
}

/** Parses prepared text with feedsmith and maps it to items. @internal */
export function parseWithFeedsmith(
  parseFeed: FeedsmithParse,
  source: string,
  prepared: string,
): Result<ParsedFeed, FeedParseError> {
  const fail = (message: string) => err(feedError(source, "FEED_UNPARSABLE", message));
  let parsed: { format: string; feed: unknown };
  try {
    parsed = parseFeed(prepared);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(`expected an RSS, Atom or JSON Feed document (${reason.slice(0, 200)})`);
  }
  const feed = (parsed.feed ?? {}) as Record<string, unknown>;
  switch (parsed.format) {
    case "rss":
      return ok(mapRss(feed));
    case "atom":
      return ok(mapAtom(feed));
    case "rdf":
      return ok(mapRdf(feed));
    case "json":
      return ok(mapJson(feed));
    default:
      return fail(`unsupported feed format "${parsed.format}"`);
  }
}
