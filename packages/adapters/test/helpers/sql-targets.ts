import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  mysqlStorage,
  pgliteStorage,
  postgresStorage,
  type SqlDialect,
  type SqlStorage,
  sqliteStorage,
} from "@sigreg/adapters/sql";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";

/** Server URLs; a target whose variable is unset is skipped (CI always sets both). */
export const PG_URL = process.env.SIGREG_PG_URL;
export const MYSQL_URL = process.env.SIGREG_MYSQL_URL;

/** Runs SQL beside the adapter, on a connection of its own where the database allows one. */
export type RawQuery = <TRow = Record<string, unknown>>(
  text: string,
  parameters?: readonly unknown[],
) => Promise<TRow[]>;

/** An adapter on a fresh set of tables, and the means to look at them directly. */
export interface OpenTarget {
  storage: SqlStorage;
  dialect: SqlDialect;
  /** Raw SQL with `?` placeholders (rewritten to `$1…` for Postgres). */
  raw: RawQuery;
  /** Quotes an identifier for this database. */
  quote(identifier: string): string;
  /** Another adapter on the same tables (and, for SQLite, the same file). */
  another(options?: { poolSize?: number }): Promise<SqlStorage>;
  /** Drops the tables, closes the adapters and the raw connection. */
  dispose(): Promise<void>;
}

/** One database the tests run on. */
export interface SqlTarget {
  name: string;
  /**
   * `false` when the server's URL variable is not set, and its tests are skipped (a machine
   * without the server). `.ci/run` sets the variables and fails when a server is down, so CI
   * never skips them.
   */
  available: boolean;
  open(options?: {
    poolSize?: number;
    tablePrefix?: string;
    migrate?: boolean;
  }): Promise<OpenTarget>;
}

