import type { Finding, Severity } from "../model/finding.js";
import type { Policy } from "../model/policy.js";
import type { Register } from "../model/register.js";
import { isActivePerson } from "../rules/ownership.js";
import { hasAction } from "../scoring/score-group.js";
import { addUtcDays, utcDay } from "../util/dates.js";
import {
  countWindowAlert,
  emptyWindow,
  type RegisterIndex,
  registerFacts,
  type WindowFigures,
} from "./register-index.js";

/** Key figures of a register, for dashboards and the audit report. */
export interface Kpis {
  /** Groups in the register, ended memberships included. */
  groups: number;
  /** Groups whose membership has not ended. */
  liveGroups: number;
  /** Distinct owners of live groups who are still with the organisation. */
  activeOwners: number;
  /** Days the windowed figures below look back (`loopWindowDays`). */
  windowDays: number;
  /** Activities recorded in the window. */
  activitiesInWindow: number;
  /** Alerts received in the window. */
  alertsInWindow: number;
  /** Alerts still `new`, whatever their age. */
  alertsUntriaged: number;
  /** Share (0–1) of alerts received in the window that led to an action; `null` without alerts. */
  alertsActionedShare: number | null;
  /** Share (0–1) of alerts received in the window that were shared to a team channel; `null` without alerts. */
  alertsSharedShare: number | null;
  /** Median days from receipt to triage over triaged alerts received in the window; `null` without any. */
  medianDaysToTriage: number | null;
  /** Median days from receipt to the first share to a team channel, over shared alerts received in the window; `null` without any. */
  medianDaysToShare: number | null;
  /** Median days from receipt to the first ticket (opened by delivery, or a `ticket` action with its date), over alerts received in the window that have one; `null` without any. */
  medianDaysToTicket: number | null;
  /** Alerts received in the window, per group id (groups without any are left out). */
  alertsPerGroup: Record<string, number>;
  /**
   * Tickets of alerts received in the window: those delivery opened (`alert.tickets`) and the
   * `ticket` actions recorded on the alerts (an action whose `ref` is the key of an opened ticket is
   * that ticket, counted once).
   */
  tickets: number;
  /** Share (0–1) of the tickets delivery opened that were found closed (a `ticket` action carries no state); `null` without any. */
  ticketsClosedShare: number | null;
  /** Latest review of the whole register. */
  registerLastReviewed: Date | null;
  /** When the next review of the whole register is due. */
  registerNextReviewDue: Date | null;
  /** Findings per severity. */
  findings: Record<Severity, number>;
}

/** Computes the KPIs. @internal */
export function computeKpis(
  register: Register,
  index: RegisterIndex,
  asOf: Date,
  policy: Policy,
  findings: readonly Finding[],
  severityCounts?: Record<Severity, number>,
): Kpis {
  const facts = registerFacts(register, index);
  // The index pass counts the record figures when it is given the window; otherwise count them here.
  const window =
    facts.window !== undefined && facts.window.windowDays === policy.loopWindowDays
      ? facts.window
      : windowFigures(register, asOf, policy.loopWindowDays);
  // Taken once: the medians sort their lists.
  facts.window = undefined;
  const owners = new Set<string>();
  let liveGroups = 0;
  for (const group of facts.list) {
    if (!group.live) continue;
    liveGroups++;
    const owner = group.owner === undefined ? undefined : index.people.get(group.owner);
    if (owner !== undefined && isActivePerson(owner, asOf)) owners.add(owner.id);
  }
  let counts = severityCounts;
  if (counts === undefined) {
    counts = { major: 0, minor: 0, observation: 0, opportunity: 0 };
    for (const finding of findings) counts[finding.severity]++;
  }
  const reviewed =
    index.lastFullReview === Number.NEGATIVE_INFINITY ? null : new Date(index.lastFullReview);
  const { alertsInWindow, actioned, shared, tickets, trackedTickets, ticketsClosed } = window;
  // Keys in the order of each group's first alert, as counting into the object directly gave.
  const alertsPerGroup = dictionary();
  window.alertsPerGroup.forEach((count, group) => {
    alertsPerGroup[group] = count;
  });
  return {
    groups: register.groups.length,
    liveGroups,
    activeOwners: owners.size,
    windowDays: policy.loopWindowDays,
    activitiesInWindow: window.activitiesInWindow,
    alertsInWindow,
    alertsUntriaged: window.untriaged,
    alertsActionedShare: alertsInWindow === 0 ? null : actioned / alertsInWindow,
    alertsSharedShare: alertsInWindow === 0 ? null : shared / alertsInWindow,
    medianDaysToTriage: median(window.triageDays),
    medianDaysToShare: median(window.shareDays),
    medianDaysToTicket: median(window.ticketDays),
    alertsPerGroup,
    tickets,
    ticketsClosedShare: trackedTickets === 0 ? null : ticketsClosed / trackedTickets,
    registerLastReviewed: reviewed,
    registerNextReviewDue:
      reviewed === null ? null : addUtcDays(reviewed, policy.registerReviewDays),
    findings: counts,
  };
}

/** The KPIs' record figures over the `windowDays` before `asOf`, in their own pass. */
function windowFigures(register: Register, asOf: Date, windowDays: number): WindowFigures {
  const end = utcDay(asOf);
  const start = end - windowDays;
  let activitiesInWindow = 0;
  for (const activity of register.activities) {
    const day = utcDay(activity.date);
    if (day >= start && day <= end) activitiesInWindow++;
  }
  const window = emptyWindow(windowDays, activitiesInWindow);
  for (const alert of register.alerts) {
    const received = utcDay(alert.received);
    // Received after the as-of day: not there yet.
    if (received > end) continue;
    if (alert.state === "new") window.untriaged++;
    if (received >= start) countWindowAlert(window, alert, hasAction(alert), received);
  }
  return window;
}

/**
 * An empty plain object in V8's dictionary mode. Each register's group ids arrive in another order,
 * and adding them one by one to a fast-mode object makes a new hidden class at every step. Deleting
 * a property that is not the last one switches an object to dictionary mode, where adding one is a
 * hash-table insert. The object is the same to every reader.
 */
function dictionary(): Record<string, number> {
  const object: Record<string, number> = { a: 0, b: 0 };
  delete object.a;
  delete object.b;
  return object;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const middle = values.length >> 1;
  return values.length % 2 === 1
    ? (values[middle] as number)
    : ((values[middle - 1] as number) + (values[middle] as number)) / 2;
}
