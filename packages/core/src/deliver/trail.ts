import { ok } from "neverthrow";
import { commit } from "../engine/commit.js";
import type { EngineContext } from "../engine/context.js";
import type { Notification } from "../notify/notification.js";
import type { DeliveryReceipt, Notifier } from "../notify/port.js";
import type { JsonObject, SettleOutboxOptions } from "../storage/port.js";

/** How often a delivery's record is retried when the alert changed under it. */
const CONFLICT_RETRIES = 5;

/** What a delivery adds to its alert's trail: a share to a team channel, or a ticket. */
export function trailEntry(
  notifier: Pick<Notifier, "name" | "channel">,
  receipt: DeliveryReceipt,
  at: string,
): { field: "sharedTo" | "tickets"; entry: JsonObject } | undefined {
  if (notifier.channel === "chat")
    return {
      field: "sharedTo",
      entry: { channel: notifier.name, on: at, deliveryId: receipt.deliveryId },
    };
  if (notifier.channel === "ticket" && receipt.ticket !== undefined)
    return {
      field: "tickets",
      entry: {
        system: notifier.name,
        key: receipt.ticket.key,
        url: receipt.ticket.url,
        status: "open",
        opened: at,
      },
    };
  return undefined;
}

/**
 * Records a delivery and, in the same transaction, its place on the alert's trail (with an
 * evidence entry `alert.trail`), so the trail never claims a delivery the outbox does not, nor the
 * reverse. Returns whether the settlement applied.
 * @internal
 */
export async function settleWithTrail(
  engine: EngineContext,
  tenant: string,
  notification: Notification,
  trail: { field: "sharedTo" | "tickets"; entry: JsonObject },
  settle: SettleOutboxOptions,
): Promise<boolean> {
  const alertId = notification.alert?.id;
  for (let attempt = 1; ; attempt++) {
    const outcome = await commit(engine, tenant, engine.actor, async (w) => {
      const settled = await w.tx.settleOutbox(settle);
      if (!settled || alertId === undefined) return ok(settled);
      const current = await w.tx.get({ tenant, collection: "alerts", id: alertId });
      // The alert may have been removed since: the delivery is still recorded.
      if (current === undefined) return ok(true);
      const list = Array.isArray(current.data[trail.field]) ? current.data[trail.field] : [];
      const next: JsonObject = {
        ...current.data,
        [trail.field]: [...(list as JsonObject[]), trail.entry],
      };
      const written = await w.put(
        "alerts",
        alertId,
        next,
        current.version,
        "alert.trail",
        current.data,
      );
      return written.map(() => true);
    });
    if (outcome.isOk()) return outcome.value;
    // Someone triaged the alert meanwhile: read it again and add to the new version.
    if (outcome.error.code !== "CONFLICT" || attempt >= CONFLICT_RETRIES)
      throw new Error(
        `deliver: could not record delivery ${settle.id} on alert ${alertId ?? "?"}: ${outcome.error.code}`,
      );
  }
}
