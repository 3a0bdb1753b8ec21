import type { Evaluation } from "../evaluate/evaluate.js";
import { isLive } from "../evaluate/register-index.js";
import type { Register } from "../model/register.js";
import type { JsonObject, OutboxMessage } from "../storage/port.js";
import { isoDay, utcDay } from "../util/dates.js";

/** Topic of a review reminder event. */
export const REMINDER_TOPIC = "review.reminder";
/** Topic of a weekly digest event. */
export const DIGEST_TOPIC = "digest.weekly";

/** When a reminder is sent: before the review falls due, on the day, or after it. */
export type ReminderStage = "due-soon" | "due-today" | "overdue";

/** Items a digest lists at most per list; the rest are counted. */
const DIGEST_ITEMS = 25;
const WEEK_DAYS = 7;

/**
 * The reminder and digest events a tenant's register calls for on `asOf`. Each event's id says
 * what it is about (the group, the due date and the stage; the owner and the ISO week), so that
 * planning again the same day, or every day, enqueues each one once.
 * @internal
 */
export function scheduledEvents(options: {
  tenant: string;
  register: Register;
  evaluation: Evaluation;
  asOf: Date;
  dueSoonDays: number;
  reminders: boolean;
  digests: boolean;
}): OutboxMessage[] {
  const { tenant, register, evaluation, asOf } = options;
  const createdAt = asOf.toISOString();
  const people = new Map(register.people.map((person) => [person.id, person]));
  const event = (id: string, topic: string, payload: JsonObject): OutboxMessage => ({
    id,
    tenant,
    topic,
    payload,
    createdAt,
    status: "pending",
    attempts: 0,
  });
  const owner = (id: string | undefined): JsonObject | undefined => {
    const person = id === undefined ? undefined : people.get(id);
    if (person === undefined || !person.active) return undefined;
    return {
      id: person.id,
      name: person.name,
      ...(person.email === undefined ? {} : { email: person.email }),
    };
  };
  const events: OutboxMessage[] = [];
  const today = utcDay(asOf);
  const groups = new Map(register.groups.map((group) => [group.id, group]));
  if (options.reminders) {
    for (const state of evaluation.groups) {
      const group = groups.get(state.id);
      if (group === undefined || !isLive(group)) continue;
      const to = owner(group.owner);
      if (to === undefined) continue;
      const due = state.review.nextDue;
      const left = due === undefined ? -1 : utcDay(due) - today;
      const stage: ReminderStage | undefined =
        left < 0
          ? "overdue"
          : left === 0
            ? "due-today"
            : left <= options.dueSoonDays
              ? "due-soon"
              : undefined;
      if (stage === undefined) continue;
      const dueDay = due === undefined ? "none" : isoDay(due);
      events.push(
        event(`remind:${tenant}:${group.id}:${dueDay}:${stage}`, REMINDER_TOPIC, {
          stage,
          group: {
            id: group.id,
            name: group.name,
            ...(group.url === undefined ? {} : { url: group.url }),
          },
          owner: to,
          due: dueDay,
          daysLeft: due === undefined ? null : left,
        }),
      );
    }
  }
  if (options.digests) {
    const byOwner = new Map<string, Set<string>>();
    for (const group of register.groups) {
      if (group.owner === undefined || !isLive(group)) continue;
      const set = byOwner.get(group.owner) ?? new Set<string>();
      set.add(group.id);
      byOwner.set(group.owner, set);
    }
    const week = isoWeek(asOf);
    for (const [ownerId, owned] of [...byOwner].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const to = owner(ownerId);
      if (to === undefined) continue;
      const mine = register.alerts.filter((alert) => owned.has(alert.group));
      const received = mine
        .filter(
          (alert) => today - utcDay(alert.received) < WEEK_DAYS && utcDay(alert.received) <= today,
        )
        .sort((a, b) => b.received.getTime() - a.received.getTime());
      const untriaged = mine
        .filter((alert) => alert.state === "new")
        .sort((a, b) => a.received.getTime() - b.received.getTime());
      // Nothing came in and nothing waits: an empty digest teaches nobody anything.
      if (received.length === 0 && untriaged.length === 0) continue;
      const item = (alert: (typeof mine)[number]): JsonObject => ({
        id: alert.id,
        title: alert.title,
        group: groups.get(alert.group)?.name ?? alert.group,
        severity: alert.severity,
        received: isoDay(alert.received),
        ...(alert.url === undefined ? {} : { url: alert.url }),
      });
      events.push(
        event(`digest:${tenant}:${ownerId}:${week}`, DIGEST_TOPIC, {
          week,
          owner: to,
          groups: [...owned].sort(),
          received: received.slice(0, DIGEST_ITEMS).map(item),
          receivedCount: received.length,
          untriaged: untriaged.slice(0, DIGEST_ITEMS).map(item),
          untriagedCount: untriaged.length,
        }),
      );
    }
  }
  return events;
}

/** The ISO 8601 week of a date, e.g. `2026-W48`. @internal */
export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}
