/**
 * Email notifier: SMTP through nodemailer (an optional peer dependency, loaded on first use), or
 * any transport you pass.
 * @example
 * import { emailNotifier } from "@sigreg/adapters/email";
 *
 * const email = emailNotifier({ from: "sigreg <sigreg@acme.example>", smtp: { host: "smtp.acme.example" } });
 * @module
 */
export { type EmailNotifierOptions, emailNotifier } from "./email-notifier.js";
export type { MailMessage, MailTransport, SmtpOptions } from "./mail-transport.js";
