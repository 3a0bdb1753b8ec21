import { Kysely, PostgresDialect, type PostgresPool } from "kysely";
import type pg from "pg";
import { connectionFailed, secretsOf } from "./errors.js";
import { loadDriver } from "./load-driver.js";
import { copyCursor, loadPgCopy, type PgCopy } from "./pg-copy.js";
import { createSqlStorage, type SqlFactoryOptions, type SqlStorage } from "./sql-storage.js";

/** {@link postgresStorage} on a pool the caller created (and ends). */
export interface PostgresPoolOptions extends SqlFactoryOptions {
  /** A `pg` `Pool` (or anything with its `connect` and `end`). */
  pool: PostgresPool;
}

/** {@link postgresStorage} on a pool the adapter creates (and ends) itself. */
export interface PostgresUrlOptions extends SqlFactoryOptions {
  /** A `postgres://user:password@host:port/database` URL; the password never appears in errors. */
  connectionString: string;
  /**
   * Most connections the pool opens at once.
   * @default 10
   */
  max?: number;
}

/** Options of {@link postgresStorage}. */
export type PostgresStorageOptions = PostgresPoolOptions | PostgresUrlOptions;

/**
 * A storage adapter on PostgreSQL through `pg`. Given a `connectionString`, it loads `pg` on first
 * use and opens a pool; given a `pool`, it borrows it. Ids are stored `COLLATE "C"`, so lists come
 * in code-point order whatever the database's locale. Run `migrate()` once before use.
 * @example
 * const storage = postgresStorage({ connectionString: process.env.DATABASE_URL! });
 * await storage.migrate();
 * // …
 * await storage.close();
 */
export function postgresStorage(options: PostgresStorageOptions): SqlStorage {
  const owned = !("pool" in options);
  // Bulk inserts COPY when the optional peer pg-copy-streams is installed; it is looked for when
  // the pool is first used. Kysely streams through the `cursor` class: the adapter's only streamed
  // statements are its COPYs (see copyCursor).
  const pgCopy: PgCopy = { from: undefined };
  const pool = async () => {
    await loadPgCopy(pgCopy);
    return "pool" in options ? options.pool : openPostgresPool(options);
  };
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool, cursor: copyCursor(pgCopy) }),
  });
  return createSqlStorage({
    db,
    dialect: "postgres",
    tablePrefix: options.tablePrefix,
    name: "postgres",
    close: () => (owned ? db.destroy() : Promise.resolve()),
    pgCopy,
  });
}

async function openPostgresPool(options: PostgresUrlOptions): Promise<PostgresPool> {
  const driver = await loadDriver<typeof pg>("pg", "postgresStorage");
  const secrets = secretsOf(options.connectionString);
  let pool: pg.Pool;
  try {
    pool = new driver.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  } catch (error) {
    throw connectionFailed("invalid postgres connection string", error, secrets);
  }
  // An idle connection the server closes is dropped by the pool; the next query reports any
  // lasting failure. Without a listener, the event would crash the process.
  pool.on("error", () => {});
  return {
    // pg parses the URL when it creates a client, and its parse error holds the whole URL.
    connect: async () => {
      try {
        return await pool.connect();
      } catch (error) {
        throw connectionFailed("could not connect to postgres", error, secrets);
      }
    },
    end: () => pool.end(),
  };
}
