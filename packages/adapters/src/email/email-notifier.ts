import {
  type NotificationTemplates,
  type Notifier,
  type NotifyError,
  notifyError,
  renderNotification,
  renderPlainText,
  validateNotification,
} from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { withEncodings } from "../notify-shared/secrets.js";
import { loadMailer } from "./load-mailer.js";
import type { MailTransport, SmtpOptions } from "./mail-transport.js";
import { renderHtml } from "./render-html.js";
import { smtpFailure } from "./smtp-errors.js";

/** Options of {@link emailNotifier}: either `smtp` settings or a ready `transport`. */
export type EmailNotifierOptions = {
  /**
   * Name in receipts and errors.
   * @default "email"
   */
  name?: string;
  /** Sender, for example `sigreg <sigreg@acme.example>`. */
  from: string;
  /**
   * Fixed recipients (a team list). Without it, each notification goes to its recipients' emails.
   */
  to?: string | readonly string[];
  /** Templates replacing the defaults for some kinds of notification. */
  templates?: Partial<NotificationTemplates>;
  /**
   * SMTP connection, greeting and socket time limit in milliseconds (with `smtp` only).
   * @default 10000
   */
  timeoutMs?: number;
} & (
  | {
      /** SMTP settings; nodemailer (an optional peer dependency) is loaded on the first send. */
      smtp: SmtpOptions;
      /** Not with `smtp`. */
      transport?: never;
    }
  | {
      /** A transport of your own, for example `nodemailer.createTransport(…)`. */
      transport: MailTransport;
      /** Not with `transport`. */
      smtp?: never;
    }
);

/** A `Message-ID` from the idempotency key: the same notification always has the same id. */
function messageIdOf(key: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? "sigreg.invalid";
  return `<${key.replaceAll(":", "=3A")}@${domain}>`;
}

/** Keys of nodemailer's `auth` that name rather than grant access. */
const PUBLIC_AUTH_KEYS = new Set(["user", "type", "method"]);

/**
 * Every credential in the SMTP auth settings (password, OAuth2 tokens and client secret), with
 * the base64 forms SMTP AUTH PLAIN and LOGIN put on the wire.
 */
function secretsOf(smtp: SmtpOptions | undefined): string[] {
  const auth = (smtp?.auth ?? {}) as Record<string, unknown>;
  const user = typeof auth.user === "string" ? auth.user : "";
  const secrets: string[] = [];
  for (const [key, value] of Object.entries(auth)) {
    if (PUBLIC_AUTH_KEYS.has(key) || typeof value !== "string") continue;
    secrets.push(
      value,
      Buffer.from(value).toString("base64"),
      Buffer.from(`\u0000${user}\u0000${value}`).toString("base64"),
    );
  }
  return withEncodings(secrets);
}

/**
 * A notifier sending one email per notification (plain text and HTML parts, every piece of text
 * HTML-escaped) through SMTP with nodemailer, or through a transport you pass. The `Message-ID`
 * is derived from the idempotency key; SMTP has no way to refuse a duplicate, but mail clients
 * thread and de-duplicate on it. A caller's abort returns `ABORTED` at once, though a message
 * already handed to the server may still arrive.
 * @example
 * const email = emailNotifier({ from: "sigreg <sigreg@acme.example>", smtp: { host: "smtp.acme.example", auth: { user, pass } } });
 */
export function emailNotifier(options: EmailNotifierOptions): Notifier {
  const name = options.name ?? "email";
  const secrets = secretsOf(options.smtp);
  let transport: Promise<Result<MailTransport, NotifyError>> | undefined;
  const transportOf = () => {
    if (options.transport) return Promise.resolve(ok(options.transport));
    transport ??= loadMailer({ notifier: name }).then((mailer) => {
      const timeoutMs = options.timeoutMs ?? 10_000;
      return mailer.map((loaded) =>
        loaded.createTransport({
          connectionTimeout: timeoutMs,
          greetingTimeout: timeoutMs,
          socketTimeout: timeoutMs,
          ...options.smtp,
        }),
      );
    });
    // A missing nodemailer may be installed later: do not cache the failure.
    void transport.then((result) => {
      if (result.isErr()) transport = undefined;
    });
    return transport;
  };

  return {
    name,
    channel: "email",
    async send({ notification, signal }) {
      const valid = validateNotification({ notifier: name, notification });
      if (valid.isErr()) return err(valid.error);
      const to =
        options.to === undefined
          ? (valid.value.recipients ?? []).flatMap((recipient) =>
              recipient.email ? [recipient.email] : [],
            )
          : typeof options.to === "string"
            ? [options.to]
            : [...options.to];
      if (to.length === 0) {
        return err(
          notifyError({
            code: "INVALID_MESSAGE",
            notifier: name,
            message: `${name}: no recipient with an email address`,
          }),
        );
      }
      const aborted = () =>
        err(
          notifyError({
            code: "ABORTED",
            notifier: name,
            message: `${name}: aborted by the caller`,
          }),
        );
      if (signal?.aborted) return aborted();
      const mailer = await transportOf();
      if (mailer.isErr()) return err(mailer.error);
      if (signal?.aborted) return aborted();
      const message = renderNotification({
        notification: valid.value,
        templates: options.templates,
      });
      const messageId = messageIdOf(valid.value.idempotencyKey, options.from);
      const sending = mailer.value
        .sendMail({
          from: options.from,
          to,
          subject: message.title.replace(/\s+/g, " ").trim(),
          text: renderPlainText(message),
          html: renderHtml(message),
          messageId,
          headers: { "X-Sigreg-Idempotency-Key": valid.value.idempotencyKey },
        })
        .then(
          (info) =>
            ok({
              notifier: name,
              channel: "email" as const,
              deliveryId: info.messageId ?? messageId,
            }),
          (error: unknown) => err(smtpFailure({ notifier: name, error, secrets })),
        );
      if (!signal) return sending;
      let onAbort: (() => void) | undefined;
      const abort = new Promise<ReturnType<typeof aborted>>((resolve) => {
        onAbort = () => resolve(aborted());
        // The signal may have fired while the transport was loading.
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      });
      try {
        return await Promise.race([sending, abort]);
      } finally {
        if (onAbort) signal.removeEventListener("abort", onAbort);
      }
    },
  } satisfies Notifier;
}
