import type { ConditionalState, ConditionalStore } from "../fetch/conditional.js";
import type { SafeFetcher } from "../sdk/types.js";

/**
 * A {@link ConditionalStore} over one feed's state: `get` answers the validators the state holds
 * for the feed URL; `set` keeps new ones in `pending`, written with the state only when the feed
 * was ingested, so a failed ingestion does not turn the next fetch into a 304 that skips its items.
 */
export interface FeedConditionalStore extends ConditionalStore {
  /** Validators received in this run, not yet written. */
  readonly pending: ConditionalState | undefined;
}

/** The conditional store of one feed, starting from the validators its state holds. */
export function feedConditionalStore(
  url: string,
  stored: ConditionalState | undefined,
): FeedConditionalStore {
  let pending: ConditionalState | undefined;
  const own = normalise(url);
  return {
    get pending() {
      return pending;
    },
    get: async (asked) => (normalise(asked) === own ? (pending ?? stored) : undefined),
    set: async (asked, state) => {
      if (normalise(asked) === own) pending = { ...state };
    },
  };
}

function normalise(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/**
 * Wraps a fetcher with conditional GET from `store`: a GET carries `If-None-Match` and
 * `If-Modified-Since` from the stored validators (unless the caller set them), and a 2xx answer's
 * `ETag` / `Last-Modified` are stored. Use it over a fetcher created without its own store.
 */
export function withConditionalStore(fetch: SafeFetcher, store: ConditionalStore): SafeFetcher {
  return async (input, init = {}) => {
    if ((init.method ?? "GET") !== "GET") return fetch(input, init);
    const url = String(input);
    const headers: Record<string, string> = { ...init.headers };
    const names = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
    const known = await store.get(url);
    if (known?.etag && !names.has("if-none-match")) headers["if-none-match"] = known.etag;
    if (known?.lastModified && !names.has("if-modified-since"))
      headers["if-modified-since"] = known.lastModified;
    const response = await fetch(input, { ...init, headers });
    if (response.status >= 200 && response.status < 300) {
      const etag = response.headers.get("etag") ?? undefined;
      const lastModified = response.headers.get("last-modified") ?? undefined;
      if (etag || lastModified)
        await store.set(url, {
          ...(etag ? { etag } : {}),
          ...(lastModified ? { lastModified } : {}),
        });
    }
    return response;
  };
}
