/**
 * Stable error codes of `@sigreg/core`. Codes never change meaning; messages may be reworded.
 */
export const ERROR_CODES = {
  /** The file could not be read (missing, unreadable, a directory). */
  FILE_UNREADABLE: "FILE_UNREADABLE",
  /** The bytes are not well-formed YAML or JSON. */
  SYNTAX_ERROR: "SYNTAX_ERROR",
  /** A value does not match the register schema. */
  SCHEMA_MISMATCH: "SCHEMA_MISMATCH",
  /** A reference (owner, group, reviewer…) names an id that the register does not define. */
  UNKNOWN_REFERENCE: "UNKNOWN_REFERENCE",
  /** Two records of the same collection share an id. */
  DUPLICATE_ID: "DUPLICATE_ID",
  /** The register as a whole is not usable; see its issues. */
  REGISTER_INVALID: "REGISTER_INVALID",
  /** An argument passed to a function is not usable (for example an invalid `asOf` date). */
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
} as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** One precise problem found in a register: where it is and what was expected. */
export interface RegisterIssue {
  /** Stable code of the problem. */
  code: ErrorCode;
  /** Path inside the document, for example `groups[3].owner`; empty for the document itself. */
  path: string;
  /** What is wrong and what was expected, in one sentence. */
  message: string;
  /** 1-based line in the source file, when the source format gives positions. */
  line?: number;
  /** 1-based column in the source file, when the source format gives positions. */
  column?: number;
}

/** Error returned when a register cannot be loaded; lists every problem found, not only the first. */
export interface RegisterError {
  /** `REGISTER_INVALID`, `SYNTAX_ERROR` or `FILE_UNREADABLE`. */
  code: ErrorCode;
  /** The file the register came from (or the label given by the caller). */
  file: string;
  /** Every problem found, in document order. */
  issues: RegisterIssue[];
}

/**
 * Formats a register error as one line per issue: `file:line:column path: message`.
 * @example
 * if (result.isErr()) console.error(formatRegisterError(result.error));
 */
export function formatRegisterError(error: RegisterError): string {
  return error.issues
    .map((issue) => {
      const where =
        issue.line !== undefined ? `${error.file}:${issue.line}:${issue.column ?? 1}` : error.file;
      const path = issue.path === "" ? "" : ` ${issue.path}`;
      return `${where}${path}: ${issue.message} [${issue.code}]`;
    })
    .join("\n");
}
