/**
 * Generic webhook notifier: JSON events signed per Standard Webhooks, with key rotation.
 * @module
 */
export {
  type WebhookEvent,
  type WebhookNotifierOptions,
  webhookNotifier,
} from "./webhook-notifier.js";
