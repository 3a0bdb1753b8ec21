/**
 * A sigreg source for CSAF 2.0 advisories: fetches a group's feed URL (one CSAF JSON document)
 * through the fetcher it is given and returns the advisory as one item.
 */
import {
  displayUrl,
  redactUrlSecrets,
  SOURCE_ERROR_CODES,
  type Source,
  type SourceError,
} from "@sigreg/plugins";
import { isFetchError } from "@sigreg/plugins/fetch";
import { err, ok } from "neverthrow";
import { parseCsaf } from "./csaf-document.js";

/**
 * The CSAF source. sigreg's feed formats are a closed list, so a group's CSAF feed is declared
 * with `format: other`; register this source before any other that reads `other`.
 * @example
 * const plugin = definePlugin({ id: "csaf", version: "1.0.0", apiVersion: 1, sources: [csafSource()] });
 */
export function csafSource(): Source {
  return {
    id: "csaf",
    formats: ["other"],
    async read(context) {
      const url = displayUrl(context.feed.url);
      const failure = (code: string, message: string) =>
        err<never, SourceError>({ code, feed: url, message: `${url}: ${message}` });
      let response: Response;
      let body: string;
      try {
        // Sources MUST use the fetcher they are given: it carries the SSRF guard and the limits.
        response = await context.fetch(context.feed.url, {
          headers: { accept: "application/json" },
          ...(context.signal ? { signal: context.signal } : {}),
        });
        if (response.status === 304)
          return ok({
            items: [],
            total: 0,
            notModified: true,
            ...(context.state ? { state: context.state } : {}),
          });
        body = await response.text();
      } catch (error) {
        // The safe fetcher rejects a non-2xx answer; the platform fetch (in tests) resolves it.
        if (isFetchError(error) && error.code === "FETCH_HTTP")
          return failure(
            SOURCE_ERROR_CODES.FEED_HTTP_ERROR,
            `expected a 2xx answer, got HTTP ${error.status}`,
          );
        const reason = redactUrlSecrets(
          error instanceof Error ? error.message : String(error),
          context.feed.url,
        );
        return failure(SOURCE_ERROR_CODES.FEED_UNREACHABLE, `could not be fetched (${reason})`);
      }
      if (!response.ok)
        return failure(
          SOURCE_ERROR_CODES.FEED_HTTP_ERROR,
          `expected a 2xx answer, got HTTP ${response.status}`,
        );
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return failure(
          SOURCE_ERROR_CODES.FEED_UNPARSABLE,
          `expected a CSAF 2.0 JSON document (${reason})`,
        );
      }
      const reading = parseCsaf(json, url);
      if (reading.isErr())
        return err({ code: SOURCE_ERROR_CODES.FEED_UNPARSABLE, feed: url, message: reading.error });
      const { item, problems } = reading.value;
      return ok({ items: [item], total: 1, ...(problems.length > 0 ? { problems } : {}) });
    },
  };
}
