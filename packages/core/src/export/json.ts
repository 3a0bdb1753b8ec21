import type { Kpis, Verdict } from "../evaluate/index.js";
import type { Finding } from "../model/finding.js";
import { type CrosswalkRow, withCrosswalk } from "./crosswalk.js";
import { REGISTER_COLUMNS, type RegisterRow, registerRows } from "./rows.js";
import type { Exporter, ExportInput } from "./types.js";

/** Version of the JSON export's shape; raised only when a field changes meaning or goes away. */
export const JSON_EXPORT_VERSION = 1;

/** The JSON export: a stable shape for other tools; dates are ISO 8601 strings once serialised. */
export interface JsonExport {
  /** Always `"sigreg-export"`. */
  format: "sigreg-export";
  /** {@link JSON_EXPORT_VERSION}. */
  version: typeof JSON_EXPORT_VERSION;
  /** When the export was made. */
  generatedAt: Date;
  /** The day evaluated for. */
  asOf: Date;
  /** The organisation's name. */
  organisation: string;
  /** The overall verdict. */
  verdict: Verdict;
  /** Key figures. */
  kpis: Kpis;
  /** The register's columns, in order, with their headers. */
  columns: typeof REGISTER_COLUMNS;
  /** One row per group, keyed by column. */
  register: RegisterRow[];
  /** Findings, most severe first, each with `mappedControls`: the `to` of its crosswalk rows. */
  findings: Array<
    Finding & {
      /** The controls its crosswalk maps it to. */
      mappedControls: string[];
    }
  >;
  /** The crosswalk rows the findings map to, each once, with relationship and source. */
  crosswalk: CrosswalkRow[];
}

/** The export as an object (dates still `Date`s); {@link jsonExporter} serialises it. */
export function toJsonExport({ register, evaluation, generatedAt }: ExportInput): JsonExport {
  // Rows are listed once, not per finding: a register with many alerts has many findings.
  const rows = new Map<string, CrosswalkRow>();
  const findings = evaluation.findings.map((finding) => {
    const { crosswalk, ...rest } = withCrosswalk(finding);
    for (const row of crosswalk) rows.set(row.to, row);
    return { ...rest, mappedControls: crosswalk.map((row) => row.to) };
  });
  return {
    format: "sigreg-export",
    version: JSON_EXPORT_VERSION,
    generatedAt,
    asOf: evaluation.asOf,
    organisation: register.organisation.name,
    verdict: evaluation.verdict,
    kpis: evaluation.kpis,
    columns: REGISTER_COLUMNS,
    register: registerRows(register, evaluation),
    findings,
    crosswalk: [...rows.values()],
  };
}

/** JSON exporter: register rows, findings with their crosswalk, and the KPIs, in a stable shape. */
export const jsonExporter = {
  id: "json",
  description: "Register, findings (with crosswalk) and KPIs as JSON, in a stable documented shape",
  export: (input) => ({
    content: `${JSON.stringify(toJsonExport(input), null, 2)}\n`,
    mediaType: "application/json",
    extension: "json",
  }),
} satisfies Exporter;
