import type { Evaluation } from "../evaluate/evaluate.js";
import type { Finding } from "../model/finding.js";
import type { Register } from "../model/register.js";

/** One mapping of a control the evidence serves to a control in another framework. */
export interface CrosswalkMapping {
  /** The control as findings and rules cite it, e.g. `ISO27001:2022/A.5.6`. */
  from: string;
  /** The other framework, e.g. `NIST SP 800-53 r5`. */
  framework: string;
  /** The control in that framework, e.g. `PM-15`. */
  control: string;
  /** How the two relate, e.g. `intersects`, `equal`, `related`, `indirect`. */
  relationship: string;
  /** Where the mapping comes from (a published mapping, a regulation's text). */
  source: string;
  /** Link to the source; shown only when it is an http(s) URL. */
  sourceUrl?: string;
}

/** Options of {@link renderHtmlReport} and {@link htmlExporter}. */
export interface HtmlReportOptions {
  /** Document title. @default "A.5.6 special interest groups: audit report" */
  title?: string;
  /**
   * Mappings of the controls the evidence serves to other frameworks, shown in the crosswalk
   * section; `[]` lists the controls only.
   * @default sigreg's crosswalk of A.5.6 (`CROSSWALK`), each row with its source
   */
  crosswalk?: readonly CrosswalkMapping[];
}

/** What every section reads, built once per report. @internal */
export interface ReportContext {
  /** The register. */
  register: Register;
  /** Its evaluation. */
  evaluation: Evaluation;
  /** When the report was made. */
  generatedAt: Date;
  /** The caller's options. */
  options: HtmlReportOptions;
  /** A person's name by id, or the id when unknown. */
  personName(id: string | undefined): string;
  /** A group's name by id, or the id when unknown. */
  groupName(id: string): string;
  /** A finding subject in words. */
  subjectLabel(subject: Finding["subject"]): string;
}

/** Builds the lookups the sections share. @internal */
export function reportContext(
  register: Register,
  evaluation: Evaluation,
  generatedAt: Date,
  options: HtmlReportOptions,
): ReportContext {
  const people = new Map(register.people.map((person) => [person.id, person.name]));
  const groups = new Map(register.groups.map((group) => [group.id, group.name]));
  const alerts = new Map(register.alerts.map((alert) => [alert.id, alert.title]));
  const personName = (id: string | undefined) => (id === undefined ? "—" : (people.get(id) ?? id));
  const groupName = (id: string) => groups.get(id) ?? id;
  return {
    register,
    evaluation,
    generatedAt,
    options,
    personName,
    groupName,
    subjectLabel: (subject) => {
      switch (subject.type) {
        case "group":
          return `Group: ${groupName(subject.id)}`;
        case "person":
          return `Person: ${personName(subject.id)}`;
        case "alert":
          return `Alert: ${alerts.get(subject.id) ?? subject.id}`;
        default:
          return `Register: ${subject.id}`;
      }
    },
  };
}
