import { err, ok } from "neverthrow";
import { displayUrl } from "../feed/display-url.js";
import { fetchBody, NOT_MODIFIED, SOURCE_ERROR_CODES, unchanged } from "../feed/feed-source.js";
import { contentHash } from "../ingest/alert-of-item.js";
import type { FeedItem, Source, SourceState } from "../sdk/types.js";
import { kevItem, parseKevCatalog } from "./kev-catalog.js";

/**
 * What the KEV source keeps between runs: the last catalog version, and each CVE id it held with
 * the content hash of its item (the alert's `source.hash`), to notice an entry edited later.
 */
export interface KevState {
  /** The `catalogVersion` seen last. */
  catalogVersion: string;
  /** CVE id → `contentHash` of its item, for every entry of that catalog. */
  hashes: Record<string, string>;
}

/**
 * The source that reads the CISA Known Exploited Vulnerabilities catalog (`format: cisa-kev`).
 * Given the state it returned last time, it returns only the entries added since and those whose
 * content changed (such as `knownRansomwareCampaignUse` turning `Known`), so ingestion adds the
 * first and updates the alerts of the others; an unchanged entry is not returned. Without a
 * state, every entry. A state written before hashes were kept (`{ catalogVersion, seen }`) counts
 * as knowing no hash: every entry is returned once, and ingestion leaves the unchanged ones alone.
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
      const known = kevStateOf(context.state)?.hashes ?? {};
      const hashes: Record<string, string> = {};
      const items: FeedItem[] = [];
      for (const entry of entries) {
        const item = kevItem(entry);
        const hash = contentHash(item);
        if (Object.hasOwn(hashes, item.id)) continue; // the same CVE twice: the first one counts
        hashes[item.id] = hash;
        if (!Object.hasOwn(known, item.id) || known[item.id] !== hash) items.push(item);
      }
      const state: KevState = { catalogVersion: version, hashes };
      return ok({
        items,
        total: entries.length,
        state: state as unknown as SourceState,
        ...(problems.length > 0 ? { problems } : {}),
      });
    },
  };
}

/** The state passed back, or `undefined` when it is not a KEV state with hashes. */
function kevStateOf(state: SourceState | undefined): KevState | undefined {
  if (state === undefined) return undefined;
  const { catalogVersion, hashes } = state as Partial<KevState>;
  if (
    typeof catalogVersion !== "string" ||
    hashes === null ||
    typeof hashes !== "object" ||
    Array.isArray(hashes)
  )
    return undefined;
  const kept: Record<string, string> = {};
  for (const [id, hash] of Object.entries(hashes)) if (typeof hash === "string") kept[id] = hash;
  return { catalogVersion, hashes: kept };
}
