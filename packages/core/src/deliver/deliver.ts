import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { EngineContext } from "../engine/context.js";
import {
  abortSignalSchema,
  assertArguments,
  countSchema,
  expecting,
  functionSchema,
  millisecondsSchema,
} from "../engine/validate.js";
import { idSchema } from "../model/common.js";
import type { Notification } from "../notify/notification.js";
import type { Notifier } from "../notify/port.js";
import type { JsonObject, OutboxMessage, StorageAdapter } from "../storage/port.js";
import { type BackoffOptions, retryDelay } from "./backoff.js";
import type { Router } from "./router.js";
import { settleWithTrail, trailEntry } from "./trail.js";

/** Topic of the outbox messages that carry one notification for one notifier. */
export const DELIVERY_TOPIC = "notify";

/**
 * Options of `sigreg.deliver()`. Counts are whole numbers of at least 1 and durations numbers of
 * milliseconds (`leaseMs` at least 1, `backoff` delays at least 0); anything else rejects with a
 * `TypeError` naming the option, before anything is claimed.
 */
export interface DeliverOptions {
  /**
   * This worker's id, recorded on the messages it leases; unique per process.
   * @default a random id
   */
  worker?: string;
  /**
   * Messages claimed at once.
   * @default 50
   */
  batchSize?: number;
  /**
   * How long a claim lasts, in ms; a send is aborted before its lease ends, and a worker that
   * dies leaves its messages to others once it has ended.
   * @default 60_000
   */
  leaseMs?: number;
  /**
   * Attempts before a message is dead-lettered (status `failed`).
   * @default 8
   */
  maxAttempts?: number;
  /** Delays between attempts (exponential with full jitter; `Retry-After` honoured). */
  backoff?: BackoffOptions;
  /**
   * Notifications sent at once.
   * @default 4
   */
  concurrency?: number;
  /**
   * Batches to claim before returning; `Infinity` keeps going until nothing is due.
   * @default Infinity
   */
  maxBatches?: number;
  /** Only this tenant's messages. */
  tenant?: string;
  /** Stops claiming and aborts sends in flight. */
  signal?: AbortSignal;
  /**
   * Random numbers in [0, 1), for the jitter.
   * @default Math.random
   */
  random?: () => number;
}

/** `DeliverOptions`, as a call from JavaScript may pass them. @internal */
export const deliverOptionsSchema = z
  .object({
    worker: z.string().min(1, "expected a worker id, got the empty text").optional(),
    batchSize: countSchema(1).optional(),
    leaseMs: millisecondsSchema(1).optional(),
    maxAttempts: countSchema(1).optional(),
    backoff: z
      .object({ baseMs: millisecondsSchema(0).optional(), maxMs: millisecondsSchema(0).optional() })
      .optional(),
    concurrency: countSchema(1).optional(),
    maxBatches: expecting<number>(
      "a whole number of at least 1, or Infinity",
      (value) =>
        value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && (value as number) >= 1),
    ).optional(),
    tenant: idSchema.optional(),
    signal: abortSignalSchema.optional(),
    random: functionSchema.optional(),
  })
  .optional();

/** What one `deliver()` call did. */
export interface DeliverReport {
  /** Messages claimed. */
  claimed: number;
  /** Events turned into notifications (`routed` of them in all). */
  events: number;
  /** Notifications enqueued by routing. */
  routed: number;
  /** Notifications delivered and recorded. */
  sent: number;
  /** Attempts that failed and were rescheduled. */
  retried: number;
  /** Messages given up on: status `failed`, listed by `sigreg outbox`. */
  deadLettered: number;
  /** Messages whose outcome another worker had already recorded (their lease had ended). */
  superseded: number;
}

/** What delivery needs from the engine. @internal */
export interface DeliveryContext {
  storage: StorageAdapter;
  clock: () => Date;
  notifiers: readonly Notifier[];
  router: Router;
  /** For writes to the alerts' trail, with evidence. */
  engine: EngineContext;
}

class Superseded extends Error {}

/**
 * Claims due outbox messages with a lease and handles each: an event is routed into one message
 * per notification (in the transaction that marks the event done), a notification is sent. A
 * failure is retried later with backoff, or dead-lettered after `maxAttempts` or when retrying
 * cannot help. At least once: a message whose worker died is sent again after its lease ends;
 * once a delivery is recorded, nothing sends it again. Options of the wrong type or out of range
 * reject with a `TypeError` naming them, before anything is claimed.
 * @internal
 */
