import { csvField } from "./escape.js";
import { FINDING_COLUMNS, findingRows, REGISTER_COLUMNS, registerRows } from "./rows.js";
import type { Exporter, ExportInput } from "./types.js";

/** UTF-8 byte order mark: without it Excel reads a CSV file in the machine's legacy code page. */
const BOM = "\uFEFF";

function csv(headers: readonly string[], rows: readonly (readonly (string | number | null)[])[]) {
  return `${BOM}${[headers, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}

/** The register as RFC 4180 CSV (CRLF, UTF-8 with a BOM), formula-like cells neutralised. */
export function registerToCsv({ register, evaluation }: ExportInput): string {
  const rows = registerRows(register, evaluation);
  return csv(
    REGISTER_COLUMNS.map((column) => column.header),
    rows.map((row) => REGISTER_COLUMNS.map((column) => row[column.key])),
  );
}

/** The findings as RFC 4180 CSV (CRLF, UTF-8 with a BOM), formula-like cells neutralised. */
export function findingsToCsv({ evaluation }: ExportInput): string {
  return csv(
    FINDING_COLUMNS.map((column) => column.header),
    findingRows(evaluation).map((row) => FINDING_COLUMNS.map((column) => row[column.key])),
  );
}

const CSV_MEDIA_TYPE = "text/csv; charset=utf-8; header=present";

/** CSV exporter: the register the auditor asks for, one group per row. */
export const csvExporter = {
  id: "csv",
  description: "Register as CSV (one group per row), for a spreadsheet",
  export: (input) => ({
    content: registerToCsv(input),
    mediaType: CSV_MEDIA_TYPE,
    extension: "csv",
  }),
} satisfies Exporter;

/** CSV exporter of the findings, one per row, with their remediation and controls. */
export const findingsCsvExporter = {
  id: "findings-csv",
  description: "Findings as CSV (one finding per row), with remediation and mapped controls",
  export: (input) => ({
    content: findingsToCsv(input),
    mediaType: CSV_MEDIA_TYPE,
    extension: "csv",
  }),
} satisfies Exporter;
