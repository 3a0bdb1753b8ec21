import type { ConditionalStore } from "./conditional.js";
import type { ResolveHost } from "./connector.js";

/** What a request may carry; the shape every sigreg source receives. */
export interface SafeFetchInit {
  /** Request headers; they win over the fetcher's own (User-Agent, conditional headers). */
  headers?: Record<string, string>;
  /** Aborts the request, queue wait included. */
  signal?: AbortSignal;
  /** @default "GET" */
  method?: "GET" | "HEAD" | "POST";
  /** Request body, for POST. */
  body?: string | Uint8Array;
}

/**
 * The fetch function every outbound request of the library goes through. Resolves with a standard
 * `Response` whose body is already decompressed and within the size limit, for 2xx and 304
 * answers; rejects with a {@link FetchError} otherwise.
 */
export type SafeFetcher = (url: string | URL, init?: SafeFetchInit) => Promise<Response>;

/** A {@link SafeFetcher} that owns connections; `close()` releases them. */
export type Fetcher = SafeFetcher & {
  /** Closes idle connections and refuses further requests. */
  close(): Promise<void>;
};

/** Options of {@link createFetcher}; every one has a safe default. */
export interface FetcherOptions {
  /**
   * Host names, IP addresses or CIDRs the SSRF guard lets through, for deliberately internal
   * feeds, e.g. `["feeds.corp.example", "10.20.0.0/16"]`. A host name admits every address it
   * resolves to.
   * @default []
   */
  allow?: readonly string[];
  /** Time limit to establish a connection (TLS included), in milliseconds. @default 10_000 */
  connectTimeoutMs?: number;
  /** Time limit of the whole call — queueing, redirects and body included — in milliseconds. @default 30_000 */
  timeoutMs?: number;
  /** Largest body accepted, counted after decompression, in bytes. @default 10_485_760 (10 MiB) */
  maxBytes?: number;
  /** Redirects followed before giving up; each one is checked by the guard again. @default 5 */
  maxRedirects?: number;
  /** Requests in flight at once to one host (host name and port); the rest wait in a queue. @default 2 */
  maxConcurrentPerHost?: number;
  /** The User-Agent header. @default `sigreg/<version> (+<project URL>)` */
  userAgent?: string;
  /** Keeps ETag / Last-Modified per URL and sends them back on GET; off when absent. */
  conditionalStore?: ConditionalStore;
  /** Resolves host names; tests inject one so no real DNS is used. @default the system resolver */
  resolve?: ResolveHost;
}
