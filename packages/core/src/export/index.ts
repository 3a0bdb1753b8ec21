export { builtInExporters } from "./builtin.js";
export {
  CROSSWALK,
  CROSSWALK_RELATIONSHIPS,
  type CrosswalkRelationship,
  type CrosswalkRow,
  type CrosswalkSource,
  crosswalkFor,
  type FindingWithCrosswalk,
  withCrosswalk,
} from "./crosswalk.js";
export { csvExporter, findingsCsvExporter, findingsToCsv, registerToCsv } from "./csv.js";
export { csvField, escapeMarkdown, neutraliseFormula } from "./escape.js";
export { JSON_EXPORT_VERSION, type JsonExport, jsonExporter, toJsonExport } from "./json.js";
export { markdownExporter, toMarkdown } from "./markdown.js";
export {
  OSCAL_PROPERTY_NS,
  OSCAL_VERSION,
  type OscalAssessmentResultsDocument,
  oscalExporter,
  toOscalAssessmentResults,
} from "./oscal.js";
export { OSCAL_UUID_NAMESPACE, oscalControlId, uriReference, uuidV5 } from "./oscal-ids.js";
export {
  FINDING_COLUMNS,
  type FindingColumnKey,
  type FindingRow,
  findingRows,
  isoDate,
  REGISTER_COLUMNS,
  type RegisterColumnKey,
  type RegisterRow,
  registerRows,
} from "./rows.js";
export type { Exporter, ExportInput, ExportOutput } from "./types.js";
