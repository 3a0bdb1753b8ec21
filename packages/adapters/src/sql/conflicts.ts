import type { SqlDialect } from "./tables.js";
import type { Scope } from "./transaction.js";

/**
 * How a driver error is a lost race rather than a failure: `statement` when only the statement
 * failed (a duplicate key, a lock wait that timed out), `transaction` when the database ended the
 * whole transaction with it (a deadlock; on Postgres any error). `undefined`: not a race.
 * @internal
 */
export type RaceKind = "statement" | "transaction" | undefined;

const MYSQL_STATEMENT = new Set([1062, 1205]); // ER_DUP_ENTRY, ER_LOCK_WAIT_TIMEOUT
const MYSQL_TRANSACTION = new Set([1213]); // ER_LOCK_DEADLOCK
// unique_violation, serialization_failure, deadlock_detected, lock_not_available
const POSTGRES_RACES = new Set(["23505", "40001", "40P01", "55P03"]);

/** Classifies a driver error; see {@link RaceKind}. @internal */
export function raceKind(dialect: SqlDialect, error: unknown): RaceKind {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  switch (dialect) {
    case "mysql":
      if (typeof errno !== "number") return undefined;
      if (MYSQL_STATEMENT.has(errno)) return "statement";
      return MYSQL_TRANSACTION.has(errno) ? "transaction" : undefined;
    case "postgres":
      return typeof code === "string" && POSTGRES_RACES.has(code) ? "transaction" : undefined;
    case "sqlite":
      if (typeof code !== "string") return undefined;
      return code.startsWith("SQLITE_BUSY") ||
        code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
        code === "SQLITE_CONSTRAINT_UNIQUE"
        ? "statement"
        : undefined;
  }
}

/** Whether retrying a whole transaction the adapter owns may succeed (deadlock, serialization). @internal */
export function isRetryable(dialect: SqlDialect, error: unknown): boolean {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  if (dialect === "mysql") return errno === 1213;
  if (dialect === "postgres") return code === "40P01" || code === "40001";
  return false;
}

/** A short, secret-free description of a driver error, for messages. @internal */
export function describeDriverError(error: unknown): string {
  const { code } = (error ?? {}) as { code?: unknown };
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === "string" ? `${code}: ${message}` : message;
}

/**
 * Whether `error` is a lost race the operation should report as `CONFLICT`. When the database
 * ended the whole transaction with it, the transaction is marked so that it cannot go on to commit
 * writes made after it. @internal
 */
export function isLostRace(scope: Scope, error: unknown): boolean {
  const kind = raceKind(scope.dialect, error);
  if (kind === undefined) return false;
  if (kind === "transaction" && scope.state !== undefined) {
    scope.state.abortedBy = describeDriverError(error);
  }
  return true;
}
