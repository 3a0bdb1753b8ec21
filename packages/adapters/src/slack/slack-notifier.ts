import { type Notifier, renderNotification, validateNotification } from "@sigreg/core";
import { err, ok } from "neverthrow";
import { httpRequest, httpTarget } from "../notify-shared/http.js";
import { assertHttpUrl, type HttpNotifierOptions } from "../notify-shared/options.js";
import { secretsOfUrl } from "../notify-shared/secrets.js";
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
  assertHttpUrl(options.webhookUrl, "slackNotifier: webhookUrl");
  const name = options.name ?? "slack";
  const target = httpTarget({
    ...options,
    notifier: name,
    secrets: secretsOfUrl(options.webhookUrl),
  });
  return {
    name,
    channel: "chat",
    async send({ notification, signal }) {
      const valid = validateNotification({ notifier: name, notification });
      if (valid.isErr()) return err(valid.error);
      const message = renderNotification({
        notification: valid.value,
        templates: options.templates,
      });
      const answer = await httpRequest({
        target,
        url: options.webhookUrl,
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(slackPayload(message)),
        ...(signal ? { signal } : {}),
      });
      if (answer.isErr()) return err(answer.error);
      return ok({ notifier: name, channel: "chat", deliveryId: valid.value.idempotencyKey });
    },
  } satisfies Notifier;
}
