import type { Alert } from "../model/alert.js";
import type { Notification } from "../notify/notification.js";
import type { NotifyChannel } from "../notify/port.js";
import { fromJson } from "../storage/codec.js";
import type { JsonObject, OutboxMessage, StorageOperations } from "../storage/port.js";
import { ownerNotification } from "./owner-notifications.js";
import { DIGEST_TOPIC, REMINDER_TOPIC } from "./scheduled.js";

/** One notification for one notifier, as a router decides it. */
export interface Delivery {
  /** Name of the notifier that sends it (a configured notifier's `name`). */
  notifier: string;
  /** What to send; its `idempotencyKey` is set by the engine. */
  notification: Omit<Notification, "idempotencyKey">;
}

/** What a router may read: the tenant's records, as stored. */
export interface RouteContext {
  /** The storage, for reads. */
  storage: StorageOperations;
  /** The configured notifiers, by name, with their channel kind. */
  notifiers: ReadonlyArray<{
    /** The notifier's configured name. */
    name: string;
    /** Its channel kind. */
    channel: NotifyChannel;
  }>;
}

/**
 * Decides who hears of an event: turns one event of the outbox (`alert.record`, `review.record`…)
 * into notifications for configured notifiers. Pure apart from reads; returns `[]` for events
 * nobody is told about.
 */
export type Router = (event: OutboxMessage, context: RouteContext) => Promise<Delivery[]>;

const URGENT = new Set(["critical", "high"]);

/**
 * The routing that works with no configuration: a recorded alert goes to its group's owner by
 * email, to the team channel (chat notifiers) when it is high or critical, to ticket notifiers
 * when it is critical, and to every webhook. Review reminders and weekly digests go to the owner
 * by email (by chat when no email notifier is configured). Other events notify nobody.
 */
export const defaultRouter: Router = (event, context) =>
  routeEvent(event, context, ({ alert, owner, notifier }) =>
    notifier.channel === "webhook"
      ? true
      : notifier.channel === "email"
        ? typeof owner?.email === "string"
        : notifier.channel === "chat"
          ? URGENT.has(alert.severity)
          : alert.severity === "critical",
  );

/** One alert and one notifier, for a routing decision. @internal */
export interface RouteCandidate {
  alert: Alert;
  group: JsonObject | undefined;
  owner: JsonObject | undefined;
  notifier: {
    /** The notifier's configured name. */
    name: string;
    /** Its channel kind. */
    channel: NotifyChannel;
  };
}

/**
 * Routes reminders and digests to the owner, and each alert of an `alert.record` event to the
 * notifiers `wanted` accepts. @internal
 */
export async function routeEvent(
  event: OutboxMessage,
  context: RouteContext,
  wanted: (candidate: RouteCandidate) => boolean,
): Promise<Delivery[]> {
  if (event.topic === REMINDER_TOPIC || event.topic === DIGEST_TOPIC)
    return toOwner(event, context.notifiers);
  if (event.topic !== "alert.record") return [];
  const deliveries: Delivery[] = [];
  for (const alert of await recordedAlerts(event, context.storage)) {
    // Scored below the routing threshold at ingestion: stored for the record, pushed to nobody.
    if (alert.relevance?.push === false) continue;
    const group = await read(context.storage, event.tenant, "groups", alert.group);
    const ownerId = typeof group?.owner === "string" ? group.owner : undefined;
    const owner =
      ownerId === undefined
        ? undefined
        : await read(context.storage, event.tenant, "people", ownerId);
    const notification = alertNotification(event.tenant, alert, group, owner);
    for (const notifier of context.notifiers)
      if (wanted({ alert, group, owner, notifier }))
        deliveries.push({ notifier: notifier.name, notification });
  }
  return deliveries;
}

/** The alerts an `alert.record` event stored, read back through its evidence entry. */
async function recordedAlerts(event: OutboxMessage, storage: StorageOperations): Promise<Alert[]> {
  const seq = Number(event.payload.seq);
  const [entry] = await storage.listEvidence({ tenant: event.tenant, afterSeq: seq - 1, limit: 1 });
  if (entry === undefined || entry.seq !== seq) return [];
  const records = entry.after?.records;
  const ids =
    entry.subject.id === "*" && records !== null && typeof records === "object"
      ? Object.keys(records)
      : [entry.subject.id];
  const alerts: Alert[] = [];
  for (const id of ids.sort()) {
    const stored = await storage.get({ tenant: event.tenant, collection: "alerts", id });
    if (stored !== undefined) alerts.push(fromJson("alerts", stored.data));
  }
  return alerts;
}

async function read(
  storage: StorageOperations,
  tenant: string,
  collection: "groups" | "people",
  id: string,
) {
  return (await storage.get({ tenant, collection, id }))?.data;
}

function alertNotification(
  tenant: string,
  alert: Alert,
  group: Record<string, unknown> | undefined,
  owner: Record<string, unknown> | undefined,
): Omit<Notification, "idempotencyKey"> {
  const name = typeof group?.name === "string" ? group.name : alert.group;
  const notification: Omit<Notification, "idempotencyKey"> = {
    kind: "alert",
    tenant,
    title: alert.title,
    severity: alert.severity,
    alert: {
      id: alert.id,
      title: alert.title,
      ...(alert.url === undefined ? {} : { url: alert.url }),
    },
    group: {
      id: alert.group,
      name,
      ...(typeof group?.url === "string" ? { url: group.url } : {}),
    },
    fields: [
      { label: "Group", value: name },
      { label: "Received", value: alert.received.toISOString().slice(0, 10) },
      ...(alert.cves.length > 0 ? [{ label: "CVEs", value: alert.cves.join(", ") }] : []),
    ],
  };
  if (owner !== undefined) {
    notification.recipients = [
      {
        ...(typeof owner.id === "string" ? { id: owner.id } : {}),
        ...(typeof owner.name === "string" ? { name: owner.name } : {}),
        ...(typeof owner.email === "string" ? { email: owner.email } : {}),
      },
    ];
  }
  return notification;
}

/** A reminder or digest: to the owner's mailbox, or to chat when no email notifier exists. */
function toOwner(event: OutboxMessage, notifiers: RouteContext["notifiers"]): Delivery[] {
  const notification = ownerNotification(event);
  if (notification === undefined) return [];
  const hasEmail = notification.recipients?.some((recipient) => recipient.email !== undefined);
  const email = notifiers.filter((notifier) => notifier.channel === "email");
  const chosen =
    email.length > 0 && hasEmail === true
      ? email
      : notifiers.filter((notifier) => notifier.channel === "chat");
  return chosen.map((notifier) => ({ notifier: notifier.name, notification }));
}
