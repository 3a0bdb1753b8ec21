import type { SqlDialect, TableNames } from "./tables.js";

/** What a migration's DDL depends on besides the dialect. @internal */
export interface SchemaTarget {
  dialect: SqlDialect;
  tables: TableNames;
  /** MySQL only: a binary, NO PAD collation, so that ids compare and sort by code point. */
  mysqlCollation?: string;
}

/** One step of the schema; `version`s are 1, 2, 3… and a step is never edited once released. @internal */
export interface Migration {
  version: number;
  name: string;
  /** The statements, in order. MySQL cannot roll DDL back, so its statements are idempotent. */
  statements(target: SchemaTarget): string[];
}

/** The schema's history. Append new steps; never change a released one. @internal */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "records, evidence and outbox", statements: initialSchema },
  { version: 2, name: "outbox leases and retries", statements: outboxLeases },
];

/** The newest schema version this code knows. @internal */
export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

function initialSchema({ dialect, tables, mysqlCollation }: SchemaTarget): string[] {
  const { records, evidence, outbox } = tables;
  if (dialect === "mysql") {
    // Text keys in a binary NO PAD collation: code-point order, and "a" differs from "a ".
    const table = `ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${mysqlCollation ?? "utf8mb4_bin"}`;
    return [
      `CREATE TABLE IF NOT EXISTS \`${records}\` (tenant VARCHAR(255) NOT NULL, collection VARCHAR(32) NOT NULL, id VARCHAR(255) NOT NULL, version INT NOT NULL, data LONGTEXT NOT NULL, updated_at VARCHAR(64) NOT NULL, PRIMARY KEY (tenant, collection, id), KEY \`${records}_tenants\` (collection, tenant)) ${table}`,
      `CREATE TABLE IF NOT EXISTS \`${evidence}\` (tenant VARCHAR(255) NOT NULL, seq BIGINT NOT NULL, at VARCHAR(64) NOT NULL, actor TEXT NOT NULL, action VARCHAR(255) NOT NULL, subject_collection VARCHAR(32) NOT NULL, subject_id VARCHAR(255) NOT NULL, \`before\` LONGTEXT NULL, \`after\` LONGTEXT NULL, prev_hash VARCHAR(255) NOT NULL, hash VARCHAR(255) NOT NULL, PRIMARY KEY (tenant, seq)) ${table}`,
      `CREATE TABLE IF NOT EXISTS \`${outbox}\` (id VARCHAR(255) NOT NULL PRIMARY KEY, tenant VARCHAR(255) NOT NULL, topic VARCHAR(255) NOT NULL, payload LONGTEXT NOT NULL, created_at VARCHAR(64) NOT NULL, status VARCHAR(16) NOT NULL, attempts INT NOT NULL, last_error TEXT NULL, KEY \`${outbox}_status\` (status, id)) ${table}`,
    ];
  }
  // Postgres compares text by the database's locale unless told otherwise; "C" is code-point order.
  // SQLite's default BINARY collation already is (UTF-8 bytes sort like code points).
  const key = dialect === "postgres" ? `text COLLATE "C"` : "TEXT";
  const seq = dialect === "postgres" ? "bigint" : "INTEGER";
  // Records are small and always found by key: clustering them on it saves SQLite a second b-tree.
  const withoutRowid = dialect === "sqlite" ? " WITHOUT ROWID" : "";
  return [
    `CREATE TABLE "${records}" (tenant ${key} NOT NULL, collection ${key} NOT NULL, id ${key} NOT NULL, version integer NOT NULL, data text NOT NULL, updated_at text NOT NULL, PRIMARY KEY (tenant, collection, id))${withoutRowid}`,
    // Tenants are listed by their profile record: a partial index keeps that off the activities.
    `CREATE INDEX "${records}_tenants" ON "${records}" (tenant) WHERE collection = 'profile'`,
    `CREATE TABLE "${evidence}" (tenant ${key} NOT NULL, seq ${seq} NOT NULL, at text NOT NULL, actor text NOT NULL, action text NOT NULL, subject_collection text NOT NULL, subject_id text NOT NULL, before text, after text, prev_hash text NOT NULL, hash text NOT NULL, PRIMARY KEY (tenant, seq))`,
    `CREATE TABLE "${outbox}" (id ${key} NOT NULL PRIMARY KEY, tenant ${key} NOT NULL, topic text NOT NULL, payload text NOT NULL, created_at text NOT NULL, status ${key} NOT NULL, attempts integer NOT NULL, last_error text)`,
    `CREATE INDEX "${outbox}_status" ON "${outbox}" (status, id)`,
  ];
}

function outboxLeases({ dialect, tables }: SchemaTarget): string[] {
  const { outbox } = tables;
  if (dialect === "mysql") {
    // One ALTER is one atomic DDL statement: a rerun after it fails with "duplicate column" (1060),
    // which the migrator takes as already applied.
    return [
      `ALTER TABLE \`${outbox}\` ADD COLUMN available_at VARCHAR(64) NULL, ADD COLUMN lease_owner VARCHAR(255) NULL, ADD COLUMN lease_until VARCHAR(64) NULL, ADD COLUMN delivered_at VARCHAR(64) NULL, ADD COLUMN receipt LONGTEXT NULL`,
    ];
  }
  return ["available_at", "lease_owner", "lease_until", "delivered_at", "receipt"].map(
    (column) => `ALTER TABLE "${outbox}" ADD COLUMN ${column} text`,
  );
}

/** The statement that creates the migrations table if it is missing. @internal */
export function migrationsTableStatement({ dialect, tables }: SchemaTarget): string {
  return dialect === "mysql"
    ? `CREATE TABLE IF NOT EXISTS \`${tables.migrations}\` (version INT NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL, applied_at VARCHAR(64) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`
    : `CREATE TABLE IF NOT EXISTS "${tables.migrations}" (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`;
}
