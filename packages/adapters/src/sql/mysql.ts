import { Kysely, MysqlDialect, type MysqlPool, type MysqlPoolConnection } from "kysely";
import type mysql from "mysql2";
import { connectionFailed, secretsOf } from "./errors.js";
import { loadDriver } from "./load-driver.js";
import { createSqlStorage, type SqlFactoryOptions, type SqlStorage } from "./sql-storage.js";

/** {@link mysqlStorage} on a pool the caller created (and ends). */
export interface MysqlPoolOptions extends SqlFactoryOptions {
  /** A `mysql2` pool from `createPool` (the callback API, not `mysql2/promise`). */
  pool: MysqlPool;
}

/** {@link mysqlStorage} on a pool the adapter creates (and ends) itself. */
export interface MysqlUrlOptions extends SqlFactoryOptions {
  /** A `mysql://user:password@host:port/database` URL; the password never appears in errors. */
  uri: string;
  /**
   * Most connections the pool opens at once.
   * @default 10
   */
  connectionLimit?: number;
}

/** Options of {@link mysqlStorage}. */
export type MysqlStorageOptions = MysqlPoolOptions | MysqlUrlOptions;

/**
 * A storage adapter on MySQL 8 or MariaDB 10.5+ through `mysql2`. Given a `uri`, it loads `mysql2`
 * on first use and opens a pool; given a `pool`, it borrows it. Keys use a binary NO PAD
 * collation, so lists come in code-point order and `"a"` and `"a "` are different ids. Run
 * `migrate()` once before use.
 * @example
 * const storage = mysqlStorage({ uri: process.env.DATABASE_URL! });
 * await storage.migrate();
 * // …
 * await storage.close();
 */
export function mysqlStorage(options: MysqlStorageOptions): SqlStorage {
  const owned = !("pool" in options);
  const pool = "pool" in options ? options.pool : () => openMysqlPool(options);
  const db = new Kysely<unknown>({ dialect: new MysqlDialect({ pool }) });
  return createSqlStorage({
    db,
    dialect: "mysql",
    tablePrefix: options.tablePrefix,
    name: "mysql",
    close: () => (owned ? db.destroy() : Promise.resolve()),
  });
}

async function openMysqlPool(options: MysqlUrlOptions): Promise<MysqlPool> {
  const driver = await loadDriver<typeof mysql>("mysql2", "mysqlStorage");
  const secrets = secretsOf(options.uri);
  let pool: mysql.Pool;
  try {
    pool = driver.createPool({
      uri: options.uri,
      connectionLimit: options.connectionLimit ?? 10,
      charset: "utf8mb4",
    });
  } catch (error) {
    throw connectionFailed("invalid mysql uri", error, secrets);
  }
  return {
    getConnection: (callback) =>
      pool.getConnection((error, connection) => {
        if (error)
          callback(connectionFailed("could not connect to mysql", error, secrets), connection);
        else callback(null, connection as unknown as MysqlPoolConnection);
      }),
    end: (callback) => pool.end(callback),
  };
}
