/**
 * Email notifier: SMTP through nodemailer (an optional peer dependency, loaded on first use), or
 * any transport you pass.
 * @module
 */
export { type EmailNotifierOptions, emailNotifier } from "./email-notifier.js";
export type { MailMessage, MailTransport, SmtpOptions } from "./mail-transport.js";
