import type { Evaluation } from "../evaluate/evaluate.js";
import type { Register } from "../model/register.js";

/** What every exporter receives: the register as stored and its evaluation at one date. */
export interface ExportInput {
  /** The register, as loaded or read from storage. */
  register: Register;
  /** The evaluation of that register (findings, groups, KPIs) at `evaluation.asOf`. */
  evaluation: Evaluation;
  /** When the export is made; written into documents that carry a generation date. */
  generatedAt: Date;
}

/** The bytes or text an exporter produced, with what a caller needs to save or serve it. */
export interface ExportOutput {
  /** The document: text for text formats, bytes for binary ones (XLSX, ZIP). */
  content: string | Uint8Array;
  /** IANA media type, e.g. `text/csv; charset=utf-8`. */
  mediaType: string;
  /** File extension without the dot, e.g. `csv`. */
  extension: string;
}

/**
 * Turns a register and its evaluation into one document format. Built-in formats and plugin
 * exporters share this contract, so a platform adds a format the same way sigreg ships one.
 * @example
 * const csvExporter: Exporter = { id: "csv", description: "Register as CSV", export: async (input) => ({ content: toCsv(input), mediaType: "text/csv", extension: "csv" }) };
 */
export interface Exporter {
  /** Stable format id, used as `--format ID`; e.g. `"csv"`. */
  id: string;
  /** One line saying what the format is for. */
  description: string;
  /** Produces the document. MUST NOT mutate its input; MUST escape user-supplied text for its format. */
  export(input: ExportInput): Promise<ExportOutput> | ExportOutput;
}
