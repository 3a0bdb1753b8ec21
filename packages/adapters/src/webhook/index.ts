/**
 * Generic webhook notifier: JSON events signed per Standard Webhooks, with key rotation.
 * @example
 * import { webhookNotifier } from "@sigreg/adapters/webhook";
 *
 * const hook = webhookNotifier({ url: "https://soar.example/hooks/sigreg", secret: process.env.SIGREG_WEBHOOK_SECRET! });
 * @module
 */

export type { HttpNotifierOptions, NotifierFetch } from "../notify-shared/options.js";
export {
  type WebhookEvent,
  type WebhookNotifierOptions,
  webhookNotifier,
} from "./webhook-notifier.js";
