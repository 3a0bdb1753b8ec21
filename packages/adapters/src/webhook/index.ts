/**
 * Generic webhook notifier: JSON events signed per Standard Webhooks, with key rotation.
 * @module
 */

export type { HttpNotifierOptions, NotifierFetch } from "../notify-shared/options.js";
export {
  type WebhookEvent,
  type WebhookNotifierOptions,
  webhookNotifier,
} from "./webhook-notifier.js";
