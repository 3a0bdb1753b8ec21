export type { Exporter, ExportInput, ExportOutput } from "./types.js";
