import { type GroupFacts, isLive, registerFacts } from "../evaluate/register-index.js";
import type { Group } from "../model/group.js";
import { jurisdictionCovers, topicMatches } from "../model/topics.js";
import { A56, defineRule, type RuleHit } from "./types.js";

/** A gap in the portfolio of groups against the organisation profile. */
export interface CoverageGap {
  /** What is not covered. */
  dimension: "jurisdiction" | "technology" | "sector" | "professional-body";
  /** The uncovered value (`GB`, `postgresql`, `finance`), or `any` for the professional body. */
  value: string;
}

/**
 * The coverage gaps of a set of groups against a profile: a jurisdiction with no government CERT, a
 * technology or sector no group covers, no professional body. Only live groups count.
 * @example coverageGaps(register.groups, register.organisation)
 */
export function coverageGaps(
  groups: readonly Group[],
  profile: {
    jurisdictions: readonly string[];
    technologies: readonly string[];
    sectors: readonly string[];
  },
): CoverageGap[] {
  const live = groups.filter(isLive);
  const gaps: CoverageGap[] = [];
  const certs = live.filter((group) => group.kind === "government-cert");
  for (const jurisdiction of profile.jurisdictions) {
    if (
      !certs.some((group) =>
        group.jurisdictions.some((served) => jurisdictionCovers(served, jurisdiction)),
      )
    ) {
      gaps.push({ dimension: "jurisdiction", value: jurisdiction });
    }
  }
  for (const technology of profile.technologies) {
    if (
      !live.some((group) =>
        group.topics.technologies.some((covered) => topicMatches(technology, covered)),
      )
    ) {
      gaps.push({ dimension: "technology", value: technology });
    }
  }
  for (const sector of profile.sectors) {
    if (
      !live.some((group) => group.topics.sectors.some((covered) => topicMatches(sector, covered)))
    )
      gaps.push({ dimension: "sector", value: sector });
  }
  if (!live.some((group) => group.kind === "professional-body"))
    gaps.push({ dimension: "professional-body", value: "any" });
  return gaps;
}

/** {@link coverageGaps} over the evaluation's facts of the groups, in plain loops: the same gaps. */
function factGaps(
  groups: readonly GroupFacts[],
  profile: {
    jurisdictions: readonly string[];
    technologies: readonly string[];
    sectors: readonly string[];
  },
): CoverageGap[] {
  const live: GroupFacts[] = [];
  const certs: GroupFacts[] = [];
  let professionalBody = false;
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i] as GroupFacts;
    if (!group.live) continue;
    live.push(group);
    if (group.kind === "government-cert") certs.push(group);
    else if (group.kind === "professional-body") professionalBody = true;
  }
  const gaps: CoverageGap[] = [];
  for (const jurisdiction of profile.jurisdictions) {
    if (!anyServes(certs, jurisdiction))
      gaps.push({ dimension: "jurisdiction", value: jurisdiction });
  }
  for (const technology of profile.technologies) {
    if (!anyCoversTechnology(live, technology))
      gaps.push({ dimension: "technology", value: technology });
  }
  for (const sector of profile.sectors) {
    if (!anyCoversSector(live, sector)) gaps.push({ dimension: "sector", value: sector });
  }
  if (!professionalBody) gaps.push({ dimension: "professional-body", value: "any" });
  return gaps;
}

function anyServes(certs: readonly GroupFacts[], jurisdiction: string): boolean {
  for (let i = 0; i < certs.length; i++) {
    const served = (certs[i] as GroupFacts).jurisdictions;
    for (let j = 0; j < served.length; j++)
      if (jurisdictionCovers(served[j] as string, jurisdiction)) return true;
  }
  return false;
}

function anyCoversTechnology(live: readonly GroupFacts[], technology: string): boolean {
  for (let i = 0; i < live.length; i++) {
    const covered = (live[i] as GroupFacts).topics.technologies;
    for (let j = 0; j < covered.length; j++)
      if (topicMatches(technology, covered[j] as string)) return true;
  }
  return false;
}

function anyCoversSector(live: readonly GroupFacts[], sector: string): boolean {
  // The relevance score's matching: a group of `finance` covers an organisation in `finance/banking`.
  for (let i = 0; i < live.length; i++) {
    const covered = (live[i] as GroupFacts).topics.sectors;
    for (let j = 0; j < covered.length; j++)
      if (topicMatches(sector, covered[j] as string)) return true;
  }
  return false;
}

const MESSAGES: Record<CoverageGap["dimension"], (value: string) => [string, string]> = {
  jurisdiction: (value) => [
    `No government CERT in the register serves ${value}.`,
    `Add the national CERT/CSIRT for ${value} (kind government-cert, jurisdictions [${value}]) and subscribe to its alerts.`,
  ],
  technology: (value) => [
    `No group covers "${value}", which is in the tech stack.`,
    `Add the vendor's security bulletin or a community that covers "${value}", with it under topics.technologies.`,
  ],
  sector: (value) => [
    `No group covers the "${value}" sector.`,
    `Add a sector group (an ISAC or sector forum) for "${value}".`,
  ],
  "professional-body": () => [
    "No professional body is in the register.",
    "Add a professional body (ISACA, ISC2, a national association) for best practice and training.",
  ],
};

/** One finding per coverage gap. */
export const coverageGap = defineRule({
  id: "coverage-gap",
  title: "Coverage gap",
  description:
    "The mix of groups misses part of the organisation profile: a jurisdiction with no government CERT, a technology in the stack or a sector no group covers, or no professional body at all. Finding subjects are `jurisdiction:XX`, `technology:name`, `sector:name` and `professional-body:any`.",
  severity: "observation",
  controls: [A56],
  remediation: "Add a group that covers the gap, or record in a review why it is accepted.",
  policyKeys: [],
  check: ({ register, index }) =>
    factGaps(registerFacts(register, index).list, register.organisation).map((gap): RuleHit => {
      const [message, remediation] = MESSAGES[gap.dimension](gap.value);
      return {
        subject: { type: "register", id: `${gap.dimension}:${gap.value}` },
        message,
        remediation,
      };
    }),
});
