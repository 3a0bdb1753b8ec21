import type { Finding } from "../model/finding.js";

/** How a mapped control relates to A.5.6, in the terms of the source that maps it. */
export const CROSSWALK_RELATIONSHIPS = [
  "equal",
  "intersects-with",
  "predecessor",
  "related",
  "indirect",
] as const;
/** One of {@link CROSSWALK_RELATIONSHIPS}. */
export type CrosswalkRelationship = (typeof CROSSWALK_RELATIONSHIPS)[number];

/** Where a crosswalk row comes from: a document anyone can open, and what it says. */
export interface CrosswalkSource {
  /** Title of the source document or page. */
  title: string;
  /** Where to read it. */
  url: string;
  /** What the source says about this row, and any caveat. */
  note: string;
}

/** One mapping of A.5.6 to a control of another framework, with its source. */
export interface CrosswalkRow {
  /** The control mapped from; always `ISO27001:2022/A.5.6`. */
  from: string;
  /** The control mapped to, written as sigreg writes control ids (`FRAMEWORK/CONTROL`). */
  to: string;
  /** The framework of `to`, in words. */
  framework: string;
  /** How `to` relates to `from`. */
  relationship: CrosswalkRelationship;
  /** The source of the mapping; a row without one does not ship. */
  source: CrosswalkSource;
}

const A56 = "ISO27001:2022/A.5.6";
const NIST_MAPPING: Omit<CrosswalkSource, "note"> = {
  title: "NIST SP 800-53 Rev. 5 control mappings to ISO/IEC 27001:2022 (NIST, July 2023)",
  url: "https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
};
const SCF_GOV07: Omit<CrosswalkSource, "note"> = {
  title: "Secure Controls Framework GOV-07 Contacts With Groups & Associations (SCF Connect)",
  url: "https://scfconnect.com/controls/gov/gov-07",
};
const SCF_INDIRECT =
  "Indirect, through SCF GOV-07: SCF maps GOV-07 to both ID.RA-02 and ISO 27002:2022 5.6. Not a direct mapping: CSF-to-ISO mappings relate ID.RA-02 to A.5.7 (threat intelligence) rather than A.5.6.";

/**
 * The mapping of ISO/IEC 27001:2022 A.5.6 to other frameworks, each row with its relationship and
 * its source. Nothing here is inferred: a row cites the page that states it.
 */
export const CROSSWALK: readonly CrosswalkRow[] = Object.freeze([
  {
    from: A56,
    to: "ISO27001:2013/A.6.1.4",
    framework: "ISO/IEC 27001:2013",
    relationship: "predecessor",
    source: {
      title: "ISO 27001:2022 Annex 5.6: Contact with special interest groups (hicomply)",
      url: "https://hicomply.com/iso-27001/iso-27001-annex-a-5.6",
      note: "A.5.6 of the 2022 edition was A.6.1.4 of the 2013 edition; ISO/IEC 27002:2022 Annex B (correspondence with ISO/IEC 27002:2013) gives the same pairing.",
    },
  },
  {
    from: A56,
    to: "NIST-SP-800-53r5/PM-15",
    framework: "NIST SP 800-53 Rev. 5",
    relationship: "intersects-with",
    source: {
      ...NIST_MAPPING,
      note: "PM-15 Security and Privacy Groups and Associations: NIST's mapping relates it to A.5.6 as intersecting, not equivalent; NIST warns that its mappings are not always one-to-one.",
    },
  },
  {
    from: A56,
    to: "NIST-SP-800-53r5/SI-5",
    framework: "NIST SP 800-53 Rev. 5",
    relationship: "intersects-with",
    source: {
      ...NIST_MAPPING,
      note: "SI-5 Security Alerts, Advisories, and Directives: NIST's mapping relates it to A.5.6 as intersecting; it covers receiving and acting on alerts, one part of what A.5.6 asks.",
    },
  },
  {
    from: A56,
    to: "SCF/GOV-07",
    framework: "Secure Controls Framework",
    relationship: "equal",
    source: {
      ...SCF_GOV07,
      note: "SCF lists ISO 27002:2022 5.6 (and NIST 800-53 r5 PM-15) among GOV-07's mappings; the relationship is SCF's set-theory relationship mapping (STRM, after NIST IR 8477).",
    },
  },
  {
    from: A56,
    to: "DORA/Art.45",
    framework: "EU DORA, Regulation (EU) 2022/2554",
    relationship: "related",
    source: {
      title: "Regulation (EU) 2022/2554 (DORA), Article 45: information-sharing arrangements",
      url: "https://eur-lex.europa.eu/eli/reg/2022/2554/oj",
      note: "Related, no official mapping: Art. 45 governs the information-sharing arrangements a financial entity joins (and Art. 45(3) the notice to the competent authority), which A.5.6 groups often are.",
    },
  },
  {
    from: A56,
    to: "NIS2/Art.29",
    framework: "EU NIS2, Directive (EU) 2022/2555",
    relationship: "related",
    source: {
      title:
        "Directive (EU) 2022/2555 (NIS2), Article 29: cybersecurity information-sharing arrangements",
      url: "https://eur-lex.europa.eu/eli/dir/2022/2555/oj",
      note: "Related, no official mapping: Art. 29 has entities exchange cybersecurity information within communities through information-sharing arrangements.",
    },
  },
  {
    from: A56,
    to: "NIST-CSF-2.0/ID.RA-02",
    framework: "NIST CSF 2.0",
    relationship: "indirect",
    source: { ...SCF_GOV07, note: SCF_INDIRECT },
  },
  {
    from: A56,
    to: "SOC2-TSC-2017/CC2.3",
    framework: "AICPA Trust Services Criteria (SOC 2)",
    relationship: "indirect",
    source: {
      ...SCF_GOV07,
      note: "Mapped to SCF GOV-07 (SCF lists TSC CC2.2-POF4 and CC2.3): an indirect link through GOV-07, not a direct mapping of A.5.6.",
    },
  },
  {
    from: A56,
    to: "PCI-DSS-4.0/6.3.1",
    framework: "PCI DSS 4.0",
    relationship: "indirect",
    source: {
      ...SCF_GOV07,
      note: "Mapped to SCF GOV-07 (SCF lists PCI DSS 4.0.1 6.3.1, identifying vulnerabilities from industry sources): an indirect link through GOV-07, not a direct mapping of A.5.6.",
    },
  },
] satisfies CrosswalkRow[]);

/** The crosswalk rows of one control: every row for A.5.6, none for a control it has no rows for. */
export function crosswalkFor(control: string): CrosswalkRow[] {
  return CROSSWALK.filter((row) => row.from === control);
}

/** A finding with the controls its own controls map to. */
export type FindingWithCrosswalk = Finding & {
  /** Crosswalk rows of the finding's controls, without duplicates of controls it already names. */
  crosswalk: CrosswalkRow[];
};

/**
 * A finding with its crosswalk attached: the rows of every control it evidences, except rows whose
 * target the finding already names in `controls`.
 * @example
 * withCrosswalk(finding).crosswalk.map((row) => row.to); // ["ISO27001:2013/A.6.1.4", …]
 */
export function withCrosswalk(finding: Finding): FindingWithCrosswalk {
  const named = new Set(finding.controls);
  const crosswalk: CrosswalkRow[] = [];
  for (const control of finding.controls)
    for (const row of crosswalkFor(control))
      if (!named.has(row.to)) {
        named.add(row.to);
        crosswalk.push(row);
      }
  return { ...finding, crosswalk };
}
