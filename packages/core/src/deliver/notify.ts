import { z } from "zod";
import { assertArguments, validDateSchema } from "../engine/validate.js";
import type { Evaluation } from "../evaluate/evaluate.js";
import { idSchema } from "../model/common.js";
import type { Register } from "../model/register.js";
import type { Notification } from "../notify/notification.js";
import type { OutboxMessage } from "../storage/port.js";
import { streamTenants } from "../storage/stream.js";
import { DELIVERY_TOPIC, type DeliveryContext } from "./deliver.js";
import { scheduledEvents } from "./scheduled.js";

/**
 * Options of `sigreg.notify()` and `sigreg.previewNotifications()`; one of the wrong type (an
 * `asOf` that is not a valid `Date`, a `reminders` of `"no"`) rejects with a `TypeError` naming it.
 */
export interface NotifyOptions {
  /**
   * The day to plan for.
   * @default the engine's clock
   */
  asOf?: Date;
  /** Only this tenant. */
  tenant?: string;
  /**
   * Plan review reminders (to owners, `dueSoonDays` before, on the day and after a review falls due).
   * @default true
   */
  reminders?: boolean;
  /**
   * Plan the weekly digest per owner (what their groups delivered, what is still untriaged).
   * @default true
   */
  digests?: boolean;
}

/** `NotifyOptions`, as a call from JavaScript may pass them. */
const notifyOptionsSchema = z
  .object({
    asOf: validDateSchema.optional(),
    tenant: idSchema.optional(),
    reminders: z.boolean().optional(),
    digests: z.boolean().optional(),
  })
  .optional();

/** What `sigreg.notify()` enqueued. */
export interface NotifyReport {
  /** Reminder and digest events newly enqueued (delivered by the next `deliver()`). */
  enqueued: OutboxMessage[];
  /** Events planned again that were already enqueued (earlier the same day or week). */
  alreadyQueued: number;
}

/** A notification that would go out, for a dry run. */
export interface PlannedNotification {
  /** `queued`: already a notification in the outbox; `routed`: an event the next delivery routes; `scheduled`: a reminder or digest not enqueued yet. */
  source: "queued" | "routed" | "scheduled";
  /** Tenant. */
  tenant: string;
  /** The notifier that would send it. */
  notifier: string;
  /** What it would say. */
  notification: Omit<Notification, "idempotencyKey">;
}

/** How the scheduler reads a tenant. @internal */
export type ReadTenant = (
  tenant: string,
  asOf: Date,
) => Promise<{ register: Register; evaluation: Evaluation; dueSoonDays: number } | undefined>;

class DryRun extends Error {}

async function* tenantsOf(context: DeliveryContext, only: string | undefined) {
  if (only !== undefined) yield only;
  else yield* streamTenants(context.storage);
}

async function planned(
  context: DeliveryContext,
  read: ReadTenant,
  options: NotifyOptions,
): Promise<OutboxMessage[]> {
  const asOf = options.asOf ?? context.clock();
  const events: OutboxMessage[] = [];
  for await (const tenant of tenantsOf(context, options.tenant)) {
    const state = await read(tenant, asOf);
    if (state === undefined) continue;
    events.push(
      ...scheduledEvents({
        tenant,
        ...state,
        asOf,
        reminders: options.reminders ?? true,
        digests: options.digests ?? true,
      }),
    );
  }
  return events;
}

/**
 * Enqueues the reminders and digests due on `asOf`, each once (its id says what it is about), for
 * `deliver()` to route and send. Run it daily. Options of the wrong type reject with a
 * `TypeError` naming them, before anything is read.
 * @internal
 */
export async function notify(
  context: DeliveryContext,
  read: ReadTenant,
  options: NotifyOptions = {},
): Promise<NotifyReport> {
  assertArguments("sigreg.notify", [["options", notifyOptionsSchema, options]]);
  const report: NotifyReport = { enqueued: [], alreadyQueued: 0 };
  for (const event of await planned(context, read, options)) {
    if (await context.storage.enqueue({ message: event, ifAbsent: true }))
      report.enqueued.push(event);
    else report.alreadyQueued++;
  }
  return report;
}

/**
 * What would go out, without writing anything: notifications already queued, the events the next
 * delivery would route, and the reminders and digests not yet enqueued. Options of the wrong type
 * reject with a `TypeError` naming them, before anything is read.
 * @internal
 */
export async function previewNotifications(
  context: DeliveryContext,
  read: ReadTenant,
  options: NotifyOptions = {},
): Promise<PlannedNotification[]> {
  assertArguments("sigreg.previewNotifications", [["options", notifyOptionsSchema, options]]);
  const plan: PlannedNotification[] = [];
  const notifiers = context.notifiers.map(({ name, channel }) => ({ name, channel }));
  const route = async (event: OutboxMessage, source: PlannedNotification["source"]) => {
    for (const delivery of await context.router(event, { storage: context.storage, notifiers }))
      plan.push({ source, tenant: event.tenant, ...delivery });
  };
  let after: string | undefined;
  for (;;) {
    const page = await context.storage.listOutbox({
      status: "pending",
      limit: 500,
      ...(after === undefined ? {} : { after }),
    });
    for (const message of page) {
      if (options.tenant !== undefined && message.tenant !== options.tenant) continue;
      if (message.topic !== DELIVERY_TOPIC) await route(message, "routed");
      else {
        const { idempotencyKey: _, ...notification } = message.payload
          .notification as unknown as Notification;
        plan.push({
          source: "queued",
          tenant: message.tenant,
          notifier: String(message.payload.notifier),
          notification,
        });
      }
    }
    if (page.length < 500) break;
    after = page.at(-1)?.id;
  }
  // Which scheduled events are new: enqueue them in a transaction that is always rolled back.
  const fresh: OutboxMessage[] = [];
  const events = await planned(context, read, options);
  await context.storage
    .transaction(async (tx) => {
      for (const event of events)
        if (await tx.enqueue({ message: event, ifAbsent: true })) fresh.push(event);
      throw new DryRun();
    })
    .catch((error: unknown) => {
      if (!(error instanceof DryRun)) throw error;
    });
  for (const event of fresh) await route(event, "scheduled");
  return plan;
}
