import type { Action } from "../model/activity.js";
import { ageInDays, isoDay, utcDay } from "../util/dates.js";
import { A56, defineRule, type RuleHit } from "./types.js";

const NIST_PM15 = "NIST-SP-800-53r5/PM-15";
const NIST_SI5 = "NIST-SP-800-53r5/SI-5";

/** An alert is still `new` after `triageWithinDays`. */
export const alertUntriaged = defineRule({
  id: "alert-untriaged",
  title: "Alert not triaged",
  description:
    "An alert is still `new` more than `triageWithinDays` after it was received: the early warning arrived and nobody looked.",
  severity: "minor",
  controls: [A56, NIST_SI5],
  remediation:
    "Triage the alert: decide whether it affects us, share it with the team, and act or dismiss it with a reason.",
  policyKeys: ["triageWithinDays"],
  check: ({ register, asOf, policy }) => {
    const hits: RuleHit[] = [];
    for (const alert of register.alerts) {
      if (alert.state !== "new") continue;
      const age = ageInDays(alert.received.getTime(), asOf);
      if (age <= policy.triageWithinDays) continue;
      hits.push({
        subject: { type: "alert", id: alert.id },
        message: `"${alert.title}" (${alert.severity}) was received on ${isoDay(alert.received)} and is untriaged after ${age} days (limit ${policy.triageWithinDays}).`,
      });
    }
    return hits;
  },
});

/** Whether an action is a real one (not `no-action`) taken within the window. */
function actedInWindow(
  actions: readonly Action[],
  fallback: Date,
  start: number,
  end: number,
): boolean {
  for (const action of actions) {
    if (action.type === "no-action") continue;
    const day = utcDay(action.on ?? fallback);
    if (day >= start && day <= end) return true;
  }
  return false;
}

/** Within `loopWindowDays`, information came in but none led to a recorded action. */
export const feedbackLoopMissing = defineRule({
  id: "feedback-loop-missing",
  title: "Information consumed, not used",
  description:
    "Within `loopWindowDays`, alerts or activities were recorded but none led to a recorded action (ticket, risk update, control change, awareness, incident preparation) or to a ticket opened by delivery. A.5.6 contact exists to improve security; an auditor looks for the trail from alert to action.",
  severity: "minor",
  controls: [A56, NIST_PM15, NIST_SI5],
  remediation:
    "Record what was done with the information (`actions` on alerts or activities: a ticket, a risk update, a control change).",
  policyKeys: ["loopWindowDays"],
  check: ({ register, asOf, policy }) => {
    const end = utcDay(asOf);
    const start = end - policy.loopWindowDays;
    let received = 0;
    for (const alert of register.alerts) {
      const day = utcDay(alert.received);
      if (day < start || day > end) continue;
      received++;
      if (actedInWindow(alert.actions, alert.received, start, end)) return [];
      for (const ticket of alert.tickets ?? []) {
        const opened = utcDay(ticket.opened);
        if (opened >= start && opened <= end) return [];
      }
    }
    for (const activity of register.activities) {
      const day = utcDay(activity.date);
      if (day < start || day > end) continue;
      received++;
      if (actedInWindow(activity.actions, activity.date, start, end)) return [];
    }
    if (received === 0) return [];
    return [
      {
        subject: { type: "register", id: "register" },
        message: `${received} alert(s) and activities in the last ${policy.loopWindowDays} days, and none led to a recorded action.`,
      },
    ];
  },
});

/** Alerts were triaged in the window but none was shared to a team channel. */
export const informationSilo = defineRule({
  id: "information-silo",
  title: "Information kept in a silo",
  description:
    "Within `loopWindowDays`, alerts were triaged (state `triaged` or `actioned`) but none was shared to a team channel (`sharedTo`): what one person reads stays with them.",
  severity: "minor",
  controls: [A56, NIST_SI5],
  remediation:
    "Share triaged alerts in a team channel and record it in `sharedTo` (channel and date).",
  policyKeys: ["loopWindowDays"],
  check: ({ register, asOf, policy }) => {
    const end = utcDay(asOf);
    const start = end - policy.loopWindowDays;
    let triaged = 0;
    for (const alert of register.alerts) {
      if (alert.state !== "triaged" && alert.state !== "actioned") continue;
      const day = utcDay(alert.triagedOn ?? alert.received);
      if (day < start || day > end) continue;
      if (alert.sharedTo.length > 0) return [];
      triaged++;
    }
    if (triaged === 0) return [];
    return [
      {
        subject: { type: "register", id: "register" },
        message: `${triaged} alert(s) triaged in the last ${policy.loopWindowDays} days, none shared to a team channel.`,
      },
    ];
  },
});
