import { isLive } from "../evaluate/register-index.js";
import type { Action } from "../model/activity.js";
import type { Group } from "../model/group.js";
import { jurisdictionCovers, topicMatches } from "../model/topics.js";
import { builtinRules } from "../rules/index.js";
import type { ReportContext } from "./context.js";
import { counted, day, esc, link } from "./escape.js";

function none(text: string): string {
  return `<span class="muted">${esc(text)}</span>`;
}

/** The register reviews, newest first, with their scope and decisions. @internal */
export function reviewsSection(ctx: ReportContext): string {
  const reviews = [...ctx.register.reviews].sort((a, b) => b.date.getTime() - a.date.getTime());
  const rows = reviews.map((review) => {
    const scope =
      review.scope === "all"
        ? "whole register"
        : review.scope.map((id) => ctx.groupName(id)).join(", ");
    const decisions =
      review.decisions.length === 0
        ? none("none recorded")
        : `<ul>${review.decisions
            .map(
              (decision) =>
                `<li>${esc(ctx.groupName(decision.group))}: <strong>${esc(decision.decision)}</strong>${decision.note === undefined ? "" : ` (${esc(decision.note)})`}</li>`,
            )
            .join("")}</ul>`;
    return (
      `<tr><th scope="row" class="date">${day(review.date)}</th><td>${esc(ctx.personName(review.reviewer))}</td>` +
      `<td>${esc(scope)}</td><td>${decisions}</td><td>${review.notes === undefined ? "" : esc(review.notes)}</td></tr>`
    );
  });
  return (
    `<section id="reviews" aria-labelledby="reviews-h"><h2 id="reviews-h">Review history</h2>` +
    `<p>A.5.6 memberships are kept only while they serve a purpose; these reviews are the record that someone checked.</p>` +
    (rows.length === 0
      ? `<p>No review of the register is recorded.</p>`
      : `<div class="scroll"><table><caption>${counted(rows.length, "review")}, newest first</caption><thead><tr><th scope="col">Date</th><th scope="col">Reviewer</th><th scope="col">Scope</th><th scope="col">Decisions</th><th scope="col">Notes</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`) +
    `</section>`
  );
}

function actionsList(actions: readonly Action[]): string {
  if (actions.length === 0) return none("no action");
  return `<ul>${actions
    .map((action) => {
      const ref = action.ref === undefined ? "" : ` ${link(action.url, action.ref)}`;
      const url =
        action.ref === undefined && action.url !== undefined ? ` ${link(action.url)}` : "";
      const on =
        action.on === undefined
          ? " (not dated)"
          : ` on <span class="nowrap">${day(action.on)}</span>`;
      const note = action.note === undefined ? "" : `: ${esc(action.note)}`;
      return `<li><strong>${esc(action.type)}</strong>${ref}${url}${on}${note}</li>`;
    })
    .join("")}</ul>`;
}

/** The feedback-loop trails: each alert, where it was shared and what was done about it. @internal */
export function trailsSection(ctx: ReportContext): string {
  const alerts = [...ctx.register.alerts].sort(
    (a, b) => b.received.getTime() - a.received.getTime() || a.id.localeCompare(b.id),
  );
  const rows = alerts.map((alert) => {
    const triage =
      alert.triagedOn === undefined
        ? `<strong>${esc(alert.state)}</strong>`
        : `<strong>${esc(alert.state)}</strong><br>${day(alert.triagedOn)} by ${esc(ctx.personName(alert.triagedBy))}`;
    const dismissed =
      alert.dismissedReason === undefined
        ? ""
        : `<br><span class="muted">${esc(alert.dismissedReason)}</span>`;
    const shared =
      alert.sharedTo.length === 0
        ? none("not shared")
        : `<ul>${alert.sharedTo.map((share) => `<li>${esc(share.channel)} on <span class="nowrap">${day(share.on)}</span></li>`).join("")}</ul>`;
    const cves =
      alert.cves.length === 0
        ? ""
        : `<br><span class="muted">${alert.cves.map(esc).join(", ")}</span>`;
    return (
      `<tr><th scope="row">${link(alert.url, alert.title)}<br><span class="muted">${esc(alert.id)} · ${esc(alert.severity)}</span>${cves}</th>` +
      `<td>${esc(ctx.groupName(alert.group))}</td><td class="date">${day(alert.received)}</td><td>${triage}${dismissed}</td>` +
      `<td>${shared}</td><td>${actionsList(alert.actions)}</td></tr>`
    );
  });
  const engaged = ctx.register.activities.filter((activity) => activity.actions.length > 0);
  const activityRows = [...engaged]
    .sort((a, b) => b.date.getTime() - a.date.getTime())
    .map(
      (activity) =>
        `<tr><th scope="row" class="date">${day(activity.date)}</th><td>${esc(ctx.groupName(activity.group))}</td><td>${esc(activity.type)}</td>` +
        `<td>${activity.summary === undefined ? "" : link(activity.url, activity.summary)}</td><td>${actionsList(activity.actions)}</td></tr>`,
    );
  return (
    `<section id="trails" aria-labelledby="trails-h"><h2 id="trails-h">Feedback-loop trails</h2>` +
    `<p>Contact with a group is worth little unless what it tells us reaches the people who act: each alert, where it was shared, and the tickets or changes it led to.</p>` +
    (rows.length === 0
      ? `<p>No alerts are recorded.</p>`
      : `<div class="scroll"><table class="trails"><caption>${counted(rows.length, "alert")}, newest first</caption><thead><tr><th scope="col">Alert</th><th scope="col">From</th><th scope="col">Received</th><th scope="col">Triage</th><th scope="col">Shared to</th><th scope="col">Actions and tickets</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`) +
    (activityRows.length === 0
      ? ""
      : `<div class="scroll"><table><caption>Other engagement that led to action (${activityRows.length})</caption><thead><tr><th scope="col">Date</th><th scope="col">Group</th><th scope="col">Kind</th><th scope="col">Summary</th><th scope="col">Actions</th></tr></thead><tbody>${activityRows.join("")}</tbody></table></div>`) +
    `</section>`
  );
}

