import { err, ok, type Result } from "neverthrow";
import { importOptionalPeer } from "../optional-peer.js";

/** The part of an exceljs worksheet the XLSX exporter uses. @internal */
export interface SheetLike {
  columns: Array<{ header: string; key: string; width: number }>;
  addRow(values: Record<string, string | number | null>): unknown;
  getRow(index: number): { font: unknown };
  views: unknown[];
  autoFilter: unknown;
}

/** The part of an exceljs workbook the XLSX exporter uses. @internal */
export interface WorkbookLike {
  creator: string;
  created: Date;
  modified: Date;
  addWorksheet(name: string): SheetLike;
  xlsx: { writeBuffer(): Promise<ArrayBuffer | Uint8Array> };
}

/** The part of the exceljs module the XLSX exporter uses. @internal */
export interface ExcelJsModule {
  Workbook: new () => WorkbookLike;
}

/** Why an XLSX document could not be made. */
export interface XlsxError {
  /** `DEPENDENCY_MISSING`: exceljs, an optional peer dependency, is not installed. */
  code: "DEPENDENCY_MISSING";
  /** What went wrong and how to fix it. */
  message: string;
}

/**
 * Imports exceljs on first use, so that importing `@sigreg/adapters/xlsx` loads no spreadsheet
 * library; when it is not installed the result says how to install it.
 * @internal
 */
export async function loadExcelJs(
  moduleName = "exceljs",
): Promise<Result<ExcelJsModule, XlsxError>> {
  const loaded = await importOptionalPeer<ExcelJsModule>(moduleName);
  if (loaded === undefined)
    return err({
      code: "DEPENDENCY_MISSING",
      message: `XLSX export needs ${moduleName}, an optional peer dependency that is not installed: install ${moduleName} (npm install ${moduleName})`,
    });
  // exceljs is CommonJS: its API is the default export under ESM.
  return ok(loaded.default?.Workbook === undefined ? loaded : loaded.default);
}
