export { TRIAGE_FIELDS } from "./alert-content.js";
export type { AttestSummary } from "./attest.js";
export { createSigreg, type Sigreg } from "./create-sigreg.js";
export type { EntityApi, GroupInput, PersonInput } from "./entities.js";
export { formatSigregError } from "./errors.js";
export type {
  ActivityInput,
  AlertInput,
  BulkResult,
  RecordResult,
  ReviewInput,
} from "./events.js";
export { containPluginRule, describeThrown } from "./plugin-rules.js";
export {
  formatRegister,
  type ImportOptions,
  type ImportSummary,
  type RegisterSource,
  registerToInput,
} from "./register-io.js";
export type { ProfileInput, SigregTenant, TenantEvaluateOptions } from "./tenant.js";
export type { ActionInput, TriageDecision, TriageInput } from "./triage.js";
export type {
  CreateSigregOptions,
  EngineDiagnostic,
  EngineHooks,
  EnginePlugin,
  NotFoundError,
  ReferencedError,
  SigregError,
  Versioned,
  VersionedWriteOptions,
  WriteOptions,
} from "./types.js";
export type { VerifyOptions } from "./verify.js";
