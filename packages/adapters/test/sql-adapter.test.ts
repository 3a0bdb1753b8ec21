import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  mysqlStorage,
  pgliteStorage,
  postgresStorage,
  type SqlStorage,
  sqliteStorage,
  sqlStorage,
} from "@sigreg/adapters/sql";
import Database from "better-sqlite3";
import { CamelCasePlugin, Kysely, SqliteDialect } from "kysely";
import { createPool } from "mysql2";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdSqliteLock } from "./helpers/sql-child.js";
import {
  MYSQL_URL,
  mariadbTarget,
  PG_URL,
  postgresTarget,
  type SqlTarget,
  sharedPglite,
  uniquePrefix,
} from "./helpers/sql-targets.js";

const key = { tenant: "a", collection: "groups" as const, id: "g" };

async function roundTrip(storage: SqlStorage): Promise<void> {
  await storage.migrate();
  await storage.put({ ...key, data: { ok: true }, expectedVersion: 0 });
  expect((await storage.get(key))?.data).toEqual({ ok: true });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sigreg-sql-adapter-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("close() releases only what the adapter opened", () => {
  it("sqlite: a file it opened is closed; its own name says sqlite", async () => {
    const storage = sqliteStorage({ filename: join(dir, "own.db") });
    expect(storage.name).toBe("sqlite");
    await roundTrip(storage);
    await storage.close();
    await storage.close();
    await expect(storage.get(key)).rejects.toThrow();
  });

  it("sqlite: adapters on one file share its connection until the last one closes", async () => {
    const filename = join(dir, "shared.db");
    const first = sqliteStorage({ filename });
    const second = sqliteStorage({ filename });
    await roundTrip(first);
    // Overlapping transactions through both would wait on each other's lock on two connections.
    const started = performance.now();
    await Promise.all([
      first.transaction(async (tx) => {
        await tx.put({ ...key, id: "one", data: {}, expectedVersion: 0 });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }),
      second.transaction(async (tx) => {
        await tx.put({ ...key, id: "two", data: {}, expectedVersion: 0 });
      }),
    ]);
    expect(performance.now() - started).toBeLessThan(2_000);
    await first.close();
    expect((await second.get({ ...key, id: "one" }))?.version).toBe(1);
    await second.close();
    await expect(second.get(key)).rejects.toThrow();
  });

  it("sqlite: a database passed in stays open", async () => {
    const database = new Database(":memory:");
    const storage = sqliteStorage({ database });
    await roundTrip(storage);
    await storage.close();
    expect(database.open).toBe(true);
    expect(database.prepare("SELECT COUNT(*) AS n FROM sigreg_records").get()).toEqual({ n: 1 });
    database.close();
  });

  it("pglite: the instance passed in stays open", async () => {
    const client = await sharedPglite();
    const storage = pgliteStorage({ client, tablePrefix: uniquePrefix() });
    expect(storage.name).toBe("pglite");
    await roundTrip(storage);
    await storage.close();
    expect(client.closed).toBe(false);
    expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    for (const table of Object.values(storage.tables)) await client.query(`DROP TABLE "${table}"`);
  }, 60_000);

  // Needs SIGREG_PG_URL; CI sets it, so it never skips.
  it.skipIf(PG_URL === undefined)(
    "postgres: a pool passed in stays open; one it opened is ended",
    async () => {
      const pool = new pg.Pool({ connectionString: PG_URL });
      const borrowed = postgresStorage({ pool, tablePrefix: uniquePrefix() });
      const owned = postgresStorage({
        connectionString: PG_URL as string,
        tablePrefix: borrowed.tables.records.replace(/records$/, ""),
      });
      expect(borrowed.name).toBe("postgres");
      await roundTrip(borrowed);
      expect((await owned.get(key))?.version).toBe(1);
      await borrowed.close();
      await owned.close();
      await expect(owned.get(key)).rejects.toThrow();
      expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      for (const table of Object.values(borrowed.tables)) await pool.query(`DROP TABLE "${table}"`);
      await pool.end();
    },
  );

  // Needs SIGREG_MYSQL_URL; CI sets it, so it never skips.
  it.skipIf(MYSQL_URL === undefined)(
    "mysql: a pool passed in stays open; one it opened is ended",
    async () => {
      const pool = createPool({ uri: MYSQL_URL as string, connectionLimit: 2 });
      const borrowed = mysqlStorage({ pool, tablePrefix: uniquePrefix() });
      const owned = mysqlStorage({
        uri: MYSQL_URL as string,
        tablePrefix: borrowed.tables.records.replace(/records$/, ""),
      });
      expect(borrowed.name).toBe("mysql");
      await roundTrip(borrowed);
      expect((await owned.get(key))?.version).toBe(1);
      await borrowed.close();
      await owned.close();
      await expect(owned.get(key)).rejects.toThrow();
      const promisePool = pool.promise();
      expect((await promisePool.query("SELECT 1 AS one"))[0]).toEqual([{ one: 1 }]);
      for (const table of Object.values(borrowed.tables))
        await promisePool.query(`DROP TABLE \`${table}\``);
      await promisePool.end();
    },
  );
});

describe("sqlStorage on the caller's Kysely", () => {
  it("ignores the instance's plugins and never destroys it", async () => {
    const database = new Database(":memory:");
    const db = new Kysely<{ notes: { noteId: string } }>({
      dialect: new SqliteDialect({ database }),
      plugins: [new CamelCasePlugin()],
    });
    const storage = sqlStorage({ db, dialect: "sqlite", tablePrefix: "app_sigreg_" });
    expect(storage.tables.records).toBe("app_sigreg_records");
    await roundTrip(storage);
    expect((await storage.list({ tenant: "a", collection: "groups", limit: 5 }))[0]).toMatchObject({
      version: 1,
    });
    await storage.close();
    await db.schema.createTable("notes").addColumn("noteId", "text").execute();
    await db.insertInto("notes").values({ noteId: "n1" }).execute();
    expect(database.prepare("SELECT note_id FROM notes").all()).toEqual([{ note_id: "n1" }]);
    await db.destroy();
  });
});

describe("pglite", () => {
  it("two adapters on one instance never see each other's uncommitted writes", async () => {
    const client = await sharedPglite();
    const tablePrefix = uniquePrefix();
    const writer = pgliteStorage({ client, tablePrefix });
    const reader = pgliteStorage({ client, tablePrefix });
    await writer.migrate();
    let readDuringTransaction: Promise<unknown> | undefined;
    await expect(
      writer.transaction(async (tx) => {
        await tx.put({ ...key, data: { uncommitted: true }, expectedVersion: 0 });
        readDuringTransaction = reader.get(key);
        await new Promise((resolve) => setTimeout(resolve, 30));
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await readDuringTransaction).toBeUndefined();
    for (const table of Object.values(writer.tables)) await client.query(`DROP TABLE "${table}"`);
  }, 60_000);

  it("works on an instance of its own, created and closed by the caller", async () => {
    const client = new PGlite();
    const storage = pgliteStorage({ client });
    await roundTrip(storage);
    await storage.close();
    await client.close();
  }, 60_000);
});

describe("sqlite: a file the adapter opens", () => {
  it("is in WAL mode, and a write waits for another process's lock instead of failing", async () => {
    const filename = join(dir, "busy.db");
    const storage = sqliteStorage({ filename });
    await roundTrip(storage);
    const raw = new Database(filename, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
    const { released } = await holdSqliteLock(filename, 300);
    const written = await storage.put({ ...key, data: { after: "wait" }, expectedVersion: 1 });
    expect(written.isOk()).toBe(true);
    await released;
    await storage.close();
  }, 30_000);
});

/** Two transactions that each lock one record, then want the other's: the database picks a victim. */
async function deadlock(target: SqlTarget) {
  const t = await target.open({ poolSize: 4 });
  try {
    const storage = t.storage;
    const x = { tenant: "d", collection: "groups" as const, id: "x" };
    const y = { ...x, id: "y" };
    await storage.put({ ...x, data: {}, expectedVersion: 0 });
    await storage.put({ ...y, data: {}, expectedVersion: 0 });
    let holding = 0;
    let bothHold: () => void = () => {};
    const bothHolding = new Promise<void>((resolve) => {
      bothHold = resolve;
    });
    const seenByVictim: unknown[] = [];
    const run = (first: typeof x, second: typeof x) =>
      storage.transaction(async (tx) => {
        expect(
          (await tx.put({ ...first, data: { by: first.id }, expectedVersion: 1 })).isOk(),
        ).toBe(true);
        if (++holding === 2) bothHold();
        await bothHolding;
        const crossed = await tx.put({ ...second, data: { by: first.id }, expectedVersion: 1 });
        if (crossed.isErr()) {
          seenByVictim.push(crossed.error);
          seenByVictim.push(await tx.get(first).catch((error: unknown) => error));
        }
        return first.id;
      });
    const outcomes = await Promise.allSettled([run(x, y), run(y, x)]);
    const won = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const lost = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({
      code: "TRANSACTION_ABORTED",
    });
    expect(seenByVictim[0]).toMatchObject({ code: "CONFLICT", expectedVersion: 1 });
    expect(seenByVictim[1]).toMatchObject({ code: "TRANSACTION_ABORTED" });
    const winner = (won[0] as PromiseFulfilledResult<string>).value;
    for (const record of [x, y]) {
      expect(await storage.get(record)).toMatchObject({ version: 2, data: { by: winner } });
    }
  } finally {
    await t.dispose();
  }
}

describe("a deadlock inside a transaction", () => {
  // Server targets need SIGREG_PG_URL / SIGREG_MYSQL_URL; CI sets both, so it never skips them.
  it.skipIf(!postgresTarget.available)(
    "postgres: the victim's write is a CONFLICT, the rest of its transaction refuses to run, nothing of it commits",
    () => deadlock(postgresTarget),
    30_000,
  );
  // Needs SIGREG_MYSQL_URL; .ci/run always sets it, so CI never skips this.
  it.skipIf(!mariadbTarget.available)(
    "mariadb: the victim's write is a CONFLICT, the rest of its transaction refuses to run, nothing of it commits",
    () => deadlock(mariadbTarget),
    30_000,
  );
});

describe("transactions on a server read what others committed meanwhile (READ COMMITTED)", () => {
  for (const target of [postgresTarget, mariadbTarget]) {
    // Server targets need SIGREG_PG_URL / SIGREG_MYSQL_URL; CI sets both, so it never skips them.
    it.skipIf(!target.available)(
      `${target.name}: a conflict names the version that won`,
      async () => {
        const t = await target.open({ poolSize: 4 });
        try {
          await t.storage.put({ ...key, data: { n: 1 }, expectedVersion: 0 });
          await t.storage.transaction(async (tx) => {
            expect((await tx.get(key))?.version).toBe(1);
            expect(
              (await t.storage.put({ ...key, data: { n: 2 }, expectedVersion: 1 })).isOk(),
            ).toBe(true);
            expect(await tx.get(key)).toMatchObject({ version: 2, data: { n: 2 } });
            const stale = await tx.put({ ...key, data: { n: 3 }, expectedVersion: 1 });
            expect(stale._unsafeUnwrapErr()).toMatchObject({ code: "CONFLICT", actualVersion: 2 });
          });
        } finally {
          await t.dispose();
        }
      },
    );
  }
});
