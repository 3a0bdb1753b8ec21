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
  title:
    "NIST OLIR: SP 800-53 Rev. 5 to ISO/IEC 27001:2022 mapping (OLIR submission, update of 2023-10-12)",
  url: "https://csrc.nist.gov/csrc/media/Projects/olir/documents/submissions/sp800-53r5-to-iso-27001-mapping-2022-OLIR-2023-10-12-UPDATED.xlsx",
};
/** Where NIST's rows were actually read: a transcription of the xlsx, which cites the URL above. */
const NIST_READ_IN =
  "Read in CISO Assistant's transcription of this file (https://github.com/intuitem/ciso-assistant-community/blob/0e78348eaf5b145d58b508946f8ffee7ac153a34/backend/library/libraries/mapping-nist-sp-800-53-rev5-to-iso27001-2022.yaml, provider NIST, OLIR referenceId=155), which gives every row of the file the same relationship, and in agent-bom's extraction of the same file; NIST's xlsx itself was not opened here. NIST's introduction to the mapping warns that mappings are not always one-to-one.";
const SCF_GOV07: Omit<CrosswalkSource, "note"> = {
  title: "Secure Controls Framework GOV-07 Contacts With Groups & Associations (SCF Connect)",
  url: "https://scfconnect.com/controls/gov/gov-07",
};
const SCF_INDIRECT =
  "Indirect, through SCF GOV-07: SCF Connect lists NIST CSF 2.0 ID.RA-02 and ISO 27002 2022 5.6 among GOV-07's mappings. No NIST mapping of CSF 2.0 ID.RA-02 to ISO/IEC 27001:2022 was found here, and no source sending ID.RA-02 to A.5.7; NIST's own CSF 1.1 (https://doi.org/10.6028/NIST.CSWP.04162018, p. 26) cites ISO/IEC 27001:2013 A.6.1.4, the predecessor of A.5.6, for ID.RA-2, so that is a second indirect path, not a direct mapping of A.5.6.";

/**
 * The mapping of ISO/IEC 27001:2022 A.5.6 to other frameworks, each row with its relationship and
 * its source. Nothing here is inferred: a row cites the page that states it, and its note says
 * where the statement was read and what could not be confirmed.
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
      note: "hicomply: Annex 5.6 of the 2022 version can be mapped to ISO 27001:2013 Annex 6.1.4. ISO/IEC 27002:2022 Annex B (Tables B.1 and B.2, correspondence with ISO/IEC 27002:2013) pairs 5.6 with 6.1.4, as read in a third-party reproduction of those tables; ISO's own text (paywalled) was not read here.",
    },
  },
  {
    from: A56,
    to: "NIST-SP-800-53r5/PM-15",
    framework: "NIST SP 800-53 Rev. 5",
    relationship: "intersects-with",
    source: {
      ...NIST_MAPPING,
      note: `NIST's row maps PM-15 Security and Privacy Groups and Associations to A.5.6 (and to clause 7.4), relationship intersects with. ${NIST_READ_IN}`,
    },
  },
  {
    from: A56,
    to: "NIST-SP-800-53r5/SI-5",
    framework: "NIST SP 800-53 Rev. 5",
    relationship: "intersects-with",
    source: {
      ...NIST_MAPPING,
      note: `NIST's row maps SI-5 Security Alerts, Advisories, and Directives to A.5.6 and A.8.8 (management of technical vulnerabilities), relationship intersects with. ${NIST_READ_IN}`,
    },
  },
  {
    from: A56,
    to: "SCF/GOV-07",
    framework: "Secure Controls Framework",
    relationship: "equal",
    source: {
      title:
        "SCF set theory relationship mapping (STRM), ISO/IEC 27001:2022 to SCF 2025.2.2, as packaged in CISO Assistant",
      url: "https://github.com/intuitem/ciso-assistant-community/blob/34580dbe68511f2dd8b10e2aea1ea1ab9e397b53/backend/library/libraries/mapping-iso27001-2022-and-scf-2025.2.2.yaml",
      note: "SCF's STRM (provider SCF, CC BY-ND 4.0, packaged by intuitem) maps ISO/IEC 27001:2022 A.5.6 to GOV-07 as equal. SCF's own STRM download and its numeric strength of relationship were not retrieved here. SCF Connect's GOV-07 page (https://scfconnect.com/controls/gov/gov-07) lists ISO 27002 2022 5.6 and NIST 800-53 R5 PM-15 among GOV-07's mappings.",
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
      note: "Related, no official mapping: Art. 45 (Chapter VI, the only article on information-sharing arrangements) lets financial entities exchange cyber threat information and intelligence within trusted communities, and 45(3) has them notify the competent authority when they join or leave; A.5.6 groups are often such communities. Text read in reproductions (https://www.cyberday.ai/requirement/dora-article-45-information-sharing-arrangements-on-cyber-threat-information-and-intelligence, https://dora.detrixa.com/control/DORA-Art45-P1/index.html); EUR-Lex itself was not reachable here.",
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
      note: "Related, no official mapping: Art. 29 (Chapter VI, Information sharing) has Member States ensure that entities can exchange cybersecurity information voluntarily, within communities of essential and important entities, through cybersecurity information-sharing arrangements. Text read in a reproduction (https://rgpd.com/nis2-directive/chapter-6-information-sharing/article-29-cybersecurity-information-sharing-arrangements/); EUR-Lex itself was not reachable here.",
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
      note: "Indirect, through SCF GOV-07: SCF Connect lists AICPA TSC 2017:2022 CC2.2-POF4 and CC2.3 among GOV-07's mappings; neither AICPA nor ISO maps CC2.3 to A.5.6 in any source found here.",
    },
  },
  {
    from: A56,
    to: "PCI-DSS-4.0/6.3.1",
    framework: "PCI DSS 4.0",
    relationship: "indirect",
    source: {
      ...SCF_GOV07,
      note: "Indirect, through SCF GOV-07: SCF Connect lists PCI DSS 4.0.1 6.3.1, and the same requirement in the 4.0.1 SAQs, among GOV-07's mappings; SCF names version 4.0.1, not 4.0. Not a mapping of A.5.6 by PCI SSC or ISO.",
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
