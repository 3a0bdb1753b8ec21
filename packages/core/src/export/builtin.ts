import { csvExporter, findingsCsvExporter } from "./csv.js";
import { jsonExporter } from "./json.js";
import { markdownExporter } from "./markdown.js";
import { oscalExporter } from "./oscal.js";
import type { Exporter } from "./types.js";

/**
 * The exporters core ships, without dependencies: `md`, `csv`, `findings-csv`, `json`, `oscal`.
 * XLSX lives in `@sigreg/adapters/xlsx`, so that only its users install exceljs.
 */
export const builtInExporters: readonly Exporter[] = Object.freeze([
  markdownExporter,
  csvExporter,
  findingsCsvExporter,
  jsonExporter,
  oscalExporter,
]);