export async function deliver(
  context: DeliveryContext,
  options: DeliverOptions = {},
): Promise<DeliverReport> {
  assertArguments("sigreg.deliver", [["options", deliverOptionsSchema, options]]);
  const report: DeliverReport = {
    claimed: 0,
    events: 0,
    routed: 0,
    sent: 0,
    retried: 0,
    deadLettered: 0,
    superseded: 0,
  };
  const worker = options.worker ?? `worker-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
  const byName = new Map(context.notifiers.map((notifier) => [notifier.name, notifier]));
  const settings: Settings = {
    worker,
    leaseMs,
    maxAttempts: options.maxAttempts ?? 8,
    backoff: options.backoff ?? {},
    random: options.random ?? Math.random,
    signal: options.signal,
  };
  for (let batch = 0; batch < maxBatches && options.signal?.aborted !== true; batch++) {
    const now = context.clock();
    const claimed = await context.storage.claimOutbox({
      worker,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
      limit: options.batchSize ?? 50,
      ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
    });
    if (claimed.length === 0) break;
    report.claimed += claimed.length;
    await pool(claimed, options.concurrency ?? 4, (message) =>
      message.topic === DELIVERY_TOPIC
        ? send(context, byName, settings, message, report)
        : route(context, settings, message, report),
    );
  }
  return report;
}

interface Settings {
  worker: string;
  leaseMs: number;
  maxAttempts: number;
  backoff: BackoffOptions;
  random: () => number;
  signal: AbortSignal | undefined;
}

async function route(
  context: DeliveryContext,
  settings: Settings,
  event: OutboxMessage,
  report: DeliverReport,
): Promise<void> {
  let deliveries: Awaited<ReturnType<Router>>;
  try {
    deliveries = await context.router(event, {
      storage: context.storage,
      notifiers: context.notifiers.map(({ name, channel }) => ({ name, channel })),
    });
  } catch (error) {
    const reason = `router failed: ${error instanceof Error ? error.message : String(error)}`;
    await fail(context, settings, event, report, { message: reason, retryable: true });
    return;
  }
  const at = context.clock().toISOString();
  try {
    await context.storage.transaction(async (tx) => {
      // Settle first: a second worker routing the same event (its lease ended) waits on this row
      // and then finds it no longer pending, so the notifications are enqueued once.
      const settled = await tx.settleOutbox({
        id: event.id,
        worker: settings.worker,
        status: "sent",
        attempts: event.attempts + 1,
        deliveredAt: at,
        receipt: { routed: deliveries.length },
      });
      if (!settled) throw new Superseded();
      for (const [index, delivery] of deliveries.entries()) {
        const id = `${event.id}.${index}`;
        const notification: Notification = { ...delivery.notification, idempotencyKey: id };
        await tx.enqueue({
          message: {
            id,
            tenant: event.tenant,
            topic: DELIVERY_TOPIC,
            payload: {
              notifier: delivery.notifier,
              event: event.topic,
              notification: notification as unknown as JsonObject,
            },
            createdAt: at,
            status: "pending",
            attempts: 0,
          },
        });
      }
    });
  } catch (error) {
    if (error instanceof Superseded) {
      report.superseded++;
      return;
    }
    throw error;
  }
  report.events++;
  report.routed += deliveries.length;
}

async function send(
  context: DeliveryContext,
  byName: ReadonlyMap<string, Notifier>,
  settings: Settings,
  message: OutboxMessage,
  report: DeliverReport,
): Promise<void> {
  const name = String(message.payload.notifier);
  const notifier = byName.get(name);
  if (notifier === undefined) {
    const reason = `no notifier named "${name}" is configured in this worker`;
    await fail(context, settings, message, report, { message: reason, retryable: false });
    return;
  }
  // End the attempt before the lease does, so that no other worker starts it meanwhile.
  const timeout = AbortSignal.timeout(Math.max(1, Math.floor(settings.leaseMs * 0.8)));
  const signal =
    settings.signal === undefined ? timeout : AbortSignal.any([settings.signal, timeout]);
  let result: Awaited<ReturnType<Notifier["send"]>>;
  try {
    result = await notifier.send({
      notification: message.payload.notification as unknown as Notification,
      signal,
    });
  } catch (error) {
    // A notifier must resolve with an error, never throw; its message may carry a secret.
    const kind = error instanceof Error ? error.name : typeof error;
    const reason = `${name}: the notifier threw ${kind} (its message is withheld: it may hold a secret)`;
    await fail(context, settings, message, report, { message: reason, retryable: true });
    return;
  }
  if (result.isErr()) {
    await fail(context, settings, message, report, result.error);
    return;
  }
  const at = context.clock().toISOString();
  const settle = {
    id: message.id,
    worker: settings.worker,
    status: "sent",
    attempts: message.attempts + 1,
    deliveredAt: at,
    receipt: result.value as unknown as JsonObject,
  } as const;
  const notification = message.payload.notification as unknown as Notification;
  const trail = trailEntry(notifier, result.value, at);
  const settled =
    trail === undefined || notification.alert === undefined
      ? await context.storage.settleOutbox(settle)
      : await settleWithTrail(context.engine, message.tenant, notification, trail, settle);
  if (settled) report.sent++;
  else report.superseded++;
}

async function fail(
  context: DeliveryContext,
  settings: Settings,
  message: OutboxMessage,
  report: DeliverReport,
  error: { message: string; retryable: boolean; retryAfterMs?: number },
): Promise<void> {
  const attempts = message.attempts + 1;
  const giveUp = !error.retryable || attempts >= settings.maxAttempts;
  const base = { id: message.id, worker: settings.worker, attempts, lastError: error.message };
  const delay = retryDelay({
    attempts,
    random: settings.random,
    backoff: settings.backoff,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  });
  const settled = giveUp
    ? await context.storage.settleOutbox({ ...base, status: "failed" })
    : await context.storage.settleOutbox({
        ...base,
        status: "pending",
        availableAt: new Date(context.clock().getTime() + delay).toISOString(),
      });
  if (!settled) report.superseded++;
  else if (giveUp) report.deadLettered++;
  else report.retried++;
}

async function pool<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, run));
}
