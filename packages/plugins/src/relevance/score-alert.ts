import {
  type Alert,
  type Group,
  matchTopics,
  type OrganisationProfile,
  scoreGroup,
  toToken,
} from "@sigreg/core";
import type { PluginDiagnostic } from "../sdk/guard.js";
import type { Contributed } from "../sdk/host.js";
import type { Scorer } from "../sdk/types.js";
import { alertText, extractCves, matchTechnologies, textTokens } from "./text-match.js";

/** Weights of the built-in alert relevance factors. */
export interface AlertRelevanceWeights {
  /** The organisation's technologies named by the alert. */
  technology: number;
  /** The alert's severity (and known ransomware use). */
  severity: number;
  /** The source group's own relevance score. */
  group: number;
  /** The organisation's risk themes named by the alert. */
  riskThemes: number;
  /** The alert names a CVE, so it is actionable. */
  cve: number;
}

/** Default weights: what we run matters most, then how bad it is, then who says so. */
export const DEFAULT_ALERT_WEIGHTS: AlertRelevanceWeights = {
  technology: 4,
  severity: 2,
  group: 1,
  riskThemes: 1,
  cve: 0.5,
};

/** Default routing threshold: alerts scoring below it are stored but not pushed. */
export const DEFAULT_PUSH_THRESHOLD = 50;

/** One factor of an alert's relevance. */
export interface AlertFactor {
  /** Factor id: a built-in one or a plugin scorer's id. */
  id: string;
  /** Its weight. */
  weight: number;
  /** How well the alert meets it, 0–1. */
  value: number;
  /** Points it adds to the 0–100 score. */
  contribution: number;
  /** Whether it counted (a technology factor does not when the organisation lists none). */
  applicable: boolean;
  /** Why, in words. */
  reason: string;
}

/** An alert's relevance: score, whether it is pushed, the factors, and plugin failures. */
export interface AlertScore {
  /** 0–100. */
  score: number;
  /** Whether the score reaches the threshold. */
  push: boolean;
  /** Each factor with its contribution. */
  factors: AlertFactor[];
  /** CVE ids stated by the source or found in the text. */
  cves: string[];
  /** Scorers that threw, attributed to their plugin. */
  diagnostics: PluginDiagnostic[];
}

/** Options of {@link scoreAlert}. */
export interface ScoreAlertOptions {
  /** When the score is computed (for the group's own score). */
  asOf: Date;
  /** Routing threshold, 0–100. @default 50 */
  threshold?: number;
  /** Factor weights. */
  weights?: Partial<AlertRelevanceWeights>;
  /** Plugin scorers adding factors. */
  scorers?: readonly Contributed<Scorer>[];
}

/** Credit for an alert from a feed about one of our ecosystems that names no technology of ours itself. */
const ECOSYSTEM_STRENGTH = 0.5;

const SEVERITY_VALUE: Record<Alert["severity"], number> = {
  critical: 1,
  high: 0.8,
  medium: 0.5,
  low: 0.25,
  info: 0.1,
};

/**
 * Scores an alert against the organisation profile, with an explanation per factor.
 * @example
 * const { score, push, factors } = scoreAlert(alert, group, profile, { asOf: new Date() });
 */
