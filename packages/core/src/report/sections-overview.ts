import type { GroupEvaluation } from "../evaluate/evaluate.js";
import { isReviewOverdue, type ReviewStatus } from "../evaluate/review-status.js";
import { SEVERITIES, type Severity } from "../model/finding.js";
import type { Group } from "../model/group.js";
import type { ReportContext } from "./context.js";
import { counted, day, esc, link, percent } from "./escape.js";

const VERDICTS = {
  nonconformity: ["red", "✕", "Nonconformity", "At least one major or minor finding"],
  "at-risk": ["amber", "!", "At risk", "Observations, but no nonconformity"],
  ready: ["green", "✓", "Ready", "No finding above an opportunity for improvement"],
} as const;

/** Severity names as an auditor writes them. @internal */
export const SEVERITY_LABELS: Record<Severity, string> = {
  major: "Major nonconformity",
  minor: "Minor nonconformity",
  observation: "Observation",
  opportunity: "Opportunity for improvement",
};

/** A red/amber/green badge: colour, a symbol and a text label, so colour is never the only signal. */
function badge(colour: "red" | "amber" | "green", symbol: string, label: string): string {
  return `<span class="rag rag-${colour}"><span class="sym" aria-hidden="true">${symbol}</span> ${esc(label)}</span>`;
}

/** The verdict banner and key figures. @internal */
export function verdictSection(ctx: ReportContext): string {
  const { evaluation, register } = ctx;
  const { kpis } = evaluation;
  const [colour, symbol, label, meaning] = VERDICTS[evaluation.verdict];
  const figures: [string, string][] = [
    ["Groups in the register", `${kpis.groups} (${kpis.liveGroups} live)`],
    ["Active owners", String(kpis.activeOwners)],
    [`Activities, last ${kpis.windowDays} days`, String(kpis.activitiesInWindow)],
    [`Alerts, last ${kpis.windowDays} days`, String(kpis.alertsInWindow)],
    ["Alerts not yet triaged", String(kpis.alertsUntriaged)],
    ["Alerts shared to a team", percent(kpis.alertsSharedShare)],
    ["Alerts that led to an action", percent(kpis.alertsActionedShare)],
    [
      "Median days to triage",
      kpis.medianDaysToTriage === null ? "—" : String(kpis.medianDaysToTriage),
    ],
    ["Register last reviewed", day(kpis.registerLastReviewed)],
    ["Next register review due", day(kpis.registerNextReviewDue)],
  ];
  const counts = SEVERITIES.map(
    (severity) =>
      `<li>${esc(SEVERITY_LABELS[severity])}: <strong>${kpis.findings[severity]}</strong></li>`,
  ).join("");
  return (
    `<section id="verdict" aria-labelledby="verdict-h"><h2 id="verdict-h">Verdict and key figures</h2>` +
    `<p class="verdict verdict-${colour}">${badge(colour, symbol, label)} <span>${esc(meaning)}, as of ${day(evaluation.asOf)}.</span></p>` +
    `<ul class="counts">${counts}</ul>` +
    `<dl class="kpis">${figures.map(([name, value]) => `<div><dt>${esc(name)}</dt><dd>${esc(value)}</dd></div>`).join("")}</dl>` +
    `<p class="muted">Organisation: ${esc(register.organisation.name)}. Figures marked with a number of days look back from ${day(evaluation.asOf)}.</p>` +
    `</section>`
  );
}

function reviewBadge(review: ReviewStatus, asOf: Date): string {
  switch (review.status) {
    case "compliant":
      return badge("green", "✓", "Reviewed");
    case "due-soon":
      return badge("amber", "!", "Due soon");
    case "overdue":
      return badge("red", "✕", "Overdue");
    default:
      return isReviewOverdue(review, asOf)
        ? badge("red", "✕", "Never reviewed")
        : badge("amber", "!", "Not yet reviewed");
  }
}

function reviewDates(review: ReviewStatus): string {
  const last =
    review.lastReviewed === undefined ? "no review recorded" : `last ${day(review.lastReviewed)}`;
  // A group never reviewed and with no start date is due at once (see reviewStatus).
  const due = review.nextDue === undefined ? "due now" : `due ${day(review.nextDue)}`;
  return `${last}, ${due}`;
}

