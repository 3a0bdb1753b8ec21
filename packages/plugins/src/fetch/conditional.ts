/** What the last successful answer for a URL said about its version. */
export interface ConditionalState {
  /** The `ETag` header, sent back as `If-None-Match`. */
  etag?: string;
  /** The `Last-Modified` header, sent back as `If-Modified-Since`. */
  lastModified?: string;
}

/**
 * Where a fetcher keeps validators between runs, so an unchanged feed costs a 304. Implement it
 * on your storage to keep the state across processes. Keys are the URLs as requested (query
 * included), so keep the store where feed URLs may be kept. A rejection from `get` or `set`
 * rejects the fetch with that same error.
 */
export interface ConditionalStore {
  /** The validators last stored for `url`, or undefined. */
  get(url: string): Promise<ConditionalState | undefined>;
  /** Stores the validators of a successful answer for `url`. */
  set(url: string, state: ConditionalState): Promise<void>;
}

/** A {@link ConditionalStore} kept in memory, for one process or for tests. */
export function memoryConditionalStore(): ConditionalStore {
  const states = new Map<string, ConditionalState>();
  return {
    get: async (url) => states.get(url),
    set: async (url, state) => {
      states.set(url, { ...state });
    },
  };
}

/** True when the response says the resource is unchanged since the stored validators (HTTP 304). */
export function isNotModified(response: Response): boolean {
  return response.status === 304;
}
