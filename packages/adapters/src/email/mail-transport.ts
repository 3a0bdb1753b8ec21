/** A message as handed to the transport (a subset of nodemailer's mail options). */
export interface MailMessage {
  /** Sender, for example `sigreg <sigreg@acme.example>`. */
  from: string;
  /** Recipients. */
  to: string[];
  /** Subject line. */
  subject: string;
  /** Plain-text part. */
  text: string;
  /** HTML part. */
  html: string;
  /** `Message-ID`, derived from the notification's idempotency key. */
  messageId: string;
  /** Extra headers. */
  headers: Record<string, string>;
}

/**
 * The part of a nodemailer `Transporter` the email notifier uses: pass your own (any transport
 * nodemailer supports, or a test double) instead of SMTP options.
 */
export interface MailTransport {
  /** Sends one message; rejects on failure with nodemailer's error (`code`, `responseCode`). */
  sendMail(message: MailMessage): Promise<{
    /** The `Message-ID` the transport sent. */
    messageId?: string;
    /** Recipients the server refused. */
    rejected?: unknown[];
  }>;
}

/** SMTP settings passed to nodemailer's `createTransport` (its other options are accepted too). */
export interface SmtpOptions {
  /** Server host name. */
  host: string;
  /**
   * Port.
   * @default 587, or 465 when `secure`
   */
  port?: number;
  /**
   * Use TLS from the start (port 465); otherwise STARTTLS is used when the server offers it.
   * @default false
   */
  secure?: boolean;
  /** Refuse to send unless STARTTLS succeeds. */
  requireTLS?: boolean;
  /** Credentials; the password never appears in errors. */
  auth?: {
    /** User name. */
    user: string;
    /** Password. */
    pass: string;
  };
  /** Any other nodemailer SMTP option. */
  [option: string]: unknown;
}

/** The part of the nodemailer module the notifier calls. @internal */
export type LoadedMailer = { createTransport(options: Record<string, unknown>): MailTransport };
