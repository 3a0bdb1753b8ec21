/**
 * The register file as the store: `fileStorage` implements the storage port on a YAML or JSON
 * register, keeping its comments and layout.
 * @example
 * import { createSigreg } from "@sigreg/core";
 * import { fileStorage } from "@sigreg/adapters/file";
 *
 * const sigreg = createSigreg({ storage: fileStorage({ path: "register.yaml" }) });
 * @packageDocumentation
 */
export {
  FILE_STORAGE_ERROR_CODES,
  FileStorageError,
  type FileStorageErrorCode,
} from "./errors.js";
export { fileStorage } from "./file-storage.js";
export type {
  DirectoryOptions,
  FileStorageOptions,
  FileStorageTuning,
  SingleFileOptions,
} from "./layout.js";
export type { RecordState, SidecarState, StoredDocument } from "./sidecar.js";
