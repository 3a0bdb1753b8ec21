import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  mysqlStorage,
  postgresStorage,
  type SqlStorage,
  sqliteStorage,
} from "@sigreg/adapters/sql";
import { chainEvidence } from "@sigreg/core";
import { createPool } from "mysql2";
import mysql from "mysql2/promise";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { holdSqliteLock } from "./helpers/sql-child.js";
import { MYSQL_URL, PG_URL, uniquePrefix } from "./helpers/sql-targets.js";

const key = { tenant: "locks", collection: "groups" as const, id: "g" };
const first = chainEvidence(undefined, {
  at: "2025-01-01T00:00:00.000Z",
  actor: "alice",
  action: "group.create",
  subject: { collection: "groups", id: "g" },
  before: null,
  after: { name: "G" },
});

/** A raw connection that can hold row locks in an open transaction. */
interface Holder {
  query(text: string, parameters?: unknown[]): Promise<unknown>;
  end(): Promise<void>;
}

/**
 * While another connection holds the record's row lock and the next evidence entry's key, a write
 * that waits longer than the session's lock timeout comes back as CONFLICT, not as a throw.
 */
async function lockWaitsAreConflicts(
  storage: SqlStorage,
  holder: Holder,
  quote: (name: string) => string,
) {
  await storage.migrate();
  await storage.put({ ...key, data: { n: 1 }, expectedVersion: 0 });
  await holder.query("BEGIN");
  await holder.query(
    `UPDATE ${quote(storage.tables.records)} SET data = data WHERE tenant = 'locks'`,
  );
  await holder.query(
    `INSERT INTO ${quote(storage.tables.evidence)} (tenant, seq, at, actor, action, subject_collection, subject_id, prev_hash, hash) VALUES ('locks', 1, 'x', 'x', 'x', 'groups', 'g', 'x', 'x')`,
  );
  const put = await storage.put({ ...key, data: { n: 2 }, expectedVersion: 1 });
  expect(put._unsafeUnwrapErr()).toMatchObject({ code: "CONFLICT", expectedVersion: 1 });
  const removed = await storage.remove({ ...key, expectedVersion: 1 });
  expect(removed._unsafeUnwrapErr()).toMatchObject({ code: "CONFLICT" });
  const appended = await storage.appendEvidence({ tenant: "locks", entry: first });
  expect(appended._unsafeUnwrapErr()).toMatchObject({
    code: "CONFLICT",
    collection: "evidence",
    id: "1",
  });
  await holder.query("ROLLBACK");
  expect((await storage.put({ ...key, data: { n: 2 }, expectedVersion: 1 })).isOk()).toBe(true);
  expect((await storage.appendEvidence({ tenant: "locks", entry: first })).isOk()).toBe(true);
}

describe("a lock wait that times out is a CONFLICT", () => {
  // Needs SIGREG_PG_URL; CI sets it, so it never skips.
  it.skipIf(PG_URL === undefined)(
    "postgres (lock_timeout)",
    async () => {
      const pool = new pg.Pool({ connectionString: PG_URL, options: "-c lock_timeout=300" });
      const storage = postgresStorage({ pool, tablePrefix: uniquePrefix() });
      const holder = new pg.Client(PG_URL);
      await holder.connect();
      try {
        await lockWaitsAreConflicts(storage, holder, (name) => `"${name}"`);
      } finally {
        for (const table of Object.values(storage.tables))
          await holder.query(`DROP TABLE IF EXISTS "${table}"`);
        await holder.end();
        await pool.end();
      }
    },
    30_000,
  );

  // Needs SIGREG_MYSQL_URL; CI sets it, so it never skips.
  it.skipIf(MYSQL_URL === undefined)(
    "mariadb (innodb_lock_wait_timeout)",
    async () => {
      const pool = createPool({ uri: MYSQL_URL as string, connectionLimit: 2 });
      pool.on("connection", (connection) => {
        connection.query("SET SESSION innodb_lock_wait_timeout = 1");
      });
      const storage = mysqlStorage({ pool, tablePrefix: uniquePrefix() });
      const holder = await mysql.createConnection(MYSQL_URL as string);
      try {
        await lockWaitsAreConflicts(storage, holder, (name) => `\`${name}\``);
      } finally {
        for (const table of Object.values(storage.tables))
          await holder.query(`DROP TABLE IF EXISTS \`${table}\``);
        await holder.end();
        await pool.promise().end();
      }
    },
    30_000,
  );

  it("sqlite (busy timeout), while reads go on", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sigreg-busy-"));
    const filename = join(dir, "busy.db");
    const storage = sqliteStorage({ filename, busyTimeout: 100 });
    try {
      await storage.migrate();
      await storage.put({ ...key, data: { n: 1 }, expectedVersion: 0 });
      const { released } = await holdSqliteLock(filename, 1_500);
      const put = await storage.put({ ...key, data: { n: 2 }, expectedVersion: 1 });
      expect(put._unsafeUnwrapErr()).toMatchObject({ code: "CONFLICT" });
      const appended = await storage.appendEvidence({ tenant: "locks", entry: first });
      expect(appended._unsafeUnwrapErr()).toMatchObject({
        code: "CONFLICT",
        collection: "evidence",
      });
      expect((await storage.get(key))?.version).toBe(1);
      await released;
      expect((await storage.put({ ...key, data: { n: 2 }, expectedVersion: 1 })).isOk()).toBe(true);
    } finally {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
