import { err, ok } from "neverthrow";
import type { SafeFetcher, Source, SourceError, SourceResult, SourceState } from "../sdk/types.js";
import { displayUrl, redactUrlSecrets } from "./display-url.js";
import type { FeedParser } from "./feed-parser.js";
import { htmlparser2Parser } from "./htmlparser2-parser.js";

/** Codes of a source failure. */
export const SOURCE_ERROR_CODES = {
  /** The request failed before an answer (refused, timed out, blocked by the fetcher). */
  FEED_UNREACHABLE: "FEED_UNREACHABLE",
  /** The server answered with a status other than 2xx. */
  FEED_HTTP_ERROR: "FEED_HTTP_ERROR",
  /** The body is not a feed of the expected format. */
  FEED_UNPARSABLE: "FEED_UNPARSABLE",
  /** The body is larger than the parser accepts. */
  FEED_TOO_LARGE: "FEED_TOO_LARGE",
} as const;

/** Options of {@link feedSource}. */
export interface FeedSourceOptions {
  /** The parser to use. @default htmlparser2Parser() */
  parser?: FeedParser;
}

/**
 * The source that reads RSS, Atom and JSON Feed documents (`format: rss | atom | json-feed`).
 * @example
 * const plugin = definePlugin({ id: "feeds", version: "1.0.0", apiVersion: 1, sources: [feedSource()] });
 */
export function feedSource(options: FeedSourceOptions = {}): Source {
  const parser = options.parser ?? htmlparser2Parser();
  return {
    id: "feed",
    formats: ["rss", "atom", "json-feed"],
    async read(context) {
      const url = context.feed.url;
      const body = await fetchBody(context.fetch, url, context.signal, FEED_ACCEPT);
      if (body.isErr()) return err(body.error);
      if (body.value === NOT_MODIFIED) return ok(unchanged(context.state));
      const parsed = parser.parse({ ...body.value, source: displayUrl(url) });
      if (parsed.isErr()) return err(parsed.error);
      return ok({ items: parsed.value.items, total: parsed.value.items.length });
    },
  };
}

const FEED_ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5";

/** What {@link fetchBody} gives for a 304 answer. @internal */
export const NOT_MODIFIED = "not-modified" as const;

/** The result of a source whose feed answered 304: no items, the state as it was. @internal */
export function unchanged(state: SourceState | undefined): SourceResult {
  return { items: [], total: 0, notModified: true, ...(state === undefined ? {} : { state }) };
}

/**
 * Fetches a URL's body as bytes with its Content-Type, {@link NOT_MODIFIED} for a 304, or a
 * source error. @internal
 */
export async function fetchBody(
  fetch: SafeFetcher,
  url: string,
  signal: AbortSignal | undefined,
  accept: string,
) {
  let response: Response;
  let bytes: Uint8Array;
  try {
    response = await fetch(url, { headers: { accept }, ...(signal ? { signal } : {}) });
    if (response.status === 304) return ok(NOT_MODIFIED);
    if (response.ok) bytes = new Uint8Array(await response.arrayBuffer());
    else bytes = new Uint8Array();
  } catch (error) {
    const reason = redactUrlSecrets(error instanceof Error ? error.message : String(error), url);
    return err<never, SourceError>({
      code: SOURCE_ERROR_CODES.FEED_UNREACHABLE,
      feed: displayUrl(url),
      message: `${displayUrl(url)}: could not be fetched (${reason})`,
    });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return err<never, SourceError>({
      code: SOURCE_ERROR_CODES.FEED_HTTP_ERROR,
      feed: displayUrl(url),
      message: `${displayUrl(url)}: expected a 2xx answer, got HTTP ${response.status}`,
    });
  }
  const contentType = response.headers.get("content-type") ?? undefined;
  return ok(contentType === undefined ? { body: bytes } : { body: bytes, contentType });
}
