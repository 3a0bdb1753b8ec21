import type { Register } from "../model/register.js";
import { hasAction } from "../scoring/score-group.js";
import { utcDay } from "../util/dates.js";

/** Months the charts cover, ending with the month of `asOf`. */
export const CHART_MONTHS = 12;

/** Engagement per group per month: activities recorded plus alerts received. */
export interface ActivityHeatmap {
  /** Month keys, `YYYY-MM`, oldest first. */
  months: string[];
  /** One row per group, in register order. */
  rows: { id: string; name: string; counts: number[] }[];
  /** The largest count in any cell (0 when there is none). */
  max: number;
}

/** One stage of the alert funnel. */
export interface FunnelStage {
  /** Stage name shown on the chart. */
  label: string;
  /** What the stage counts, in words. */
  meaning: string;
  /** Alerts at this stage. */
  count: number;
}

/** Days from receipt to triage, in bins. */
export interface TriageTimes {
  /** Bins in order, each with its label and count. */
  bins: { label: string; count: number }[];
  /** Alerts in the window that were triaged (with a `triagedOn` date). */
  triaged: number;
  /** Alerts in the window with no triage date yet. */
  untriaged: number;
  /** Median days to triage, or `null` without triaged alerts. */
  median: number | null;
}

/** First instant (UTC) of the chart window: the first day of the month 11 months before `asOf`'s. */
export function windowStart(asOf: Date): Date {
  return new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - (CHART_MONTHS - 1), 1));
}

function inWindow(date: Date, asOf: Date): boolean {
  return date.getTime() >= windowStart(asOf).getTime() && utcDay(date) <= utcDay(asOf);
}

/** The chart window's month keys, oldest first. */
export function monthKeys(asOf: Date): string[] {
  const start = windowStart(asOf);
  const keys: string[] = [];
  for (let index = 0; index < CHART_MONTHS; index++) {
    const month = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + index, 1));
    keys.push(month.toISOString().slice(0, 7));
  }
  return keys;
}

/** Counts each group's activities and received alerts per month over the chart window. */
export function activityHeatmap(register: Register, asOf: Date): ActivityHeatmap {
  const months = monthKeys(asOf);
  const column = new Map(months.map((key, index) => [key, index]));
  const rows = register.groups.map((group) => ({
    id: group.id,
    name: group.name,
    counts: months.map(() => 0),
  }));
  const byId = new Map(rows.map((row) => [row.id, row]));
  let max = 0;
  const add = (groupId: string, date: Date) => {
    if (!inWindow(date, asOf)) return;
    const row = byId.get(groupId);
    const index = column.get(date.toISOString().slice(0, 7));
    if (row === undefined || index === undefined) return;
    const count = (row.counts[index] ?? 0) + 1;
    row.counts[index] = count;
    if (count > max) max = count;
  };
  for (const activity of register.activities) add(activity.group, activity.date);
  for (const alert of register.alerts) add(alert.group, alert.received);
  return { months, rows, max };
}

/**
 * The alert funnel over the chart window: received, shared to a team channel, ticketed (an action
 * other than `no-action`), closed (ticketed, and every such action dated as taken on or before `asOf`).
 */
export function alertFunnel(register: Register, asOf: Date): FunnelStage[] {
  let received = 0;
  let shared = 0;
  let ticketed = 0;
  let closed = 0;
  const today = utcDay(asOf);
  for (const alert of register.alerts) {
    if (!inWindow(alert.received, asOf)) continue;
    received++;
    if (alert.sharedTo.length > 0) shared++;
    if (!hasAction(alert)) continue;
    ticketed++;
    // Closed: every ticket read back as closed, and every other action dated as done.
    const taken = alert.actions.filter((action) => action.type !== "no-action");
    const actionsDone = taken.every(
      (action) => action.on !== undefined && utcDay(action.on) <= today,
    );
    const ticketsDone = (alert.tickets ?? []).every(
      (ticket) => ticket.closed !== undefined && utcDay(ticket.closed) <= today,
    );
    if (actionsDone && ticketsDone) closed++;
  }
  return [
    { label: "Received", meaning: "alerts received", count: received },
    { label: "Shared", meaning: "shared to at least one team channel", count: shared },
    {
      label: "Ticketed",
      meaning: "with a ticket or an action (risk or control change…)",
      count: ticketed,
    },
    {
      label: "Closed",
      meaning: "every ticket found closed and every action dated as done",
      count: closed,
    },
  ];
}

const TRIAGE_BINS: { label: string; upTo: number }[] = [
  { label: "same day", upTo: 0 },
  { label: "1 day", upTo: 1 },
  { label: "2–3 days", upTo: 3 },
  { label: "4–7 days", upTo: 7 },
  { label: "8–14 days", upTo: 14 },
  { label: "15–30 days", upTo: 30 },
  { label: "over 30 days", upTo: Number.POSITIVE_INFINITY },
];

/** Days from receipt to triage of the alerts received in the chart window, binned. */
export function triageTimes(register: Register, asOf: Date): TriageTimes {
  const bins = TRIAGE_BINS.map((bin) => ({ label: bin.label, count: 0 }));
  const days: number[] = [];
  let untriaged = 0;
  for (const alert of register.alerts) {
    if (!inWindow(alert.received, asOf)) continue;
    if (alert.triagedOn === undefined) {
      untriaged++;
      continue;
    }
    const taken = Math.max(0, utcDay(alert.triagedOn) - utcDay(alert.received));
    days.push(taken);
    const index = TRIAGE_BINS.findIndex((bin) => taken <= bin.upTo);
    const bin = bins[index];
    if (bin !== undefined) bin.count++;
  }
  days.sort((a, b) => a - b);
  const middle = days.length >> 1;
  const median =
    days.length === 0
      ? null
      : days.length % 2 === 1
        ? (days[middle] as number)
        : ((days[middle - 1] as number) + (days[middle] as number)) / 2;
  return { bins, triaged: days.length, untriaged, median };
}
