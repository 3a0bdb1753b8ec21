import type { Notifier } from "@sigreg/core";
import { chatWebhookNotifier } from "../notify-shared/chat-webhook.js";
import type { HttpNotifierOptions } from "../notify-shared/options.js";
import { slackPayload } from "./blocks.js";

/** Options of {@link slackNotifier}. */
export interface SlackNotifierOptions extends HttpNotifierOptions {
  /**
   * The channel's incoming webhook URL (`https://hooks.slack.com/services/…`). It is a secret:
   * it never appears in errors.
   */
  webhookUrl: string;
}

/**
 * A notifier posting to a Slack channel through an incoming webhook, as a Block Kit message within
 * Slack's limits, with buttons linking to the alert and the group. Incoming webhooks accept no
 * idempotency key: the receipt's `deliveryId` is the notification's key.
 * @example
 * const slack = slackNotifier({ webhookUrl: process.env.SLACK_WEBHOOK_URL! });
 * const result = await slack.send({ notification });
 */
export function slackNotifier(options: SlackNotifierOptions): Notifier {
  return chatWebhookNotifier(options, {
    factory: "slackNotifier",
    defaultName: "slack",
    body: (message) => JSON.stringify(slackPayload(message)),
  });
}
