import type {
  Evaluation,
  Finding,
  Kpis,
  RelevanceFactor,
  ReviewStatusName,
  Verdict,
} from "@sigreg/core";
import { isoDay, isoOrNull } from "./dates.js";

/** A group in the JSON report. */
export interface CheckJsonGroup {
  /** The group's id. */
  id: string;
  /** How relevant the group is to the organisation. */
  relevance: {
    /** Relevance score. */
    score: number;
    /** What the score is made of. */
    factors: RelevanceFactor[];
  };
  /** Where the group's review stands. */
  review: {
    /** Review status. */
    status: ReviewStatusName;
    /** ISO 8601 instant (UTC midnight for a date) of the last review, or `null`. */
    lastReviewed: string | null;
    /** ISO 8601 instant (UTC midnight) the next review is due, or `null`. */
    nextDue: string | null;
  };
  /** ISO 8601 instant of the latest activity or alert, or `null`. */
  lastActivity: string | null;
}

/** The JSON report of `sigreg check --format json`; dates are ISO 8601 strings. */
export interface CheckJson {
  /** The day evaluated for, `YYYY-MM-DD`. */
  asOf: string;
  /** The overall verdict. */
  verdict: Verdict;
  /** Findings, most severe first. */
  findings: Finding[];
  /** One entry per group. */
  groups: CheckJsonGroup[];
  /** The register's KPIs, with dates as `YYYY-MM-DD` strings. */
  kpis: Omit<Kpis, "registerLastReviewed" | "registerNextReviewDue"> & {
    /** `YYYY-MM-DD` of the last register review, or `null`. */
    registerLastReviewed: string | null;
    /** `YYYY-MM-DD` the next register review is due, or `null`. */
    registerNextReviewDue: string | null;
  };
}

/** The evaluation as plain JSON data, in the documented shape. */
export function toCheckJson(evaluation: Evaluation): CheckJson {
  return {
    asOf: isoDay(evaluation.asOf),
    verdict: evaluation.verdict,
    findings: evaluation.findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      subject: { type: finding.subject.type, id: finding.subject.id },
      message: finding.message,
      remediation: finding.remediation,
      controls: [...finding.controls],
    })),
    groups: evaluation.groups.map((group) => ({
      id: group.id,
      relevance: { score: group.relevance.score, factors: group.relevance.factors },
      review: {
        status: group.review.status,
        lastReviewed: isoOrNull(group.review.lastReviewed),
        nextDue: isoOrNull(group.review.nextDue),
      },
      lastActivity: isoOrNull(group.lastActivity),
    })),
    kpis: {
      ...evaluation.kpis,
      registerLastReviewed: isoOrNull(evaluation.kpis.registerLastReviewed),
      registerNextReviewDue: isoOrNull(evaluation.kpis.registerNextReviewDue),
    },
  };
}

/** The JSON report, pretty-printed, with a final newline. */
export function formatCheckJson(evaluation: Evaluation): string {
  return `${JSON.stringify(toCheckJson(evaluation), null, 2)}\n`;
}