function relevanceCell(entry: GroupEvaluation): string {
  const rows = entry.relevance.factors
    .map(
      (factor) =>
        `<tr${factor.applicable ? "" : ` class="muted"`}><th scope="row">${esc(factor.id)}</th><td class="num">${factor.contribution.toFixed(1)}</td><td>${esc(factor.reason)}</td></tr>`,
    )
    .join("");
  return (
    `<details class="why"><summary><span class="score">${entry.relevance.score}</span><span class="sr"> out of 100, why</span></summary>` +
    `<table class="factors"><caption>Relevance of ${esc(entry.name)}: ${entry.relevance.score}/100</caption>` +
    `<thead><tr><th scope="col">Factor</th><th scope="col">Points</th><th scope="col">Why</th></tr></thead><tbody>${rows}</tbody></table></details>`
  );
}

function membershipCell(group: Group): string {
  const membership = group.membership;
  if (membership === undefined) return `<span class="muted">not recorded</span>`;
  const parts = [`<strong>${esc(membership.status)}</strong>`];
  if (membership.since !== undefined) parts.push(`since ${day(membership.since)}`);
  if (membership.renewsOn !== undefined) parts.push(`renews ${day(membership.renewsOn)}`);
  if (membership.endedOn !== undefined) parts.push(`ended ${day(membership.endedOn)}`);
  return parts.join("<br>");
}

/** The register table: one row per group with owner, relevance, review state, activity, membership. @internal */
export function registerSection(ctx: ReportContext): string {
  const { register, evaluation } = ctx;
  const byId = new Map(evaluation.groups.map((entry) => [entry.id, entry]));
  const rows = register.groups.map((group) => {
    const entry = byId.get(group.id);
    const review = entry?.review ?? { status: "never-reviewed" as const };
    const owner = esc(ctx.personName(group.owner));
    const deputy =
      group.deputy === undefined
        ? ""
        : `<br><span class="muted">deputy ${esc(ctx.personName(group.deputy))}</span>`;
    return (
      `<tr><th scope="row">${link(group.url, group.name)}<br><span class="muted">${esc(group.id)}</span></th>` +
      `<td>${esc(group.kind)}</td><td>${owner}${deputy}</td>` +
      `<td>${entry === undefined ? "—" : relevanceCell(entry)}</td>` +
      `<td>${reviewBadge(review, evaluation.asOf)}<br><span class="muted">${reviewDates(review)}</span></td>` +
      `<td class="date">${day(entry?.lastActivity)}</td><td>${membershipCell(group)}</td></tr>`
    );
  });
  const body =
    rows.length === 0 ? `<tr><td colspan="7">The register has no groups.</td></tr>` : rows.join("");
  return (
    `<section id="register" aria-labelledby="register-h"><h2 id="register-h">Register of special interest groups</h2>` +
    `<p>Each group A.5.6 asks the organisation to keep in contact with, who owns the contact, how relevant it is (open a score for its explanation) and whether its review is on time.</p>` +
    `<div class="scroll"><table class="register"><caption>${counted(register.groups.length, "group")}, as of ${day(evaluation.asOf)}</caption>` +
    `<thead><tr><th scope="col">Group</th><th scope="col">Kind</th><th scope="col">Owner</th><th scope="col">Relevance</th><th scope="col">Review</th><th scope="col">Last activity</th><th scope="col">Membership</th></tr></thead>` +
    `<tbody>${body}</tbody></table></div></section>`
  );
}

/** Findings grouped by severity, each with its remediation and the controls it evidences. @internal */
export function findingsSection(ctx: ReportContext): string {
  const { findings } = ctx.evaluation;
  const groups = SEVERITIES.map((severity) => {
    const items = findings.filter((finding) => finding.severity === severity);
    if (items.length === 0) return "";
    const list = items
      .map(
        (finding) =>
          `<li class="finding sev-${severity}"><p class="subject">${esc(ctx.subjectLabel(finding.subject))}</p>` +
          `<p>${esc(finding.message)}</p><p><strong>Remediation:</strong> ${esc(finding.remediation)}</p>` +
          `<p class="muted">Rule ${esc(finding.ruleId)} · ${finding.controls.map(esc).join(", ")}</p></li>`,
      )
      .join("");
    return `<h3 class="sev-h sev-${severity}">${esc(SEVERITY_LABELS[severity])} (${items.length})</h3><ol class="findings">${list}</ol>`;
  }).join("");
  return (
    `<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Findings</h2>` +
    (findings.length === 0 ? `<p>No findings: every rule passed.</p>` : groups) +
    `</section>`
  );
}