/** A table prefix no other test file or earlier run uses. */
export function uniquePrefix(): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString("hex")}_`;
}

function withPlaceholders(dialect: SqlDialect, text: string): string {
  if (dialect !== "postgres") return text;
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

async function finish(
  opened: Omit<OpenTarget, "dispose" | "another"> & {
    another: OpenTarget["another"];
    closeRaw: () => Promise<void>;
    cleanup?: () => void;
  },
  migrate: boolean,
): Promise<OpenTarget> {
  const others: SqlStorage[] = [];
  if (migrate) await opened.storage.migrate();
  return {
    storage: opened.storage,
    dialect: opened.dialect,
    raw: opened.raw,
    quote: opened.quote,
    async another(options) {
      const other = await opened.another(options);
      others.push(other);
      return other;
    },
    async dispose() {
      for (const table of Object.values(opened.storage.tables)) {
        await opened.raw(`DROP TABLE IF EXISTS ${opened.quote(table)}`);
      }
      for (const other of others) await other.close();
      await opened.storage.close();
      await opened.closeRaw();
      opened.cleanup?.();
    },
  };
}

const doubleQuote = (identifier: string) => `"${identifier}"`;

export const sqliteFileTarget: SqlTarget = {
  name: "sqlite (file)",
  available: true,
  async open(options = {}) {
    const dir = mkdtempSync(join(tmpdir(), "sigreg-sql-"));
    const filename = join(dir, "sigreg.db");
    const tablePrefix = options.tablePrefix ?? uniquePrefix();
    const storage = sqliteStorage({ filename, tablePrefix });
    // The adapter opens the file lazily: migrate (or a first query) before the raw connection reads.
    const rawDb = new Database(filename);
    rawDb.pragma("busy_timeout = 5000");
    const raw: RawQuery = async (text, parameters = []) => {
      const statement = rawDb.prepare(text);
      if (statement.reader) return statement.all(...parameters) as never;
      statement.run(...parameters);
      return [];
    };
    return finish(
      {
        storage,
        dialect: "sqlite",
        raw,
        quote: doubleQuote,
        another: async () => sqliteStorage({ filename, tablePrefix }),
        closeRaw: async () => {
          rawDb.close();
        },
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      },
      options.migrate ?? true,
    );
  },
};

export const sqliteMemoryTarget: SqlTarget = {
  name: "sqlite (:memory:)",
  available: true,
  async open(options = {}) {
    // An in-memory database is private to its connection: the raw queries share the adapter's.
    const database = new Database(":memory:");
    const tablePrefix = options.tablePrefix ?? uniquePrefix();
    const storage = sqliteStorage({ database, tablePrefix });
    const raw: RawQuery = async (text, parameters = []) => {
      const statement = database.prepare(text);
      if (statement.reader) return statement.all(...parameters) as never;
      statement.run(...parameters);
      return [];
    };
    return finish(
      {
        storage,
        dialect: "sqlite",
        raw,
        quote: doubleQuote,
        another: async () => sqliteStorage({ database, tablePrefix }),
        closeRaw: async () => {
          database.close();
        },
      },
      options.migrate ?? true,
    );
  },
};

let pglite: Promise<PGlite> | undefined;
/** One in-memory PGlite per test file, created on first use. */
export function sharedPglite(): Promise<PGlite> {
  pglite ??= PGlite.create();
  return pglite;
}

export const pgliteTarget: SqlTarget = {
  name: "pglite",
  available: true,
  async open(options = {}) {
    const client = await sharedPglite();
    const tablePrefix = options.tablePrefix ?? uniquePrefix();
    const storage = pgliteStorage({ client, tablePrefix });
    const raw: RawQuery = async (text, parameters = []) =>
      (await client.query(withPlaceholders("postgres", text), [...parameters])).rows as never;
    return finish(
      {
        storage,
        dialect: "postgres",
        raw,
        quote: doubleQuote,
        another: async () => pgliteStorage({ client, tablePrefix }),
        // The instance is shared by the file's tests (starting one takes seconds); its tables are dropped.
        closeRaw: async () => {},
      },
      options.migrate ?? true,
    );
  },
};

export const postgresTarget: SqlTarget = {
  name: "postgres",
  available: PG_URL !== undefined,
  async open(options = {}) {
    const connectionString = PG_URL as string;
    const tablePrefix = options.tablePrefix ?? uniquePrefix();
    const storage = postgresStorage({ connectionString, tablePrefix, max: options.poolSize ?? 10 });
    const rawPool = new pg.Pool({ connectionString, max: 2 });
    const raw: RawQuery = async (text, parameters = []) =>
      (await rawPool.query(withPlaceholders("postgres", text), [...parameters])).rows;
    return finish(
      {
        storage,
        dialect: "postgres",
        raw,
        quote: doubleQuote,
        another: async (more = {}) =>
          postgresStorage({ connectionString, tablePrefix, max: more.poolSize ?? 10 }),
        closeRaw: () => rawPool.end(),
      },
      options.migrate ?? true,
    );
  },
};

export const mariadbTarget: SqlTarget = {
  name: "mariadb",
  available: MYSQL_URL !== undefined,
  async open(options = {}) {
    const uri = MYSQL_URL as string;
    const tablePrefix = options.tablePrefix ?? uniquePrefix();
    const storage = mysqlStorage({ uri, tablePrefix, connectionLimit: options.poolSize ?? 10 });
    const rawPool = mysql.createPool({ uri, connectionLimit: 2 });
    const raw: RawQuery = async (text, parameters = []) => {
      const [rows] = await rawPool.query(text, [...parameters]);
      return (Array.isArray(rows) ? rows : []) as never;
    };
    return finish(
      {
        storage,
        dialect: "mysql",
        raw,
        quote: (identifier) => `\`${identifier}\``,
        another: async (more = {}) =>
          mysqlStorage({ uri, tablePrefix, connectionLimit: more.poolSize ?? 10 }),
        closeRaw: () => rawPool.end(),
      },
      options.migrate ?? true,
    );
  },
};

/** Every target, servers included (those skip themselves without their URL). */
export const SQL_TARGETS: readonly SqlTarget[] = [
  sqliteFileTarget,
  sqliteMemoryTarget,
  pgliteTarget,
  postgresTarget,
  mariadbTarget,
];

/** A record read with the target's own SQL, independently of the adapter. */
export async function readBack(
  target: OpenTarget,
  key: { tenant: string; collection: string; id: string },
): Promise<{ version: number; data: unknown } | undefined> {
  const rows = await target.raw<{ version: number | string; data: string }>(
    `SELECT version, data FROM ${target.quote(target.storage.tables.records)} WHERE tenant = ? AND collection = ? AND id = ?`,
    [key.tenant, key.collection, key.id],
  );
  const row = rows[0];
  return row === undefined
    ? undefined
    : { version: Number(row.version), data: JSON.parse(row.data) };
}

/** Strings in code-point order (JavaScript's `<` compares UTF-16 units, which differs above U+FFFF). */
export function byCodePoint(a: string, b: string): number {
  const left = [...a].map((c) => c.codePointAt(0) as number);
  const right = [...b].map((c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = (left[i] as number) - (right[i] as number);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}
