import type { Notification, NotificationItem } from "../notify/notification.js";
import type { JsonObject, OutboxMessage } from "../storage/port.js";
import { DIGEST_TOPIC, REMINDER_TOPIC } from "./scheduled.js";

type Draft = Omit<Notification, "idempotencyKey">;

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const obj = (value: unknown): JsonObject =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : {};
const httpUrl = (value: unknown): string | undefined => {
  const url = str(value);
  return url !== undefined && /^https?:\/\//i.test(url) ? url : undefined;
};

/** The notification of a reminder or digest event (its payload says everything). @internal */
export function ownerNotification(event: OutboxMessage): Draft | undefined {
  const owner = obj(event.payload.owner);
  const recipient = {
    ...(str(owner.id) === undefined ? {} : { id: str(owner.id) as string }),
    ...(str(owner.name) === undefined ? {} : { name: str(owner.name) as string }),
    ...(str(owner.email) === undefined ? {} : { email: str(owner.email) as string }),
  };
  if (event.topic === REMINDER_TOPIC) return reminder(event, recipient);
  if (event.topic === DIGEST_TOPIC) return digest(event, recipient);
  return undefined;
}

function reminder(
  event: OutboxMessage,
  recipient: NonNullable<Draft["recipients"]>[number],
): Draft {
  const group = obj(event.payload.group);
  const name = str(group.name) ?? str(group.id) ?? "a group";
  const due = str(event.payload.due);
  const left = typeof event.payload.daysLeft === "number" ? event.payload.daysLeft : null;
  const stage = str(event.payload.stage);
  const title =
    stage === "due-today"
      ? `Review of ${name} is due today`
      : stage === "due-soon"
        ? `Review of ${name} is due in ${left} day${left === 1 ? "" : "s"}`
        : due === undefined || due === "none"
          ? `Review of ${name} is overdue: it was never reviewed`
          : `Review of ${name} is overdue since ${due}`;
  const url = httpUrl(group.url);
  return {
    kind: "reminder",
    tenant: event.tenant,
    title,
    text: "Check the group is still relevant, its owner and contact are current, and record what you learned from it recently; then record the review in sigreg.",
    group: { id: str(group.id) ?? name, name, ...(url === undefined ? {} : { url }) },
    fields: [
      { label: "Group", value: name },
      { label: "Due", value: due === undefined || due === "none" ? "now" : due },
    ],
    recipients: [recipient],
  };
}

function digest(event: OutboxMessage, recipient: NonNullable<Draft["recipients"]>[number]): Draft {
  const received = Array.isArray(event.payload.received) ? event.payload.received : [];
  const untriaged = Array.isArray(event.payload.untriaged) ? event.payload.untriaged : [];
  const receivedCount = Number(event.payload.receivedCount ?? received.length);
  const untriagedCount = Number(event.payload.untriagedCount ?? untriaged.length);
  const item =
    (prefix: string) =>
    (raw: unknown): NotificationItem => {
      const alert = obj(raw);
      const url = httpUrl(alert.url);
      return {
        title: `${prefix}${str(alert.title) ?? str(alert.id) ?? "alert"}`,
        text: [str(alert.severity), str(alert.group), str(alert.received)]
          .filter(Boolean)
          .join(" · "),
        ...(url === undefined ? {} : { url }),
      };
    };
  const more = (shown: number, total: number, what: string): NotificationItem[] =>
    total > shown ? [{ title: `…and ${total - shown} more ${what}` }] : [];
  return {
    kind: "digest",
    tenant: event.tenant,
    title: `Your groups this week (${str(event.payload.week) ?? ""}): ${receivedCount} new alert${receivedCount === 1 ? "" : "s"}, ${untriagedCount} untriaged`,
    text: "What did your groups bring in, and what have you learned from them? Triage what is still new: share it with the team, act on it, or dismiss it with a reason.",
    items: [
      ...received.map(item("New: ")),
      ...more(received.length, receivedCount, "new alerts"),
      ...untriaged.map(item("Untriaged: ")),
      ...more(untriaged.length, untriagedCount, "untriaged alerts"),
    ],
    recipients: [recipient],
  };
}
