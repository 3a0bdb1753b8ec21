/**
 * The verifiable audit pack: one ZIP with the HTML report, the register (YAML and XLSX), the
 * findings, the OSCAL document and the evidence log, each file hashed in `manifest.json`; and its
 * check. fflate and exceljs are optional peer dependencies, loaded on first use.
 * @packageDocumentation
 */
export {
  AUDIT_PACK_MEDIA_TYPE,
  type AuditPack,
  type AuditPackError,
  type AuditPackInput,
  type AuditPackOptions,
  createAuditPack,
} from "./create-pack.js";
export {
  AUDIT_PACK_FORMAT,
  AUDIT_PACK_VERSION,
  type AuditPackFile,
  type AuditPackManifest,
  type ChainHead,
  EVIDENCE_FILE,
  EVIDENCE_HEAD_FILE,
  MANIFEST_FILE,
} from "./manifest.js";
export {
  AuditPackExportError,
  type AuditPackExporterOptions,
  auditPackExporter,
} from "./pack-exporter.js";
export {
  type AuditPackProblem,
  type AuditPackProblemKind,
  type AuditPackReadError,
  type AuditPackVerification,
  type VerifyAuditPackOptions,
  verifyAuditPack,
} from "./verify-pack.js";
