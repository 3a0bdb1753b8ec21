import type { NotificationTemplates } from "@sigreg/core";

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
   * The `fetch` to use, for example undici's with a proxy agent.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
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
