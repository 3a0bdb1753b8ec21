/** How long to wait between attempts. */
export interface BackoffOptions {
  /**
   * Delay before the second attempt, in ms; each further attempt doubles it.
   * @default 1000
   */
  baseMs?: number;
  /**
   * The longest delay, in ms.
   * @default 3_600_000 (one hour)
   */
  maxMs?: number;
}

/**
 * The delay before the next attempt after `attempts` failed ones: exponential, with "equal"
 * jitter (half the exponential delay, plus a random share of the other half, so that workers
 * retrying together spread out yet never retry at once), and never shorter than what the target
 * asked for with `Retry-After`.
 * @example
 * retryDelay({ attempts: 3, random: Math.random }); // somewhere in [2000, 4000) ms
 */
export function retryDelay(options: {
  attempts: number;
  random: () => number;
  retryAfterMs?: number;
  backoff?: BackoffOptions;
}): number {
  const base = options.backoff?.baseMs ?? 1000;
  const max = options.backoff?.maxMs ?? 3_600_000;
  const exponential = Math.min(max, base * 2 ** Math.max(0, options.attempts - 1));
  const jittered = Math.floor(exponential / 2 + (options.random() * exponential) / 2);
  return Math.max(jittered, Math.min(options.retryAfterMs ?? 0, max));
}
