import { type NotifyError, type NotifyErrorCode, notifyError } from "@sigreg/core";
import { redact } from "../notify-shared/secrets.js";

const UNREACHABLE = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "EDNS",
  "ETLS",
  "EPROTOCOL",
  "ECONNREFUSED",
  "ECONNRESET",
]);

function codeOf(code: string | undefined, responseCode: number | undefined): NotifyErrorCode {
  // The SMTP reply decides when there is one: 4xx is temporary, 5xx permanent.
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) {
    return "TARGET_UNAVAILABLE";
  }
  if (responseCode !== undefined && responseCode >= 500) return "REJECTED";
  if (code === "EAUTH" || code === "ENOAUTH") return "REJECTED";
  if (code === "EENVELOPE" || code === "EMESSAGE") return "INVALID_MESSAGE";
  if (code !== undefined && UNREACHABLE.has(code)) return "TARGET_UNAVAILABLE";
  return "TARGET_UNAVAILABLE";
}

/**
 * A nodemailer failure as a {@link NotifyError}: SMTP 4xx and connection failures are retryable,
 * SMTP 5xx and authentication failures are not. The message keeps the server's reply (useful:
 * "550 mailbox unavailable") with every credential cut out; the original error is not kept.
 * @internal
 */
export function smtpFailure(options: {
  notifier: string;
  error: unknown;
  secrets: readonly string[];
}): NotifyError {
  const { code, responseCode, message } = (options.error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    message?: unknown;
  };
  const smtpCode = typeof code === "string" ? code : undefined;
  const reply = typeof responseCode === "number" ? responseCode : undefined;
  const text = redact(
    typeof message === "string" ? message : String(options.error),
    options.secrets,
  )
    .replace(/\s+/g, " ")
    .slice(0, 300);
  return notifyError({
    code: codeOf(smtpCode, reply),
    notifier: options.notifier,
    message: `${options.notifier}: ${smtpCode ? `${smtpCode}: ` : ""}${text}`,
    ...(reply === undefined ? {} : { status: reply }),
  });
}
