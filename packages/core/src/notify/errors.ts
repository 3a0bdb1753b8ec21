/** Stable codes of notifier errors. Codes never change meaning; messages may be reworded. */
export const NOTIFY_ERROR_CODES = {
  /** The target asked to slow down (HTTP 429); retry after `retryAfterMs` when given. Retryable. */
  RATE_LIMITED: "RATE_LIMITED",
  /** The target failed or could not be reached: 5xx, timeout, refused or reset connection, SMTP 4xx. Retryable. */
  TARGET_UNAVAILABLE: "TARGET_UNAVAILABLE",
  /** The target refused the message: 4xx other than 429, SMTP 5xx, bad credentials. Not retryable. */
  REJECTED: "REJECTED",
  /** The notification itself is malformed, or cannot fit the target's limits. Not retryable. */
  INVALID_MESSAGE: "INVALID_MESSAGE",
  /** The caller aborted the send through its signal; nothing is known to have been delivered. Retryable. */
  ABORTED: "ABORTED",
  /** A library the notifier needs (for example nodemailer) is not installed. Not retryable. */
  DEPENDENCY_MISSING: "DEPENDENCY_MISSING",
} as const;

/** One of {@link NOTIFY_ERROR_CODES}. */
export type NotifyErrorCode = keyof typeof NOTIFY_ERROR_CODES;

/**
 * Why a notification was not delivered. Plain data: safe to store in the outbox, log or show.
 * Its `message` never contains a secret (webhook URL, token, password, signing key).
 */
export interface NotifyError {
  /** Stable code, one of {@link NOTIFY_ERROR_CODES}. */
  code: NotifyErrorCode;
  /** Name of the notifier that failed, for example `slack`. */
  notifier: string;
  /** Whether sending the same notification again later may succeed. */
  retryable: boolean;
  /** One sentence for people, without secrets. */
  message: string;
  /** The HTTP status (or SMTP reply code) the target answered with, when it answered. */
  status?: number;
  /** How long the target asked to wait before the next attempt (from `Retry-After`), in ms. */
  retryAfterMs?: number;
}

const RETRYABLE: Record<NotifyErrorCode, boolean> = {
  RATE_LIMITED: true,
  TARGET_UNAVAILABLE: true,
  REJECTED: false,
  INVALID_MESSAGE: false,
  ABORTED: true,
  DEPENDENCY_MISSING: false,
};

/** Builds a {@link NotifyError}, with `retryable` derived from the code. */
export function notifyError(options: {
  code: NotifyErrorCode;
  notifier: string;
  message: string;
  status?: number;
  retryAfterMs?: number;
}): NotifyError {
  const error: NotifyError = {
    code: options.code,
    notifier: options.notifier,
    retryable: RETRYABLE[options.code],
    message: options.message,
  };
  if (options.status !== undefined) error.status = options.status;
  if (options.retryAfterMs !== undefined) error.retryAfterMs = options.retryAfterMs;
  return error;
}

/**
 * Formats a notifier error for people: `slack: … [RATE_LIMITED]`.
 * @example
 * if (result.isErr()) console.error(formatNotifyError(result.error));
 */
export function formatNotifyError(error: NotifyError): string {
  const wait =
    error.retryAfterMs === undefined ? "" : ` (retry in ${Math.ceil(error.retryAfterMs / 1000)} s)`;
  return `${error.message}${wait} [${error.code}]`;
}
