/**
 * A custom rule: a critical alert still open after some days with no ticket. It follows the core
 * rules' contract (`defineRule`): pure, reads only the register and `asOf`.
 */
import { defineRule, type RuleHit } from "@sigreg/core";

/** Options of {@link criticalWithoutTicket}. */
export interface CriticalWithoutTicketOptions {
  /**
   * Days a critical alert may wait for a ticket, counted from the day it was received.
   * @default 7
   */
  days?: number;
}

const DAY_MS = 86_400_000;

/**
 * Fires for each critical alert received more than `days` days before the evaluation day that is
 * not dismissed and has neither a ticket (`tickets`) nor a `ticket` action.
 * @example
 * const rule = criticalWithoutTicket({ days: 3 });
 */
export function criticalWithoutTicket(options: CriticalWithoutTicketOptions = {}) {
  const days = options.days ?? 7;
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`criticalWithoutTicket: days must be a whole number >= 0, got ${days}`);
  return defineRule({
    id: "example-critical-without-ticket",
    title: "Critical alert without a ticket",
    description: `A critical alert was received more than ${days} days ago and no ticket tracks it: the warning arrived, but nothing shows the fix is scheduled.`,
    severity: "major",
    controls: ["ISO27001:2022/A.5.6", "ISO27001:2022/A.8.8"],
    remediation:
      "Open a ticket for the alert (or record a `ticket` action), or dismiss it with the reason it does not affect us.",
    // The threshold is the plugin's option: the register's policy keys belong to the core rules.
    policyKeys: [],
    check: ({ register, asOf }) => {
      const hits: RuleHit[] = [];
      const today = Math.floor(asOf.getTime() / DAY_MS);
      for (const alert of register.alerts) {
        if (alert.severity !== "critical" || alert.state === "dismissed") continue;
        const age = today - Math.floor(alert.received.getTime() / DAY_MS);
        if (age <= days) continue;
        const ticketed =
          alert.tickets.length > 0 || alert.actions.some((action) => action.type === "ticket");
        if (ticketed) continue;
        hits.push({
          subject: { type: "alert", id: alert.id },
          message: `"${alert.title}" is critical, was received ${age} days ago and has no ticket (limit ${days} days).`,
        });
      }
      return hits;
    },
  });
}
