export { canonicalJson, digestOf } from "./canonical.js";
export {
  COLLECTION_SCHEMAS,
  type EntityOf,
  fromJson,
  PROFILE_ID,
  recordIdOf,
  toFileJson,
  toJson,
} from "./codec.js";
export {
  chainEvidence,
  type EvidenceDraft,
  type EvidenceProblem,
  type EvidenceProblemKind,
  type EvidenceVerification,
  GENESIS_HASH,
  hashEvidence,
  recordDigest,
  walkEvidenceChain,
} from "./evidence.js";
export {
  applyUpdate,
  claimMessage,
  isClaimable,
  settleMessage,
} from "./outbox.js";
export {
  type ClaimOutboxOptions,
  COLLECTIONS,
  type Collection,
  type EvidenceEntry,
  type JsonObject,
  type JsonValue,
  type OutboxMessage,
  type OutboxStatus,
  type RecordKey,
  type SettleOutboxOptions,
  STORAGE_ERROR_CODES,
  type StateDocument,
  type StorageAdapter,
  type StorageConflict,
  type StorageOperations,
  type StoredRecord,
} from "./port.js";
export { type ProfileRecord, profileRecordSchema } from "./profile-record.js";
export { DEFAULT_PAGE_SIZE, streamRecords, streamTenants } from "./stream.js";
