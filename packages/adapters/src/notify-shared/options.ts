import type { NotificationTemplates } from "@sigreg/core";

/**
 * The fetch a notifier calls: the global `fetch`, or any function of the safe fetcher's shape
 * (`@sigreg/plugins/fetch`), which rejects with a `FETCH_*` coded error instead of answering
 * 3xx/4xx/5xx.
 */
export type NotifierFetch =
  | typeof fetch
  | ((
      url: string,
      init: {
        method: "GET" | "POST";
        headers: Record<string, string>;
        body?: string;
        signal: AbortSignal;
      },
    ) => Promise<Response>);

/** Options every HTTP notifier accepts. */
export interface HttpNotifierOptions {
  /**
   * Name in receipts and errors; give each instance its own when you have several.
   * @default the target's name, for example `"slack"`
   */
  name?: string;
  /** Templates replacing the defaults for some kinds of notification. */
  templates?: Partial<NotificationTemplates>;
  /**
   * Time limit of one request, answer included, in milliseconds.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * Clock, used to read `Retry-After` dates (and timestamps where the target needs one).
   * @default () => new Date()
   */
  clock?: () => Date;
  /**
   * The `fetch` to use: undici's with a proxy agent, or sigreg's safe fetcher from
   * `@sigreg/plugins/fetch` (create it with `maxRedirects: 0` to keep "redirects are not
   * followed", and `allow` for an internal target).
   * @default globalThis.fetch
   */
  fetch?: NotifierFetch;
}

/**
 * Checks that a target URL is an absolute http(s) URL; throws a message that does not repeat it
 * (the URL may be a secret). @internal
 */
export function assertHttpUrl(url: unknown, what: string): asserts url is string {
  let protocol: string | undefined;
  try {
    protocol = new URL(String(url)).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== "https:" && protocol !== "http:") {
    throw new TypeError(`${what} must be an absolute http(s) URL`);
  }
}
