/**
 * The database drivers, loaded from @sigreg/adapters' own dependencies (the bench has none), and
 * described only as far as the storage benchmark uses them.
 */
import { createRequire } from "node:module";
import type { Writable } from "node:stream";

const require = createRequire(new URL("../packages/adapters/package.json", import.meta.url));

/** A prepared better-sqlite3 statement. */
export interface SqliteStatement {
  run(...parameters: unknown[]): unknown;
  get(...parameters: unknown[]): unknown;
}

/** A better-sqlite3 database. */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string): unknown;
  close(): unknown;
}

/** A `pg` client checked out of a pool (or opened alone). */
export interface PgClient {
  query<TRow = Record<string, unknown>>(
    text: string | { text: string; name?: string; values?: unknown[] },
    values?: unknown[],
  ): Promise<{ rows: TRow[]; rowCount: number | null }>;
  /** Submits a pg-copy-streams query; returns it. */
  query<TSubmittable>(submittable: TSubmittable): TSubmittable;
  release(): void;
}

/** A `pg` pool. */
export interface PgPool {
  connect(): Promise<PgClient>;
  query<TRow = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: TRow[]; rowCount: number | null }>;
  end(): Promise<void>;
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** Opens a better-sqlite3 database. */
export function openSqlite(filename: string): SqliteDatabase {
  const Database = require("better-sqlite3") as new (filename: string) => SqliteDatabase;
  return new Database(filename);
}

/** Creates a `pg` pool whose connections use `schema` (created by the caller) first. */
export function createPgPool(connectionString: string, schema: string, max = 4): PgPool {
  const pg = require("pg") as {
    Pool: new (config: { connectionString: string; options?: string; max?: number }) => PgPool;
  };
  const pool = new pg.Pool({ connectionString, options: `-c search_path=${schema}`, max });
  pool.on("error", () => {
    // An idle connection dropped by the server: the next query reports a lasting failure.
  });
  return pool;
}

/** A `COPY … FROM STDIN` query to submit to a client, as pg-copy-streams builds it. */
export function copyFrom(sql: string): Writable {
  const copy = require("pg-copy-streams") as { from(sql: string): Writable };
  return copy.from(sql);
}

/** The URL without its password, for printing. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}
