import { readRegister } from "../engine/snapshot.js";
import { ALERT_SEVERITIES, type Alert } from "../model/alert.js";
import type { Register } from "../model/register.js";
import { scoreGroup } from "../scoring/score-group.js";
import { type RouteCandidate, type Router, routeEvent } from "./router.js";

/** One routing rule: which alerts go to which notifiers. All conditions given must hold. */
export interface RoutingRule {
  /** Names of the notifiers the matching alerts go to. */
  notifiers: readonly string[];
  /** Only alerts at least this severe (`critical` > `high` > `medium` > `low` > `info`). */
  minSeverity?: Alert["severity"];
  /** Only alerts from groups whose relevance to the organisation scores at least this (0–100). */
  minRelevance?: number;
  /** Only alerts from these groups (ids). */
  groups?: readonly string[];
}

const rank = (severity: Alert["severity"]) => ALERT_SEVERITIES.indexOf(severity);

/**
 * A router from rules: each recorded alert goes to the notifiers of every rule it matches, by
 * severity, the source group's relevance score and group; an email notifier addresses the group's
 * owner. Reminders and digests go to the owner as with {@link defaultRouter}.
 * @throws TypeError when a rule names no notifier or has a relevance outside 0–100.
 * @example
 * createSigreg({ storage, notifiers, router: ruleRouter([
 *   { notifiers: ["owner-mail"] },
 *   { notifiers: ["team-chat"], minSeverity: "high", minRelevance: 50 },
 *   { notifiers: ["jira"], minSeverity: "critical" },
 * ]) });
 */
export function ruleRouter(rules: readonly RoutingRule[]): Router {
  for (const [index, rule] of rules.entries()) {
    if (rule.notifiers.length === 0)
      throw new TypeError(
        `ruleRouter: rules[${index}].notifiers: expected at least one notifier name`,
      );
    if (rule.minRelevance !== undefined && !(rule.minRelevance >= 0 && rule.minRelevance <= 100))
      throw new TypeError(
        `ruleRouter: rules[${index}].minRelevance: expected a score from 0 to 100`,
      );
  }
  const needsRelevance = rules.some((rule) => rule.minRelevance !== undefined);
  return async (event, context) => {
    // The register is read only when a rule asks for relevance, and once per event.
    let register: Register | undefined;
    if (needsRelevance && event.topic === "alert.record")
      register = await readRegister(context.storage, event.tenant);
    const scores = new Map<string, number>();
    const relevance = (groupId: string): number => {
      const known = scores.get(groupId);
      if (known !== undefined) return known;
      const group = register?.groups.find((candidate) => candidate.id === groupId);
      const score =
        register === undefined || group === undefined
          ? 0
          : scoreGroup(group, register.organisation, {
              asOf: new Date(event.createdAt),
              activities: register.activities,
              alerts: register.alerts,
            }).score;
      scores.set(groupId, score);
      return score;
    };
    const matches = ({ alert, notifier }: RouteCandidate) =>
      rules.some(
        (rule) =>
          rule.notifiers.includes(notifier.name) &&
          (rule.minSeverity === undefined || rank(alert.severity) <= rank(rule.minSeverity)) &&
          (rule.groups === undefined || rule.groups.includes(alert.group)) &&
          (rule.minRelevance === undefined || relevance(alert.group) >= rule.minRelevance),
      );
    return routeEvent(event, context, matches);
  };
}
