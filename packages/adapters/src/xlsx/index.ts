/**
 * XLSX export of the register and its findings, through exceljs (an optional peer dependency,
 * loaded on first use): only users of this entry point install it.
 * @example
 * import { writeFile } from "node:fs/promises";
 * import { xlsxExporter } from "@sigreg/adapters/xlsx";
 *
 * const { content } = await xlsxExporter().export({ register, evaluation, generatedAt: new Date() });
 * await writeFile("register.xlsx", content);
 * @packageDocumentation
 */
export type { XlsxError } from "./load-exceljs.js";
export {
  registerToXlsx,
  XLSX_MEDIA_TYPE,
  XlsxExportError,
  type XlsxOptions,
  type XlsxPlugin,
  xlsxExporter,
  xlsxPlugin,
} from "./xlsx-exporter.js";
