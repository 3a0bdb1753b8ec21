import type { StorageAdapter } from "@sigreg/core";
import type { Kysely } from "kysely";
import { runMigrations, type SqlMigrateOptions } from "./migrate.js";
import { sqlOperations } from "./operations.js";
import type { PgCopy } from "./pg-copy.js";
import {
  DEFAULT_TABLE_PREFIX,
  type SigregDatabase,
  type SqlDialect,
  type TableNames,
  TablePrefixPlugin,
  tableNames,
} from "./tables.js";
import { runInTransaction, type SqlContext } from "./transaction.js";

/** Options every SQL factory takes. */
export interface SqlFactoryOptions {
  /**
   * Prefix of the adapter's tables: letters, digits and underscores, at most 40.
   * @default "sigreg_"
   */
  tablePrefix?: string;
}

/**
 * Options of {@link sqlStorage}.
 * @typeParam TDatabase - The caller's own table types; the adapter does not use them.
 */
export interface SqlStorageOptions<TDatabase = unknown> extends SqlFactoryOptions {
  /**
   * The Kysely instance to run on. The adapter leaves out its plugins (its own queries need plain
   * column names) and never destroys it: the caller does.
   */
  db: Kysely<TDatabase>;
  /** Which SQL `db` speaks; PGlite speaks `postgres`, MariaDB speaks `mysql`. */
  dialect: SqlDialect;
}

/** The database names of the adapter's tables. */
export interface SqlTableNames {
  /** Records, one row per tenant, collection and id. */
  readonly records: string;
  /** Evidence entries, one row per tenant and sequence number. */
  readonly evidence: string;
  /** Outbox messages. */
  readonly outbox: string;
  /** State documents (feed state, leases), one row per tenant and key. */
  readonly state: string;
  /** Applied schema versions. */
  readonly migrations: string;
}

/**
 * A storage adapter on a SQL database. Inside `transaction`, use only the `tx` it passes: on SQLite
 * and PGlite (one connection) an operation on the adapter itself would wait for the transaction
 * that waits for it. On MySQL, transactions run at READ COMMITTED, like Postgres.
 */
export interface SqlStorage extends StorageAdapter {
  /** Which SQL the database speaks. */
  readonly dialect: SqlDialect;
  /** The adapter's tables, for people who query them directly (reports, audits). */
  readonly tables: SqlTableNames;
  /**
   * Creates the tables or brings them to the newest schema version. Idempotent; safe when several
   * processes migrate at once (they wait on a lock); throws `SCHEMA_TOO_NEW` when the database was
   * migrated by a newer version of this package, `MIGRATION_LOCK_TIMEOUT` when another migration
   * holds the lock too long.
   */
  migrate(options?: SqlMigrateOptions): Promise<void>;
  /** Closes the connections the adapter opened itself; those passed in stay open. */
  close(): Promise<void>;
}

/** How a factory hands its database to {@link createSqlStorage}. @internal */
export interface SqlStorageParts {
  db: Kysely<unknown>;
  dialect: SqlDialect;
  tablePrefix: string | undefined;
  name: string;
  /** Releases what the factory opened, if anything. */
  close: () => Promise<void>;
  /** COPY support of `postgresStorage`'s connections. */
  pgCopy?: PgCopy;
}

/** Builds the adapter around a database the factory opened or was given. @internal */
export function createSqlStorage(parts: SqlStorageParts): SqlStorage {
  const tables: TableNames = tableNames(parts.tablePrefix ?? DEFAULT_TABLE_PREFIX);
  const db = (parts.db as Kysely<SigregDatabase>)
    .withoutPlugins()
    .withPlugin(new TablePrefixPlugin(tables));
  const context: SqlContext = {
    db,
    dialect: parts.dialect,
    tables,
    ...(parts.pgCopy === undefined ? {} : { pgCopy: parts.pgCopy }),
  };
  let closed: Promise<void> | undefined;
  return {
    name: parts.name,
    dialect: parts.dialect,
    tables,
    ...sqlOperations({ ...context, state: undefined }),
    transaction: (fn) =>
      runInTransaction(context, (connection, state) =>
        fn(sqlOperations({ ...context, db: connection, state })),
      ),
    migrate: (options) => runMigrations(context, options),
    close: () => {
      closed ??= parts.close();
      return closed;
    },
  };
}

/**
 * A storage adapter on a Kysely instance the caller configured, for databases or drivers the
 * dedicated factories do not cover. Run `migrate()` once before use.
 * @typeParam TDatabase - The caller's own table types; the adapter does not use them.
 * @example
 * import { Kysely, SqliteDialect } from "kysely";
 * import Database from "better-sqlite3";
 * const db = new Kysely({ dialect: new SqliteDialect({ database: new Database("sigreg.db") }) });
 * const storage = sqlStorage({ db, dialect: "sqlite" });
 * await storage.migrate();
 */
export function sqlStorage<TDatabase>(options: SqlStorageOptions<TDatabase>): SqlStorage {
  return createSqlStorage({
    db: options.db as Kysely<unknown>,
    dialect: options.dialect,
    tablePrefix: options.tablePrefix,
    name: options.dialect,
    close: async () => {},
  });
}
