/**
 * One storage adapter for SQLite, PostgreSQL (and PGlite) and MySQL/MariaDB, on Kysely, with
 * versioned migrations. Drivers are optional peer dependencies, loaded only by the factory that
 * needs them.
 * @example
 * import { createSigreg } from "@sigreg/core";
 * import { postgresStorage } from "@sigreg/adapters/sql";
 *
 * const storage = postgresStorage({ connectionString: process.env.DATABASE_URL! });
 * await storage.migrate();
 * const sigreg = createSigreg({ storage });
 * @module
 */
export { SQL_STORAGE_ERROR_CODES, SqlStorageError, type SqlStorageErrorCode } from "./errors.js";
export type { SqlMigrateOptions } from "./migrate.js";
export {
  type MysqlPoolOptions,
  type MysqlStorageOptions,
  type MysqlUrlOptions,
  mysqlStorage,
} from "./mysql.js";
export { type PGliteClient, type PgliteStorageOptions, pgliteStorage } from "./pglite.js";
export {
  type PostgresPoolOptions,
  type PostgresStorageOptions,
  type PostgresUrlOptions,
  postgresStorage,
} from "./postgres.js";
export {
  type SqlFactoryOptions,
  type SqlStorage,
  type SqlStorageOptions,
  type SqlTableNames,
  sqlStorage,
} from "./sql-storage.js";
export {
  type SqliteDatabaseOptions,
  type SqliteFileOptions,
  type SqliteStorageOptions,
  sqliteStorage,
} from "./sqlite.js";
export { DEFAULT_TABLE_PREFIX, type SqlDialect } from "./tables.js";
