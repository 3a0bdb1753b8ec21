import {
  type Evaluation,
  type Finding,
  SEVERITIES,
  type Severity,
  type Verdict,
} from "@sigreg/core";
import { isoDay } from "./dates.js";
import { clean, type Style, table } from "./style.js";

const HEADINGS: Record<Severity, string> = {
  major: "MAJOR",
  minor: "MINOR",
  observation: "OBSERVATION",
  opportunity: "OPPORTUNITY",
};

/** The colour of each severity: red major, yellow minor, cyan observation, dim opportunity. */
function severityColor(style: Style, severity: Severity): (text: string) => string {
  switch (severity) {
    case "major":
      return style.red;
    case "minor":
      return style.yellow;
    case "observation":
      return style.cyan;
    case "opportunity":
      return style.dim;
  }
}

function verdictColor(style: Style, verdict: Verdict): (text: string) => string {
  switch (verdict) {
    case "nonconformity":
      return style.red;
    case "at-risk":
      return style.yellow;
    case "ready":
      return style.green;
  }
}

/** How a finding's subject reads: `register`, `group:owasp`, `person:alice`, `jurisdiction:GB`. */
export function subjectLabel(subject: Finding["subject"]): string {
  return subject.type === "register" ? subject.id : `${subject.type}:${subject.id}`;
}

/** `2 major, 5 minor, 3 observations, 1 opportunity`. @internal */
export function countsPhrase(counts: Record<Severity, number>): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [
    `${counts.major} major`,
    `${counts.minor} minor`,
    plural(counts.observation, "observation", "observations"),
    plural(counts.opportunity, "opportunity", "opportunities"),
  ].join(", ");
}

/**
 * The text report of `sigreg check`: findings grouped by severity (most severe first) with their
 * remediation, a table of groups, and the verdict on the last line.
 */
export function formatCheckText(evaluation: Evaluation, style: Style): string {
  const lines: string[] = [];
  const counts = evaluation.kpis.findings;

  if (evaluation.findings.length === 0) {
    lines.push(style.green("No findings."), "");
  }
  for (const severity of SEVERITIES) {
    const findings = evaluation.findings.filter((finding) => finding.severity === severity);
    if (findings.length === 0) continue;
    const color = severityColor(style, severity);
    lines.push(style.bold(color(`${HEADINGS[severity]} (${findings.length})`)));
    for (const finding of findings) {
      lines.push(
        `  ${color(clean(finding.ruleId))} [${clean(subjectLabel(finding.subject))}] ${clean(finding.message)}`,
      );
      lines.push(`      ${style.dim(`fix: ${clean(finding.remediation)}`)}`);
    }
    lines.push("");
  }

  lines.push(style.bold(`GROUPS (${evaluation.groups.length})`));
  if (evaluation.groups.length === 0) {
    lines.push("  (none)");
  } else {
    const rows = [
      ["ID", "RELEVANCE", "REVIEW", "NEXT REVIEW", "LAST ACTIVITY"],
      ...evaluation.groups.map((group) => [
        clean(group.id),
        String(group.relevance.score),
        group.review.status,
        group.review.nextDue === undefined ? "-" : isoDay(group.review.nextDue),
        group.lastActivity === null ? "-" : isoDay(group.lastActivity),
      ]),
    ];
    const [header, ...body] = table(rows, new Set([1]));
    lines.push(`  ${style.dim(header ?? "")}`);
    for (const row of body) lines.push(`  ${row}`);
  }
  lines.push("");

  lines.push(...kpiLines(evaluation, style), "");

  const verdict = verdictColor(style, evaluation.verdict)(evaluation.verdict);
  lines.push(
    `${style.bold("Verdict:")} ${style.bold(verdict)} — ${countsPhrase(counts)} (as of ${isoDay(evaluation.asOf)})`,
  );
  return `${lines.join("\n")}\n`;
}

const percent = (share: number | null) => (share === null ? "-" : `${Math.round(share * 100)}%`);
const days = (value: number | null) => (value === null ? "-" : `${value} d`);

/** The feedback-loop KPIs: alerts in the window, what became of them, and how fast. */
function kpiLines(evaluation: Evaluation, style: Style): string[] {
  const k = evaluation.kpis;
  const perGroup = Object.entries(k.alertsPerGroup)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([group, count]) => `${clean(group)} ${count}`);
  return [
    style.bold(`FEEDBACK LOOP (last ${k.windowDays} days)`),
    `  alerts ${k.alertsInWindow} · actioned ${percent(k.alertsActionedShare)} · shared ${percent(k.alertsSharedShare)} · tickets ${k.tickets} (closed ${percent(k.ticketsClosedShare)}) · untriaged ${k.alertsUntriaged}`,
    `  median time to triage ${days(k.medianDaysToTriage)} · to share ${days(k.medianDaysToShare)} · to ticket ${days(k.medianDaysToTicket)}`,
    `  alerts per group: ${perGroup.length === 0 ? "none" : perGroup.join(", ")}`,
  ];
}
