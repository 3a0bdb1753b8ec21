import { type Notifier, validateNotification } from "@sigreg/core";
import { err, ok } from "neverthrow";
import { httpRequest, httpTarget } from "../notify-shared/http.js";
import { assertHttpUrl, type HttpNotifierOptions } from "../notify-shared/options.js";
import { secretsOfUrl, withEncodings } from "../notify-shared/secrets.js";
import { secretKey, signatureHeader } from "./sign.js";

/** Options of {@link webhookNotifier}. */
export type WebhookNotifierOptions = Omit<HttpNotifierOptions, "templates"> & {
  /** The receiver's endpoint; a secret if it carries a token (it never appears in errors). */
  url: string;
} & (
    | {
        /** The signing secret shared with the receiver: `whsec_` followed by base64. */
        secret: string;
        /** Not with `secret`. */
        secrets?: never;
      }
    | {
        /**
         * Several signing secrets, during a rotation: every message is signed with each, so a
         * receiver holding any one of them accepts it. Put the new one first.
         */
        secrets: readonly string[];
        /** Not with `secrets`. */
        secret?: never;
      }
  );

/** The JSON body a webhook receiver gets, per Standard Webhooks' recommended shape. */
export interface WebhookEvent {
  /** Event type: `sigreg.alert`, `sigreg.reminder` or `sigreg.digest`. */
  type: string;
  /** When the event was sent (ISO date-time). */
  timestamp: string;
  /** The notification, as validated. */
  data: Record<string, unknown>;
}

/**
 * A notifier posting JSON events signed per the Standard Webhooks specification: headers
 * `webhook-id` (the notification's idempotency key, the same on every retry, so receivers can
 * drop duplicates), `webhook-timestamp` (seconds) and `webhook-signature`. Any receiver can verify
 * them with a Standard Webhooks library. Templates do not apply: the event carries the
 * notification itself.
 * @example
 * const hook = webhookNotifier({ url: "https://soar.example/hooks/sigreg", secret: process.env.SIGREG_WEBHOOK_SECRET! });
 */
export function webhookNotifier(options: WebhookNotifierOptions): Notifier {
  assertHttpUrl(options.url, "webhookNotifier: url");
  const secrets = options.secrets ?? (options.secret === undefined ? [] : [options.secret]);
  if (secrets.length === 0) throw new TypeError("webhookNotifier: give a secret or secrets");
  const keys = secrets.map(secretKey);
  const name = options.name ?? "webhook";
  const target = httpTarget({
    ...options,
    notifier: name,
    secrets: [
      ...secretsOfUrl(options.url),
      ...withEncodings([...secrets, ...keys.map((key) => key.toString("base64"))]),
    ],
  });
  return {
    name,
    channel: "webhook",
    async send({ notification, signal }) {
      const valid = validateNotification({ notifier: name, notification });
      if (valid.isErr()) return err(valid.error);
      const now = target.clock();
      const id = valid.value.idempotencyKey;
      const timestamp = Math.floor(now.getTime() / 1000);
      const event: WebhookEvent = {
        type: `sigreg.${valid.value.kind}`,
        timestamp: now.toISOString(),
        data: valid.value,
      };
      const body = JSON.stringify(event);
      const answer = await httpRequest({
        target,
        url: options.url,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": id,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signatureHeader({ keys, id, timestamp, body }),
        },
        body,
        ...(signal ? { signal } : {}),
      });
      if (answer.isErr()) return err(answer.error);
      return ok({ notifier: name, channel: "webhook", deliveryId: id });
    },
  } satisfies Notifier;
}
