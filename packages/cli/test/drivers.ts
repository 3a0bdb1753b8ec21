import { createRequire } from "node:module";

// The CLI package has the drivers (dev dependencies) but not their type packages: load them through
// require and describe only the little the tests use.
const require = createRequire(import.meta.url);

/** The part of a better-sqlite3 statement the tests use. */
export interface SqliteStatement {
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** The part of a better-sqlite3 database the tests use. */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  close(): void;
}

/** Opens a SQLite file with better-sqlite3, straight, behind the adapter's back. */
export function openSqlite(filename: string, options: { readonly?: boolean } = {}): SqliteDatabase {
  const Database = require("better-sqlite3") as new (
    filename: string,
    options: { readonly?: boolean },
  ) => SqliteDatabase;
  return new Database(filename, options);
}

/** The part of a `pg` client the tests use. */
export interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

/** A `pg` client on a URL. */
export function pgClient(connectionString: string): PgClient {
  const { Client } = require("pg") as {
    Client: new (config: { connectionString: string }) => PgClient;
  };
  return new Client({ connectionString });
}
