import {
  type Notifier,
  type RenderedMessage,
  renderNotification,
  validateNotification,
} from "@sigreg/core";
import { err, ok } from "neverthrow";
import { httpRequest, httpTarget } from "./http.js";
import { assertHttpUrl, type HttpNotifierOptions } from "./options.js";
import { secretsOfUrl } from "./secrets.js";

/** What tells one chat webhook (Slack, Teams) from another. @internal */
export interface ChatWebhook {
  /** The factory's name, for option errors. */
  factory: string;
  /** The notifier's name when the options give none. */
  defaultName: string;
  /** The request body for a rendered message. */
  body(message: RenderedMessage): string;
  /** The target's own id of the delivery, read from its answer's headers, if it sends one. */
  deliveryIdOf?(headers: Headers): string | null;
}

/**
 * A chat notifier that POSTs one JSON message to a secret webhook URL: validate, render, send, and
 * a receipt whose `deliveryId` is the target's id or else the notification's key. @internal
 */
export function chatWebhookNotifier(
  options: HttpNotifierOptions & { webhookUrl: string },
  chat: ChatWebhook,
): Notifier {
  assertHttpUrl(options.webhookUrl, `${chat.factory}: webhookUrl`);
  const name = options.name ?? chat.defaultName;
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
        body: chat.body(message),
        ...(signal ? { signal } : {}),
      });
      if (answer.isErr()) return err(answer.error);
      const targetId = chat.deliveryIdOf?.(answer.value.headers) ?? null;
      return ok({
        notifier: name,
        channel: "chat",
        deliveryId: targetId ?? valid.value.idempotencyKey,
      });
    },
  } satisfies Notifier;
}
