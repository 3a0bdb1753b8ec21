import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { SqlStorageError } from "./errors.js";
import {
  LATEST_VERSION,
  MIGRATIONS,
  migrationsTableStatement,
  type SchemaTarget,
} from "./schema.js";
import type { SigregDatabase } from "./tables.js";
import { runInTransaction, type SqlContext } from "./transaction.js";

/** Options of `migrate()`. */
export interface SqlMigrateOptions {
  /**
   * How long to wait for another process's migration to finish, in seconds (Postgres and MySQL;
   * SQLite waits for its busy timeout).
   * @default 60
   */
  lockTimeoutSeconds?: number;
}

/**
 * Brings the schema to {@link LATEST_VERSION}: applies the missing steps in order and records each
 * in the migrations table. Runs under a lock, so two processes migrating at once apply each step
 * once; SQLite and Postgres also apply all steps in one transaction.
 * @internal
 */
export async function runMigrations(
  context: SqlContext,
  options: SqlMigrateOptions = {},
): Promise<void> {
  const timeout = options.lockTimeoutSeconds ?? 60;
  try {
    if (context.dialect === "mysql") {
      await withMysqlLock(context, timeout, (db) => migrateOn(context, db));
    } else {
      await runInTransaction(context, async (db) => {
        if (context.dialect === "postgres") {
          await sql.raw(`SET LOCAL lock_timeout = '${Math.round(timeout * 1000)}ms'`).execute(db);
          await sql`SELECT pg_advisory_xact_lock(${sql.lit(lockKey(context.tables.migrations))})`.execute(
            db,
          );
        }
        await migrateOn(context, db);
      });
    }
  } catch (error) {
    throw isLockTimeout(error) ? lockTimeout() : error;
  }
}

async function migrateOn(context: SqlContext, db: Kysely<SigregDatabase>): Promise<void> {
  const target: SchemaTarget = { dialect: context.dialect, tables: context.tables };
  if (context.dialect === "mysql") target.mysqlCollation = await mysqlCollation(db);
  await sql.raw(migrationsTableStatement(target)).execute(db);
  const rows = await db.selectFrom("migrations").select("version").execute();
  const current = Math.max(0, ...rows.map((row) => Number(row.version)));
  if (current > LATEST_VERSION) {
    throw new SqlStorageError(
      "SCHEMA_TOO_NEW",
      `the database schema (${context.tables.migrations}) is at version ${current}, newer than this @sigreg/adapters knows (${LATEST_VERSION}): upgrade @sigreg/adapters`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    for (const statement of migration.statements(target)) {
      try {
        await sql.raw(statement).execute(db);
      } catch (error) {
        // MySQL commits DDL at once: an ALTER that a crashed earlier run applied is already done.
        if (!(context.dialect === "mysql" && mysqlErrno(error) === 1060)) throw error;
      }
    }
    await db
      .insertInto("migrations")
      .values({
        version: migration.version,
        name: migration.name,
        applied_at: new Date().toISOString(),
      })
      .execute();
  }
}

/** MySQL cannot roll DDL back: a named lock on one connection keeps other migrators out. */
async function withMysqlLock(
  context: SqlContext,
  timeout: number,
  body: (db: Kysely<SigregDatabase>) => Promise<void>,
): Promise<void> {
  const name = `sigreg:${lockKey(context.tables.migrations)}`;
  await context.db.connection().execute(async (db) => {
    const { rows } = await sql<{
      got: number | null;
    }>`SELECT GET_LOCK(${name}, ${timeout}) AS got`.execute(db);
    if (Number(rows[0]?.got) !== 1) throw lockTimeout();
    try {
      await body(db);
    } finally {
      await sql`SELECT RELEASE_LOCK(${name})`.execute(db);
    }
  });
}

/** A binary NO PAD collation, so that "a" and "a " are two ids and order is by code point. */
async function mysqlCollation(db: Kysely<SigregDatabase>): Promise<string> {
  const { rows } = await sql<{ v: string }>`SELECT VERSION() AS v`.execute(db);
  const version = rows[0]?.v ?? "";
  if (/mariadb/i.test(version)) return "utf8mb4_nopad_bin";
  return Number.parseInt(version, 10) >= 8 ? "utf8mb4_0900_bin" : "utf8mb4_bin";
}

/** The same number for every process migrating the same tables; fits a Postgres bigint. @internal */
export function lockKey(migrationsTable: string): number {
  const digest = createHash("sha256").update(`sigreg:${migrationsTable}`).digest("hex");
  return Number.parseInt(digest.slice(0, 12), 16);
}

function mysqlErrno(error: unknown): unknown {
  return (error as { errno?: unknown } | null)?.errno;
}

function isLockTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // Postgres lock_not_available; SQLite's busy timeout expiring on BEGIN IMMEDIATE.
  return code === "55P03" || code === "SQLITE_BUSY";
}

function lockTimeout(): SqlStorageError {
  return new SqlStorageError(
    "MIGRATION_LOCK_TIMEOUT",
    "another connection held the migration lock longer than the lock timeout; try again later",
  );
}
