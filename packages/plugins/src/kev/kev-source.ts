import { err, ok } from "neverthrow";
import { displayUrl } from "../feed/display-url.js";
import { fetchBody, NOT_MODIFIED, SOURCE_ERROR_CODES, unchanged } from "../feed/feed-source.js";
import type { Source, SourceState } from "../sdk/types.js";
import { kevItem, parseKevCatalog } from "./kev-catalog.js";

/** What the KEV source keeps between runs: the last catalog version and the CVE ids it held. */
export interface KevState {
  /** The `catalogVersion` seen last. */
  catalogVersion: string;
  /** CVE ids of that catalog. */
  seen: string[];
}

/**
 * The source that reads the CISA Known Exploited Vulnerabilities catalog (`format: cisa-kev`).
 * Given the state it returned last time, it returns only the entries added since; without a
 * state, every entry.
 * @example
 * const result = await kevSource().read({ fetch, group, feed, state: saved });
 */
export function kevSource(): Source {
  return {
    id: "cisa-kev",
    formats: ["cisa-kev"],
    async read(context) {
      const body = await fetchBody(
        context.fetch,
        context.feed.url,
        context.signal,
        "application/json",
      );
      const url = displayUrl(context.feed.url);
      if (body.isErr()) return err(body.error);
      if (body.value === NOT_MODIFIED) return ok(unchanged(context.state));
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(body.value.body));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return err({
          code: SOURCE_ERROR_CODES.FEED_UNPARSABLE,
          feed: url,
          message: `${url}: expected the KEV catalog as JSON (${reason})`,
        });
      }
      const catalog = parseKevCatalog(url, json);
      if (catalog.isErr())
        return err({ code: SOURCE_ERROR_CODES.FEED_UNPARSABLE, feed: url, message: catalog.error });
      const { version, entries, problems } = catalog.value;
      const previous = kevStateOf(context.state);
      const seen = new Set(previous?.seen ?? []);
      const fresh =
        previous?.catalogVersion === version
          ? []
          : entries.filter((entry) => !seen.has(entry.cveID.toUpperCase()));
      const state: KevState = {
        catalogVersion: version,
        seen: entries.map((entry) => entry.cveID.toUpperCase()),
      };
      return ok({
        items: fresh.map(kevItem),
        total: entries.length,
        state: state as unknown as SourceState,
        ...(problems.length > 0 ? { problems } : {}),
      });
    },
  };
}

function kevStateOf(state: SourceState | undefined): KevState | undefined {
  if (state === undefined) return undefined;
  const { catalogVersion, seen } = state as Partial<KevState>;
  if (typeof catalogVersion !== "string" || !Array.isArray(seen)) return undefined;
  return { catalogVersion, seen: seen.filter((id): id is string => typeof id === "string") };
}