function coveredBy(groups: readonly Group[], covers: (group: Group) => boolean): string {
  const names = groups.filter(covers).map((group) => group.name);
  return names.length === 0
    ? `<span class="rag rag-red"><span class="sym" aria-hidden="true">✕</span> Gap</span>`
    : `<span class="rag rag-green"><span class="sym" aria-hidden="true">✓</span> Covered</span> ${esc(names.join(", "))}`;
}

/** Coverage of the organisation profile by the live groups, as the coverage rule sees it. @internal */
export function coverageSection(ctx: ReportContext): string {
  const profile = ctx.register.organisation;
  const live = ctx.register.groups.filter(isLive);
  const rows: [string, string, string][] = [];
  for (const value of profile.jurisdictions)
    rows.push([
      "Jurisdiction (government CERT)",
      value,
      coveredBy(
        live,
        (group) =>
          group.kind === "government-cert" &&
          group.jurisdictions.some((served) => jurisdictionCovers(served, value)),
      ),
    ]);
  for (const value of profile.technologies)
    rows.push([
      "Technology",
      value,
      coveredBy(live, (group) =>
        group.topics.technologies.some((covered) => topicMatches(value, covered)),
      ),
    ]);
  for (const value of profile.sectors)
    rows.push(["Sector", value, coveredBy(live, (group) => group.topics.sectors.includes(value))]);
  rows.push([
    "Professional body",
    "any",
    coveredBy(live, (group) => group.kind === "professional-body"),
  ]);
  const info: [string, string, string][] = [];
  for (const value of profile.regulations)
    info.push([
      "Regulation",
      value,
      coveredBy(live, (group) => group.topics.regulations.includes(value)),
    ]);
  for (const value of profile.riskThemes)
    info.push([
      "Risk theme",
      value,
      coveredBy(live, (group) => group.topics.riskThemes.includes(value)),
    ]);
  const table = (caption: string, entries: [string, string, string][]) =>
    `<div class="scroll"><table><caption>${esc(caption)}</caption><thead><tr><th scope="col">Dimension</th><th scope="col">Value</th><th scope="col">Covered by</th></tr></thead><tbody>${entries
      .map(
        ([dimension, value, cell]) =>
          `<tr><th scope="row">${esc(dimension)}</th><td>${esc(value)}</td><td>${cell}</td></tr>`,
      )
      .join("")}</tbody></table></div>`;
  return (
    `<section id="coverage" aria-labelledby="coverage-h"><h2 id="coverage-h">Coverage against the organisation profile</h2>` +
    `<p>Whether the groups kept match where ${esc(profile.name)} operates and what it runs. Gaps in the first table are findings of the coverage-gap rule; the second is for information.</p>` +
    table("Checked by the coverage rule (live groups only)", rows) +
    (info.length === 0 ? "" : table("For information: regulations and risk themes", info)) +
    `</section>`
  );
}

/** The controls the evidence serves, with the caller's crosswalk to other frameworks. @internal */
export function crosswalkSection(ctx: ReportContext): string {
  const cited = new Map<string, number>();
  for (const rule of builtinRules)
    for (const control of rule.controls) if (!cited.has(control)) cited.set(control, 0);
  for (const finding of ctx.evaluation.findings)
    for (const control of finding.controls) cited.set(control, (cited.get(control) ?? 0) + 1);
  const mappings = ctx.options.crosswalk ?? [];
  const rows = [...cited.keys()].sort().map((control) => {
    const mapped = mappings.filter((mapping) => mapping.from === control);
    const cell =
      mapped.length === 0
        ? none(mappings.length === 0 ? "no crosswalk supplied" : "no mapping")
        : `<ul>${mapped
            .map(
              (mapping) =>
                `<li><strong>${esc(mapping.framework)} ${esc(mapping.control)}</strong> (${esc(mapping.relationship)}); source: ${link(mapping.sourceUrl, mapping.source)}</li>`,
            )
            .join("")}</ul>`;
    return `<tr><th scope="row">${esc(control)}</th><td class="num">${cited.get(control) ?? 0}</td><td>${cell}</td></tr>`;
  });
  return (
    `<section id="crosswalk" aria-labelledby="crosswalk-h"><h2 id="crosswalk-h">Controls this evidence serves</h2>` +
    `<p>The controls the rules check and the findings cite, and what they map to in other frameworks, with the source of each mapping.</p>` +
    `<div class="scroll"><table><caption>Controls and crosswalk</caption><thead><tr><th scope="col">Control</th><th scope="col">Findings citing it</th><th scope="col">Maps to</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>` +
    `</section>`
  );
}
