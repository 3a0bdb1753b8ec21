/** Stable codes of the file storage's errors. Codes never change meaning; messages may be reworded. */
export const FILE_STORAGE_ERROR_CODES = {
  /** The register file exists but cannot be read (a directory, no permission…). */
  FILE_UNREADABLE: "FILE_UNREADABLE",
  /** The register file is not a valid register; the message lists every problem with its line. */
  REGISTER_INVALID: "REGISTER_INVALID",
  /** A tenant id that cannot name a file (`..`, `/`, `\`…). */
  TENANT_INVALID: "TENANT_INVALID",
  /** A write for a tenant the file does not serve (single-file mode). */
  TENANT_NOT_SERVED: "TENANT_NOT_SERVED",
  /** Data that cannot be written into a register (not a valid entity, or an id it does not have). */
  RECORD_INVALID: "RECORD_INVALID",
  /** The sidecar (`.<file>.sigreg/`) holds something this adapter did not write. */
  SIDECAR_INVALID: "SIDECAR_INVALID",
  /** Another writer held the register's lock for longer than `lockTimeoutMs`. */
  LOCK_TIMEOUT: "LOCK_TIMEOUT",
  /** A writer paused longer than `staleLockMs` and another process took its lock over; nothing was written. */
  LOCK_LOST: "LOCK_LOST",
  /** An edit of the file would not read back as written; nothing was written. */
  WRITE_UNFAITHFUL: "WRITE_UNFAITHFUL",
} as const;

/** One of {@link FILE_STORAGE_ERROR_CODES}. */
export type FileStorageErrorCode =
  (typeof FILE_STORAGE_ERROR_CODES)[keyof typeof FILE_STORAGE_ERROR_CODES];

/** A failure of the file storage; storage failures reject the port's promises. */
export class FileStorageError extends Error {
  /** Stable code of the failure. */
  readonly code: FileStorageErrorCode;
  /** The file concerned. */
  readonly file: string;

  /** Creates the error; `message` names the file and what was expected. */
  constructor(code: FileStorageErrorCode, file: string, message: string) {
    super(message);
    this.name = "FileStorageError";
    this.code = code;
    this.file = file;
  }
}
