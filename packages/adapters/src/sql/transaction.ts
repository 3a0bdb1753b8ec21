import { type Kysely, sql } from "kysely";
import { SqlStorageError } from "./errors.js";
import type { PgCopy } from "./pg-copy.js";
import type { SigregDatabase, SqlDialect, TableNames } from "./tables.js";

/** What every operation needs: the database (or the transaction's connection) and its dialect. @internal */
export interface SqlContext {
  /** The database, already renaming logical table names to prefixed ones. */
  readonly db: Kysely<SigregDatabase>;
  /** Which SQL the database speaks. */
  readonly dialect: SqlDialect;
  /** Prefixed table names, for the statements written by hand. */
  readonly tables: TableNames;
  /** `postgresStorage` only: COPY FROM STDIN, when pg-copy-streams is installed. */
  readonly pgCopy?: PgCopy;
}

/** State of one open transaction. @internal */
export interface TransactionState {
  /**
   * Set when the database rolled the transaction back on its own (a MySQL deadlock): the operation
   * that saw it returned `CONFLICT`, and the transaction must not commit what came after.
   */
  abortedBy?: string;
}

/** Where an operation runs: the database outside a transaction, its connection inside one. @internal */
export interface Scope extends SqlContext {
  /** The open transaction, or `undefined` outside one. */
  readonly state: TransactionState | undefined;
}

/** Throws when the database already rolled the scope's transaction back. @internal */
export function assertUsable(scope: Scope): void {
  if (scope.state?.abortedBy !== undefined) {
    throw new SqlStorageError(
      "TRANSACTION_ABORTED",
      `the database rolled the transaction back (${scope.state.abortedBy}); nothing more can be written in it`,
    );
  }
}

/**
 * Runs `body` on one connection between BEGIN and COMMIT; rolls back and rethrows when it throws.
 * SQLite takes the write lock up front (BEGIN IMMEDIATE), so that a transaction that reads and
 * then writes never fails half-way on a lock another connection took in between; MySQL runs at
 * READ COMMITTED, like Postgres.
 * @internal
 */
export function runInTransaction<T>(
  context: SqlContext,
  body: (db: Kysely<SigregDatabase>, state: TransactionState) => Promise<T>,
): Promise<T> {
  return context.db.connection().execute(async (db) => {
    if (context.dialect === "mysql") {
      // Postgres' default: every statement sees what others committed before it. At MySQL's own
      // default (REPEATABLE READ) reads see the transaction's first snapshot, and its gap locks
      // make concurrent inserts of neighbouring ids deadlock.
      await sql.raw("SET TRANSACTION ISOLATION LEVEL READ COMMITTED").execute(db);
    }
    await sql.raw(context.dialect === "sqlite" ? "BEGIN IMMEDIATE" : "BEGIN").execute(db);
    const state: TransactionState = {};
    let result: T;
    try {
      result = await body(db, state);
      if (state.abortedBy !== undefined) {
        throw new SqlStorageError(
          "TRANSACTION_ABORTED",
          `the database rolled the transaction back (${state.abortedBy}); nothing was written`,
        );
      }
      await sql.raw("COMMIT").execute(db);
    } catch (error) {
      await sql
        .raw("ROLLBACK")
        .execute(db)
        .catch(() => {
          // The transaction may already be over (a failed COMMIT ends it): the first error is the news.
        });
      throw error;
    }
    return result;
  });
}
