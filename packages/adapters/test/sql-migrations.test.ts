import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sqliteStorage } from "@sigreg/adapters/sql";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { lockKey } from "../src/sql/migrate.js";
import { MIGRATIONS } from "../src/sql/schema.js";
import { runSqliteWriter } from "./helpers/sql-child.js";
import {
  MYSQL_URL,
  mariadbTarget,
  type OpenTarget,
  PG_URL,
  postgresTarget,
  SQL_TARGETS,
  sharedPglite,
  sqliteFileTarget,
  uniquePrefix,
} from "./helpers/sql-targets.js";

// Starting PGlite takes seconds on a busy machine: once per file, outside the tests' own timeouts.
beforeAll(() => sharedPglite(), 120_000);

async function migrations(t: OpenTarget) {
  return t.raw<{ version: number | string; name: string; applied_at: string }>(
    `SELECT version, name, applied_at FROM ${t.quote(t.storage.tables.migrations)} ORDER BY version`,
  );
}

async function withTarget(open: Promise<OpenTarget>, body: (t: OpenTarget) => Promise<void>) {
  const t = await open;
  try {
    await body(t);
  } finally {
    await t.dispose();
  }
}

for (const target of SQL_TARGETS) {
  // Server targets need SIGREG_PG_URL / SIGREG_MYSQL_URL; CI sets both, so it never skips them.
  describe.skipIf(!target.available)(`migrations: ${target.name}`, () => {
    it("a fresh database gets every table and its version recorded", () =>
      withTarget(target.open({ migrate: false }), async (t) => {
        await t.storage.migrate();
        expect((await migrations(t)).map((row) => [Number(row.version), row.name])).toEqual([
          [1, "records, evidence and outbox"],
          [2, "outbox leases and retries"],
          [3, "state documents"],
        ]);
        for (const table of [
          t.storage.tables.records,
          t.storage.tables.evidence,
          t.storage.tables.outbox,
        ]) {
          expect(await t.raw(`SELECT * FROM ${t.quote(table)}`)).toEqual([]);
        }
      }));

    it("migrating again changes nothing and keeps the data", () =>
      withTarget(target.open(), async (t) => {
        const before = await migrations(t);
        await t.storage.put({
          tenant: "a",
          collection: "groups",
          id: "g",
          data: { kept: 1 },
          expectedVersion: 0,
        });
        await t.storage.migrate();
        await t.storage.migrate();
        expect(await migrations(t)).toEqual(before);
        expect((await t.storage.get({ tenant: "a", collection: "groups", id: "g" }))?.data).toEqual(
          { kept: 1 },
        );
      }));

    it("concurrent migrations apply each step once", () =>
      withTarget(target.open({ migrate: false }), async (t) => {
        const other = await t.another();
        await Promise.all([
          t.storage.migrate(),
          other.migrate(),
          t.storage.migrate(),
          other.migrate(),
        ]);
        expect(await migrations(t)).toHaveLength(MIGRATIONS.length);
        expect(
          (
            await other.put({
              tenant: "a",
              collection: "groups",
              id: "g",
              data: {},
              expectedVersion: 0,
            })
          ).isOk(),
        ).toBe(true);
      }));

    it("a version 1 database with queued messages upgrades to leases and keeps them due", () =>
      withTarget(target.open({ migrate: false }), async (t) => {
        const { tables } = t.storage;
        const first = MIGRATIONS[0];
        if (first === undefined) throw new Error("no migrations");
        for (const statement of first.statements({
          dialect: t.dialect,
          tables,
          mysqlCollation: "utf8mb4_nopad_bin",
        }))
          await t.raw(statement);
        await t.raw(
          `CREATE TABLE ${t.quote(tables.migrations)} (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`,
        );
        await t.raw(
          `INSERT INTO ${t.quote(tables.migrations)} (version, name, applied_at) VALUES (?, ?, ?)`,
          [1, first.name, "2026-01-01T00:00:00.000Z"],
        );
        await t.raw(
          `INSERT INTO ${t.quote(tables.outbox)} (id, tenant, topic, payload, created_at, status, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          ["m1", "a", "alert.recorded", "{}", "2026-01-01T00:00:00.000Z", "pending", 0, null],
        );
        await t.storage.migrate();
        expect(await migrations(t)).toHaveLength(MIGRATIONS.length);
        const claimed = await t.storage.claimOutbox({
          worker: "w",
          now: "2026-01-02T00:00:00.000Z",
          leaseUntil: "2026-01-02T00:01:00.000Z",
          limit: 10,
        });
        expect(claimed.map((message) => [message.id, message.leaseOwner])).toEqual([["m1", "w"]]);
      }));

    it("a database migrated by a newer version is refused with SCHEMA_TOO_NEW", () =>
      withTarget(target.open(), async (t) => {
        await t.raw(
          `INSERT INTO ${t.quote(t.storage.tables.migrations)} (version, name, applied_at) VALUES (?, ?, ?)`,
          [999, "from the future", new Date().toISOString()],
        );
        const failure = await t.storage.migrate().catch((error: unknown) => error);
        expect(failure).toMatchObject({ name: "SqlStorageError", code: "SCHEMA_TOO_NEW" });
        expect(String(failure)).toContain("version 999");
        expect(String(failure)).toContain("upgrade @sigreg/adapters");
        expect(await migrations(t)).toHaveLength(MIGRATIONS.length + 1);
      }));
  });
}

describe("migrations: sqlite (file) in several processes", () => {
  it(
    "two other processes and this one migrating the same file at once apply each step once",
    () =>
      withTarget(sqliteFileTarget.open({ migrate: false }), async (t) => {
        const filename = (await t.raw<{ file: string }>("PRAGMA database_list"))[0]?.file as string;
        const prefix = t.storage.tables.records.replace(/records$/, "");
        const args = [filename, prefix, "-", "-", "0", "migrate"];
        await Promise.all([runSqliteWriter(args), runSqliteWriter(args), t.storage.migrate()]);
        expect(await migrations(t)).toHaveLength(MIGRATIONS.length);
      }),
    60_000,
  );

  it("a write lock held past the busy timeout ends in MIGRATION_LOCK_TIMEOUT", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sigreg-lock-"));
    const filename = join(dir, "locked.db");
    const holder = new Database(filename);
    const storage = sqliteStorage({ filename, busyTimeout: 50 });
    try {
      holder.exec("BEGIN IMMEDIATE");
      await expect(storage.migrate()).rejects.toMatchObject({ code: "MIGRATION_LOCK_TIMEOUT" });
      holder.exec("ROLLBACK");
      await storage.migrate();
    } finally {
      await storage.close();
      holder.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Needs SIGREG_PG_URL; CI sets it, so it never skips.
describe.skipIf(PG_URL === undefined)("migrations: postgres lock", () => {
  it("waits for another migrator's lock and times out with MIGRATION_LOCK_TIMEOUT", () =>
    withTarget(postgresTarget.open({ migrate: false }), async (t) => {
      const holder = new pg.Client(PG_URL);
      await holder.connect();
      try {
        await holder.query("BEGIN");
        await holder.query(`SELECT pg_advisory_xact_lock(${lockKey(t.storage.tables.migrations)})`);
        await expect(t.storage.migrate({ lockTimeoutSeconds: 0.3 })).rejects.toMatchObject({
          code: "MIGRATION_LOCK_TIMEOUT",
        });
        await holder.query("COMMIT");
        await t.storage.migrate({ lockTimeoutSeconds: 5 });
        expect(await migrations(t)).toHaveLength(MIGRATIONS.length);
      } finally {
        await holder.end();
      }
    }));

  it('declares ids, tenants and collections COLLATE "C" (code-point order)', () =>
    withTarget(postgresTarget.open(), async (t) => {
      const rows = await t.raw<{ column_name: string; collation_name: string | null }>(
        "SELECT column_name, collation_name FROM information_schema.columns WHERE table_name = ? AND column_name IN ('tenant', 'collection', 'id') ORDER BY column_name",
        [t.storage.tables.records],
      );
      expect(rows.map((row) => row.collation_name)).toEqual(["C", "C", "C"]);
    }));
});

// Needs SIGREG_MYSQL_URL; CI sets it, so it never skips.
describe.skipIf(MYSQL_URL === undefined)("migrations: mariadb lock", () => {
  it("waits for another migrator's lock and times out with MIGRATION_LOCK_TIMEOUT", () =>
    withTarget(mariadbTarget.open({ migrate: false }), async (t) => {
      const holder = await mysql.createConnection(MYSQL_URL as string);
      const name = `sigreg:${lockKey(t.storage.tables.migrations)}`;
      try {
        await holder.query("SELECT GET_LOCK(?, 0)", [name]);
        await expect(t.storage.migrate({ lockTimeoutSeconds: 1 })).rejects.toMatchObject({
          code: "MIGRATION_LOCK_TIMEOUT",
        });
        await holder.query("SELECT RELEASE_LOCK(?)", [name]);
        await t.storage.migrate();
        expect(await migrations(t)).toHaveLength(MIGRATIONS.length);
      } finally {
        await holder.end();
      }
    }));

  it("keys use a binary NO PAD collation ('a' and 'a ' are two ids)", () =>
    withTarget(mariadbTarget.open(), async (t) => {
      const rows = await t.raw<{ COLUMN_NAME: string; COLLATION_NAME: string }>(
        "SELECT COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME IN ('tenant', 'collection', 'id') ORDER BY COLUMN_NAME",
        [t.storage.tables.records],
      );
      expect(rows.map((row) => row.COLLATION_NAME)).toEqual(Array(3).fill("utf8mb4_nopad_bin"));
    }));
});

describe("table prefix", () => {
  it.each(["", "1abc", "drop table;", "a-b", "x".repeat(41)])(
    "rejects %j with INVALID_OPTIONS",
    (tablePrefix) => {
      expect(() => sqliteStorage({ filename: ":memory:", tablePrefix })).toThrow(
        expect.objectContaining({ code: "INVALID_OPTIONS" }),
      );
    },
  );

  it("keeps two prefixes' data apart in one database", async () => {
    const database = new Database(":memory:");
    const first = sqliteStorage({ database, tablePrefix: uniquePrefix() });
    const second = sqliteStorage({ database, tablePrefix: uniquePrefix() });
    await first.migrate();
    await second.migrate();
    await first.put({ tenant: "a", collection: "groups", id: "g", data: {}, expectedVersion: 0 });
    expect(await second.get({ tenant: "a", collection: "groups", id: "g" })).toBeUndefined();
    expect(first.tables.records).not.toBe(second.tables.records);
    database.close();
  });

  it("defaults to sigreg_", () => {
    expect(sqliteStorage({ filename: ":memory:" }).tables).toEqual({
      records: "sigreg_records",
      evidence: "sigreg_evidence",
      outbox: "sigreg_outbox",
      state: "sigreg_state",
      migrations: "sigreg_migrations",
    });
  });
});
