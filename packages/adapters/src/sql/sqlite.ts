import { resolve } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { Kysely, type SqliteDatabase, SqliteDialect, type SqliteDialectConfig } from "kysely";
import { SqlStorageError } from "./errors.js";
import { loadDriver } from "./load-driver.js";
import { createSqlStorage, type SqlFactoryOptions, type SqlStorage } from "./sql-storage.js";
import { withStatementCache } from "./sqlite-statements.js";

/** {@link sqliteStorage} on a database the caller opened (and closes). */
export interface SqliteDatabaseOptions extends SqlFactoryOptions {
  /** A better-sqlite3 `Database` (or anything with its `prepare` and `close`). */
  database: SqliteDatabase;
}

/** {@link sqliteStorage} on a file the adapter opens (and closes) itself. */
export interface SqliteFileOptions extends SqlFactoryOptions {
  /** Path of the database file, created if missing; `:memory:` for a private in-memory database. */
  filename: string;
  /**
   * How long a write waits for another connection's lock before it fails, in milliseconds.
   * @default 5000
   */
  busyTimeout?: number;
}

/** Options of {@link sqliteStorage}. */
export type SqliteStorageOptions = SqliteDatabaseOptions | SqliteFileOptions;

/**
 * A storage adapter on SQLite through better-sqlite3, the embedded default. Given a `filename`,
 * it loads better-sqlite3 on first use and opens the file in WAL mode with a busy timeout and
 * foreign keys on; adapters of one process on the same file share that connection (the first
 * one's `busyTimeout` applies). Given a `database`, it uses it as configured; open one `Database`
 * per file and process. Run `migrate()` once before use.
 * @example
 * const storage = sqliteStorage({ filename: "sigreg.db" });
 * await storage.migrate();
 * // …
 * await storage.close();
 */
export function sqliteStorage(options: SqliteStorageOptions): SqlStorage {
  const { db, close } =
    "database" in options
      ? { db: kyselyOnDatabase(options.database), close: () => Promise.resolve() }
      : openFile(options);
  return createSqlStorage({
    db,
    dialect: "sqlite",
    tablePrefix: options.tablePrefix,
    name: "sqlite",
    close,
  });
}

function kyselyOn(database: SqliteDialectConfig["database"]): Kysely<unknown> {
  const cached =
    typeof database === "function"
      ? async () => withStatementCache(await database())
      : withStatementCache(database);
  return new Kysely<unknown>({ dialect: new SqliteDialect({ database: cached }) });
}

/** One Kysely per caller's database, so that two adapters on it queue on one connection mutex. */
const onDatabase = new WeakMap<SqliteDatabase, Kysely<unknown>>();

function kyselyOnDatabase(database: SqliteDatabase): Kysely<unknown> {
  let db = onDatabase.get(database);
  if (db === undefined) {
    db = kyselyOn(database);
    onDatabase.set(database, db);
  }
  return db;
}

/** Files this process has open, by absolute path, with the number of adapters using each. */
const openFiles = new Map<string, { db: Kysely<unknown>; users: number }>();

/**
 * Adapters of one process share one connection per file. better-sqlite3 is synchronous: a second
 * connection waiting for the first one's lock would block the very thread the first one needs to
 * finish, and fail after the busy timeout. One connection queues them instead; other processes
 * still get their own connections and wait on the lock.
 */
function openFile(options: SqliteFileOptions): { db: Kysely<unknown>; close: () => Promise<void> } {
  if (options.filename === ":memory:" || options.filename === "") {
    const db = kyselyOn(() => openSqliteFile(options, "sqliteStorage"));
    return { db, close: () => db.destroy() };
  }
  const path = resolve(options.filename);
  let shared = openFiles.get(path);
  if (shared === undefined) {
    shared = { db: kyselyOn(() => openSqliteFile(options, "sqliteStorage")), users: 0 };
    openFiles.set(path, shared);
  }
  const file = shared;
  file.users++;
  return {
    db: file.db,
    close: async () => {
      file.users--;
      if (file.users > 0) return;
      openFiles.delete(path);
      await file.db.destroy();
    },
  };
}

async function openSqliteFile(
  options: SqliteFileOptions,
  factoryName: string,
): Promise<SqliteDatabase> {
  const Database = await loadDriver<typeof BetterSqlite3>("better-sqlite3", factoryName);
  const incompatible = incompatibleSqliteDriver(process.version, Database);
  if (incompatible !== undefined) throw new SqlStorageError("DRIVER_INCOMPATIBLE", incompatible);
  const database = new Database(options.filename);
  // WAL lets readers run beside the one writer; the busy timeout makes a second writer (another
  // process) wait for the lock instead of failing at once.
  database.pragma("journal_mode = WAL");
  database.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeout ?? 5000))}`);
  database.pragma("foreign_keys = ON");
  return database;
}

/**
 * Why the better-sqlite3 module `Database` cannot run on Node `nodeVersion`, or `undefined` when it
 * can. better-sqlite3 12.x and older abort the whole process on Node 24 and later when the garbage
 * collector frees one of their statements (`Assertion failed: (env) != nullptr`,
 * WiseLibs/better-sqlite3#1515); 13.x, rebuilt on Node-API, does not. 13.x is recognised by
 * `Database.prototype.explain`, which it added. @internal
 */
export function incompatibleSqliteDriver(
  nodeVersion: string,
  Database: { prototype: object },
): string | undefined {
  const major = Number.parseInt(nodeVersion.replace(/^v/, ""), 10);
  if (!(major >= 24) || "explain" in Database.prototype) return undefined;
  return `better-sqlite3 12.x and older crash Node ${major} (the process aborts when a statement is garbage-collected, WiseLibs/better-sqlite3#1515): install better-sqlite3 13 or later (pnpm add better-sqlite3@13), or run on Node 20 or 22`;
}
