import { type NotifyError, notifyError } from "./errors.js";

/**
 * A `Retry-After` header value in milliseconds from `now`: delay-seconds or an HTTP date (a date in
 * the past gives 0). `undefined` when the header is absent or unreadable.
 * @example
 * parseRetryAfter({ value: "120", now: new Date() }); // 120_000
 */
export function parseRetryAfter(options: {
  value: string | null | undefined;
  now: Date;
}): number | undefined {
  const value = options.value?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - options.now.getTime());
}

/**
 * The {@link NotifyError} for a non-2xx HTTP answer: 429 is `RATE_LIMITED`; 408 and 5xx are
 * `TARGET_UNAVAILABLE`; other statuses (4xx, and 3xx since notifiers never follow redirects) are
 * `REJECTED`. `Retry-After` is kept on 429 and 503. `detail` must already be free of secrets.
 */
export function httpFailure(options: {
  notifier: string;
  status: number;
  retryAfter?: string | null;
  now: Date;
  detail?: string;
}): NotifyError {
  const { notifier, status } = options;
  const detail = options.detail ? `: ${options.detail}` : "";
  const retryAfterMs =
    status === 429 || status === 503
      ? parseRetryAfter({ value: options.retryAfter, now: options.now })
      : undefined;
  const base = { notifier, status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (status === 429) {
    return notifyError({
      ...base,
      code: "RATE_LIMITED",
      message: `${notifier}: rate limited (HTTP 429)${detail}`,
    });
  }
  if (status === 408 || status >= 500) {
    return notifyError({
      ...base,
      code: "TARGET_UNAVAILABLE",
      message: `${notifier}: target unavailable (HTTP ${status})${detail}`,
    });
  }
  const why = status >= 300 && status < 400 ? "redirect not followed" : "rejected";
  return notifyError({
    ...base,
    code: "REJECTED",
    message: `${notifier}: ${why} (HTTP ${status})${detail}`,
  });
}
