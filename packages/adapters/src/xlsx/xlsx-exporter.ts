import {
  type Exporter,
  type ExportInput,
  FINDING_COLUMNS,
  findingRows,
  neutraliseFormula,
  REGISTER_COLUMNS,
  registerRows,
} from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { type ExcelJsModule, loadExcelJs, type SheetLike, type XlsxError } from "./load-exceljs.js";

/** Media type of an XLSX workbook. */
export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Options of {@link xlsxExporter} and {@link registerToXlsx}. */
export interface XlsxOptions {
  /** Module to import instead of `exceljs` (a fork with the same API). @default "exceljs" */
  moduleName?: string;
}

/** An {@link XlsxError} thrown by {@link xlsxExporter}, whose contract has no error channel. */
export class XlsxExportError extends Error {
  /** The error's code. */
  readonly code: XlsxError["code"];
  constructor(error: XlsxError) {
    super(error.message);
    this.name = "XlsxExportError";
    this.code = error.code;
  }
}

type Cell = string | number | null;
const safe = (value: Cell): Cell => (typeof value === "string" ? neutraliseFormula(value) : value);

function fill(
  sheet: SheetLike,
  columns: readonly { key: string; header: string }[],
  rows: readonly Record<string, Cell>[],
): void {
  sheet.columns = columns.map((column) => ({
    header: column.header,
    key: column.key,
    width: Math.max(12, Math.min(50, column.header.length + 4)),
  }));
  for (const row of rows) {
    const values: Record<string, Cell> = {};
    for (const column of columns) values[column.key] = safe(row[column.key] ?? null);
    sheet.addRow(values);
  }
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

/**
 * The register and its findings as an XLSX workbook with two sheets, `Register` and `Findings`;
 * every text cell that a spreadsheet could run as a formula is neutralised with a leading quote.
 * Fails with `DEPENDENCY_MISSING` when exceljs is not installed.
 */
export async function registerToXlsx(
  input: ExportInput,
  options: XlsxOptions = {},
): Promise<Result<Uint8Array, XlsxError>> {
  const loaded = await loadExcelJs(options.moduleName);
  if (loaded.isErr()) return err(loaded.error);
  const excel: ExcelJsModule = loaded.value;
  const workbook = new excel.Workbook();
  workbook.creator = "sigreg";
  // Fixed dates: the same input gives the same workbook metadata.
  workbook.created = input.generatedAt;
  workbook.modified = input.generatedAt;
  fill(
    workbook.addWorksheet("Register"),
    REGISTER_COLUMNS,
    registerRows(input.register, input.evaluation),
  );
  fill(workbook.addWorksheet("Findings"), FINDING_COLUMNS, findingRows(input.evaluation));
  const buffer = await workbook.xlsx.writeBuffer();
  return ok(buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer));
}

/**
 * XLSX exporter (sheets `Register` and `Findings`); exceljs, an optional peer dependency, is loaded
 * on the first export.
 * @throws XlsxExportError with code `DEPENDENCY_MISSING` when exceljs is not installed.
 * @example
 * const { content } = await xlsxExporter().export({ register, evaluation, generatedAt: new Date() });
 * await writeFile("register.xlsx", content);
 */
export function xlsxExporter(options: XlsxOptions = {}) {
  return {
    id: "xlsx",
    description: "Register and findings as an Excel workbook (sheets Register and Findings)",
    async export(input) {
      const made = await registerToXlsx(input, options);
      if (made.isErr()) throw new XlsxExportError(made.error);
      return { content: made.value, mediaType: XLSX_MEDIA_TYPE, extension: "xlsx" };
    },
  } satisfies Exporter;
}

/** The XLSX plugin: the shape `@sigreg/plugins` registers (declared here so adapters need not depend on it). */
export interface XlsxPlugin {
  /** Plugin id, `sigreg-xlsx`. */
  readonly id: "sigreg-xlsx";
  /** Plugin version. */
  readonly version: string;
  /** Plugin API version it was written for. */
  readonly apiVersion: 1;
  /** The XLSX exporter. */
  readonly exporters: readonly Exporter[];
}

/**
 * The XLSX format as a sigreg plugin (a plain object the plugin host of `@sigreg/plugins`
 * accepts), so the CLI and platforms register it like any other exporter.
 * @example
 * const host = createPluginHost([builtinExporters(), xlsxPlugin()])._unsafeUnwrap();
 */
export function xlsxPlugin(options: XlsxOptions = {}): XlsxPlugin {
  return {
    id: "sigreg-xlsx",
    version: "0.1.0",
    apiVersion: 1,
    exporters: [xlsxExporter(options)],
  };
}
