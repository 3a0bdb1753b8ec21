import {
  type DeliveryReceipt,
  type Notification,
  type Notifier,
  type NotifyChannel,
  type NotifyError,
  notifyError,
  type TicketStatus,
} from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";

/** What the fake target answers for one notification: deliver, or fail with an error. */
export type Behaviour = (
  notification: Notification,
  attempt: number,
) => NotifyError | "deliver" | "throw";

/** A notifier that records what it was asked to send and answers as told. */
export interface RecordingNotifier extends Notifier {
  /** Every notification it delivered, in order. */
  delivered: Notification[];
  /** Attempts per idempotency key, failed ones included. */
  attempts: Map<string, number>;
  /** Ticket channel: the status `status()` reads back, by key; tests change it. */
  statuses: Map<string, TicketStatus>;
}

/** A notifier for delivery tests: `behaviour` decides each attempt's outcome. */
export function recordingNotifier(
  name: string,
  channel: NotifyChannel,
  behaviour: Behaviour = () => "deliver",
): RecordingNotifier {
  const delivered: Notification[] = [];
  const attempts = new Map<string, number>();
  const statuses = new Map<string, TicketStatus>();
  return {
    name,
    channel,
    delivered,
    attempts,
    async send({ notification }): Promise<Result<DeliveryReceipt, NotifyError>> {
      const attempt = (attempts.get(notification.idempotencyKey) ?? 0) + 1;
      attempts.set(notification.idempotencyKey, attempt);
      const outcome = behaviour(notification, attempt);
      if (outcome === "throw") throw new Error(`boom https://hooks.example/SECRET-${name}`);
      if (outcome !== "deliver") return err(outcome);
      delivered.push(notification);
      const receipt: DeliveryReceipt = {
        notifier: name,
        channel,
        deliveryId: notification.idempotencyKey,
      };
      if (channel === "ticket") {
        const key = `SEC-${delivered.length}`;
        receipt.ticket = { key, url: `https://acme.atlassian.example/browse/${key}` };
        statuses.set(key, { key, name: "To Do", category: "new", closed: false });
      }
      return ok(receipt);
    },
    async status({ key }): Promise<Result<TicketStatus, NotifyError>> {
      const found = statuses.get(key);
      if (found === undefined)
        return err(
          notifyError({ code: "REJECTED", notifier: name, message: `${name}: no issue ${key}` }),
        );
      return ok(found);
    },
    statuses,
  };
}

/** A retryable target failure, as a notifier reports it. */
export function unavailable(name: string, retryAfterMs?: number): NotifyError {
  return notifyError({
    code: retryAfterMs === undefined ? "TARGET_UNAVAILABLE" : "RATE_LIMITED",
    notifier: name,
    message: `${name}: HTTP ${retryAfterMs === undefined ? 503 : 429}`,
    status: retryAfterMs === undefined ? 503 : 429,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