export function scoreAlert(
  alert: Alert,
  group: Group,
  profile: OrganisationProfile,
  options: ScoreAlertOptions,
): AlertScore {
  const weights = { ...DEFAULT_ALERT_WEIGHTS, ...options.weights };
  const text = alertText(alert);
  const tokens = textTokens(text);
  const cves = [...new Set([...alert.cves, ...extractCves(text)])];
  const factors: AlertFactor[] = [
    technologyFactor(profile, group, alert.products ?? [], tokens, weights.technology),
    severityFactor(alert, weights.severity),
    groupFactor(group, profile, options.asOf, weights.group),
    themeFactor(profile, tokens, alert.ransomware === true, weights.riskThemes),
    factor(
      "cve",
      weights.cve,
      cves.length > 0 ? 1 : 0,
      true,
      cves.length > 0
        ? `names ${cves.slice(0, 3).join(", ")}${cves.length > 3 ? "…" : ""}`
        : "names no CVE",
    ),
  ];
  const diagnostics: PluginDiagnostic[] = [];
  for (const { plugin, value: scorer } of options.scorers ?? []) {
    try {
      const extra = scorer.score({ alert, group, profile });
      if (extra === undefined) continue;
      const value = Math.min(1, Math.max(0, Number(extra.value) || 0));
      const weight = Number.isFinite(extra.weight) ? Math.max(0, extra.weight) : 0;
      factors.push(factor(scorer.id, weight, value, true, String(extra.reason)));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      diagnostics.push({
        code: "PLUGIN_THREW",
        plugin,
        hook: `scorers.${scorer.id}`,
        message: `plugin "${plugin}" scorers.${scorer.id} threw: ${reason}`,
      });
    }
  }
  let total = 0;
  for (const entry of factors) if (entry.applicable) total += entry.weight;
  let score = 0;
  for (const entry of factors) {
    entry.contribution =
      entry.applicable && total > 0 ? (100 * entry.weight * entry.value) / total : 0;
    score += entry.contribution;
  }
  const rounded = Math.round(score);
  return {
    score: rounded,
    push: rounded >= (options.threshold ?? DEFAULT_PUSH_THRESHOLD),
    factors,
    cves,
    diagnostics,
  };
}

function factor(
  id: string,
  weight: number,
  value: number,
  applicable: boolean,
  reason: string,
): AlertFactor {
  return { id, weight, value: Math.round(value * 100) / 100, contribution: 0, applicable, reason };
}

function technologyFactor(
  profile: OrganisationProfile,
  group: Group,
  products: readonly string[],
  tokens: ReadonlySet<string>,
  weight: number,
): AlertFactor {
  if (profile.technologies.length === 0)
    return factor("technology", weight, 0, false, "the organisation lists no technology");
  const matches = matchTechnologies(profile.technologies, products, tokens);
  if (matches.length === 0) {
    // A feed per package ecosystem (GitHub's npm advisories) rarely names the ecosystem in each
    // item; the group's own technology topics say which ecosystem its items are about.
    const ecosystem = matchTopics(profile.technologies, group.topics.technologies);
    return ecosystem.length === 0
      ? factor("technology", weight, 0, true, "names none of our technologies")
      : factor(
          "technology",
          weight,
          ECOSYSTEM_STRENGTH,
          true,
          `from a feed about our ${ecosystem.join(", ")}`,
        );
  }
  const best = Math.max(...matches.map((match) => match.strength));
  const named = matches.map((match) => `${match.technology} (${match.via})`).join(", ");
  return factor("technology", weight, best, true, `names our ${named}`);
}

function severityFactor(alert: Alert, weight: number): AlertFactor {
  let value = SEVERITY_VALUE[alert.severity];
  let reason = `severity ${alert.severity}`;
  if (alert.ransomware === true) {
    value = 1;
    reason += "; known use in ransomware campaigns";
  }
  if (alert.dueDate !== undefined)
    reason += `; remediation due ${alert.dueDate.toISOString().slice(0, 10)}`;
  return factor("severity", weight, value, true, reason);
}

function groupFactor(
  group: Group,
  profile: OrganisationProfile,
  asOf: Date,
  weight: number,
): AlertFactor {
  const { score } = scoreGroup(group, profile, { asOf });
  return factor("group", weight, score / 100, true, `from ${group.name}, relevance ${score}/100`);
}

function themeFactor(
  profile: OrganisationProfile,
  tokens: ReadonlySet<string>,
  ransomware: boolean,
  weight: number,
): AlertFactor {
  if (profile.riskThemes.length === 0)
    return factor("riskThemes", weight, 0, false, "the organisation lists no risk theme");
  const named = profile.riskThemes.filter(
    (theme) => tokens.has(toToken(theme)) || (ransomware && theme === "ransomware"),
  );
  return named.length === 0
    ? factor("riskThemes", weight, 0, true, "names none of our risk themes")
    : factor("riskThemes", weight, 1, true, `names our risk theme ${named.join(", ")}`);
}
