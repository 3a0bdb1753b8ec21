import type { Evaluation } from "../evaluate/evaluate.js";
import type { Register } from "../model/register.js";
import { withCrosswalk } from "./crosswalk.js";

/** A column of a tabular export. */
interface Column {
  /** The row field the column shows. */
  key: string;
  /** The column's heading. */
  header: string;
}

/** The register's columns, in the order the auditor reads them: key and header. */
export const REGISTER_COLUMNS = [
  { key: "id", header: "ID" },
  { key: "name", header: "Name" },
  { key: "type", header: "Type" },
  { key: "contact", header: "Contact" },
  { key: "website", header: "Website" },
  { key: "owner", header: "Owner" },
  { key: "relevanceScore", header: "Relevance score" },
  { key: "relevance", header: "Relevance" },
  { key: "informationExchanged", header: "Information exchanged" },
  { key: "frequency", header: "Frequency" },
  { key: "flow", header: "Flow" },
  { key: "lastReview", header: "Last review" },
  { key: "reviewStatus", header: "Review status" },
  { key: "nextReviewDue", header: "Next review due" },
  { key: "membership", header: "Membership" },
] as const satisfies readonly Column[];
/** Key of a register column. */
export type RegisterColumnKey = (typeof REGISTER_COLUMNS)[number]["key"];
/** One group as a register row: text cells, the relevance score as a number, `null` when unknown. */
export type RegisterRow = {
  [TKey in RegisterColumnKey]: TKey extends "relevanceScore" ? number : string | null;
};

/** The findings' columns: key and header. */
export const FINDING_COLUMNS = [
  { key: "severity", header: "Severity" },
  { key: "ruleId", header: "Rule" },
  { key: "subject", header: "Subject" },
  { key: "message", header: "Finding" },
  { key: "remediation", header: "Remediation" },
  { key: "controls", header: "Controls" },
  { key: "mappedControls", header: "Mapped controls (crosswalk)" },
] as const satisfies readonly Column[];
/** Key of a findings column. */
export type FindingColumnKey = (typeof FINDING_COLUMNS)[number]["key"];
/** One finding as a row of text cells; controls joined with `; `. */
export type FindingRow = Record<FindingColumnKey, string>;

/** `YYYY-MM-DD` of a date, or `null`. */
export function isoDate(date: Date | null | undefined): string | null {
  return date === null || date === undefined ? null : date.toISOString().slice(0, 10);
}

/**
 * The register as rows, one per group in register order: owner by name, relevance score and review
 * state from the evaluation. The same rows feed every tabular format.
 */
export function registerRows(register: Register, evaluation: Evaluation): RegisterRow[] {
  const people = new Map(register.people.map((person) => [person.id, person]));
  const evaluated = new Map(evaluation.groups.map((group) => [group.id, group]));
  return register.groups.map((group) => {
    const state = evaluated.get(group.id);
    const owner = group.owner === undefined ? undefined : people.get(group.owner);
    const lastReview = state?.review.lastReviewed ?? group.lastReviewed;
    return {
      id: group.id,
      name: group.name,
      type: group.kind,
      contact: group.contact ?? null,
      website: group.url ?? null,
      owner: owner?.name ?? group.owner ?? null,
      relevanceScore: Math.round(state?.relevance.score ?? 0),
      relevance: group.relevance ?? null,
      informationExchanged: group.informationExchanged ?? null,
      frequency: group.expectedCadence ?? null,
      flow: group.flow ?? null,
      lastReview: isoDate(lastReview),
      reviewStatus: state?.review.status ?? null,
      nextReviewDue: isoDate(state?.review.nextDue),
      membership: group.membership?.status ?? null,
    };
  });
}

/** The evaluation's findings as rows, most severe first, with their crosswalk controls. */
export function findingRows(evaluation: Evaluation): FindingRow[] {
  return evaluation.findings.map((finding) => ({
    severity: finding.severity,
    ruleId: finding.ruleId,
    subject: `${finding.subject.type}:${finding.subject.id}`,
    message: finding.message,
    remediation: finding.remediation,
    controls: finding.controls.join("; "),
    mappedControls: withCrosswalk(finding)
      .crosswalk.map((row) => `${row.to} (${row.relationship})`)
      .join("; "),
  }));
}
