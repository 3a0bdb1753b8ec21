/** Stable codes of the errors the SQL adapter throws (conflicts are returned, never thrown). */
export const SQL_STORAGE_ERROR_CODES = {
  /** The database driver the factory needs is not installed. */
  DRIVER_MISSING: "DRIVER_MISSING",
  /** The installed driver is known to crash on this version of Node; the message names the fix. */
  DRIVER_INCOMPATIBLE: "DRIVER_INCOMPATIBLE",
  /** The adapter could not connect with the URL or options it was given. */
  CONNECTION_FAILED: "CONNECTION_FAILED",
  /** The database's schema is newer than this version of the adapter knows. */
  SCHEMA_TOO_NEW: "SCHEMA_TOO_NEW",
  /** Another process held the migration lock for too long. */
  MIGRATION_LOCK_TIMEOUT: "MIGRATION_LOCK_TIMEOUT",
  /** The database rolled the transaction back (deadlock); nothing it wrote was kept. */
  TRANSACTION_ABORTED: "TRANSACTION_ABORTED",
  /** An option is invalid, for example a table prefix that is not a plain identifier. */
  INVALID_OPTIONS: "INVALID_OPTIONS",
} as const;

/** One of {@link SQL_STORAGE_ERROR_CODES}. */
export type SqlStorageErrorCode = keyof typeof SQL_STORAGE_ERROR_CODES;

/** An error of the SQL adapter itself; its message never contains a password. */
export class SqlStorageError extends Error {
  /** Stable code, one of {@link SQL_STORAGE_ERROR_CODES}. */
  readonly code: SqlStorageErrorCode;
  /** The driver's own error code when there was one, for example `ECONNREFUSED` or `28P01`. */
  readonly driverCode: string | undefined;

  /** Creates the error; `message` must already be free of secrets. */
  constructor(code: SqlStorageErrorCode, message: string, driverCode?: string) {
    super(`${message} [${code}]`);
    this.name = "SqlStorageError";
    this.code = code;
    this.driverCode = driverCode;
  }
}

/**
 * The password of a connection URL (and its percent-decoded form), so it can be cut out of
 * driver messages. @internal
 */
export function secretsOf(url: string): string[] {
  const secrets = new Set<string>();
  try {
    const password = new URL(url).password;
    if (password !== "") {
      secrets.add(password);
      secrets.add(decodeURIComponent(password));
    }
  } catch {
    // Not a URL (or a malformed one): fall back to the text between "user:" and "@".
    const match = /:\/\/[^:/@]*:([^/]*)@/.exec(url);
    if (match?.[1]) secrets.add(match[1]);
  }
  for (const match of url.matchAll(/password=([^&\s]+)/gi)) if (match[1]) secrets.add(match[1]);
  return [...secrets].filter((secret) => secret.length > 0);
}

/** `text` with every secret replaced by `***`. @internal */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("***");
  return out;
}

/**
 * A connection failure as a {@link SqlStorageError} that carries neither the original error (whose
 * fields may hold the URL) nor the password. @internal
 */
export function connectionFailed(
  what: string,
  error: unknown,
  secrets: readonly string[],
): SqlStorageError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  return new SqlStorageError(
    "CONNECTION_FAILED",
    `${what}: ${redact(message, secrets)}`,
    typeof code === "string" ? code : undefined,
  );
}
