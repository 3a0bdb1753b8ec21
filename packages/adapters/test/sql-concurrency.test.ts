import type { SqlStorage } from "@sigreg/adapters/sql";
import { chainEvidence, type StorageOperations, walkEvidenceChain } from "@sigreg/core";
import { beforeAll, describe, expect, it } from "vitest";
import { runSqliteWriter } from "./helpers/sql-child.js";
import {
  mariadbTarget,
  postgresTarget,
  SQL_TARGETS,
  sharedPglite,
  sqliteFileTarget,
} from "./helpers/sql-targets.js";

// Starting PGlite takes seconds on a busy machine: once per file, outside the tests' own timeouts.
beforeAll(() => sharedPglite(), 120_000);

const WRITERS = 8;
const UPDATES = 500;

interface Tally {
  successes: number;
  conflicts: number;
}

/** Read-modify-write of one counter; every write either lands or is refused with CONFLICT. */
async function increment(
  storage: StorageOperations,
  key: { tenant: string; collection: "groups"; id: string },
  updates: number,
): Promise<Tally> {
  const tally = { successes: 0, conflicts: 0 };
  for (let i = 0; i < updates; i++) {
    const current = await storage.get(key);
    const written = await storage.put({
      ...key,
      data: { counter: (current?.data.counter as number) + 1 },
      expectedVersion: current?.version ?? -1,
    });
    if (written.isOk()) tally.successes++;
    else {
      expect(written.error.code).toBe("CONFLICT");
      tally.conflicts++;
    }
  }
  return tally;
}

async function expectCounter(
  storage: SqlStorage,
  key: { tenant: string; collection: "groups"; id: string },
  tallies: Tally[],
) {
  const successes = tallies.reduce((sum, tally) => sum + tally.successes, 0);
  const conflicts = tallies.reduce((sum, tally) => sum + tally.conflicts, 0);
  const final = await storage.get(key);
  expect(final?.version).toBe(1 + successes);
  expect(final?.data.counter).toBe(successes);
  return { successes, conflicts };
}

/** 8 writers × 500 updates; `storages` are used round-robin (one pool, or several adapters). */
async function hammer(storages: SqlStorage[]): Promise<Tally> {
  const [first] = storages as [SqlStorage];
  const key = { tenant: "race", collection: "groups" as const, id: "counter" };
  await first.put({ ...key, data: { counter: 0 }, expectedVersion: 0 });
  const tallies = await Promise.all(
    Array.from({ length: WRITERS }, (_, w) =>
      increment(storages[w % storages.length] as SqlStorage, key, UPDATES),
    ),
  );
  const total = await expectCounter(first, key, tallies);
  expect(total.successes + total.conflicts).toBe(WRITERS * UPDATES);
  // The writers really raced: some lost.
  expect(total.conflicts).toBeGreaterThan(0);
  return total;
}

// Server targets need SIGREG_PG_URL / SIGREG_MYSQL_URL; CI sets both, so it never skips them.
for (const target of [postgresTarget, mariadbTarget]) {
  describe.skipIf(!target.available)(`concurrent writers: ${target.name}`, () => {
    it("8 writers × 500 optimistic updates on 8 connections: every success counted once", async () => {
      const t = await target.open({ poolSize: WRITERS });
      try {
        await hammer([t.storage]);
      } finally {
        await t.dispose();
      }
    }, 120_000);
  });
}

describe("concurrent writers: sqlite (file)", () => {
  it("8 writers × 500 optimistic updates through two adapters on one WAL file", async () => {
    const t = await sqliteFileTarget.open();
    try {
      const [journal] = await t.raw<{ journal_mode: string }>("PRAGMA journal_mode");
      expect(journal?.journal_mode).toBe("wal");
      await hammer([t.storage, await t.another()]);
    } finally {
      await t.dispose();
    }
  }, 120_000);

  it("writers in two other processes and this one agree on the count", async () => {
    const t = await sqliteFileTarget.open();
    try {
      const key = { tenant: "race", collection: "groups" as const, id: "counter" };
      await t.storage.put({ ...key, data: { counter: 0 }, expectedVersion: 0 });
      const filename = (await t.raw<{ file: string }>("PRAGMA database_list"))[0]?.file as string;
      const prefix = t.storage.tables.records.replace(/records$/, "");
      const children = [1, 2].map(
        () =>
          runSqliteWriter([
            filename,
            prefix,
            key.tenant,
            key.id,
            "250",
          ]) as Promise<unknown> as Promise<Tally>,
      );
      const here = increment(t.storage, key, 250);
      const tallies = await Promise.all([...children, here]);
      const total = await expectCounter(t.storage, key, tallies);
      expect(total.successes + total.conflicts).toBe(750);
    } finally {
      await t.dispose();
    }
  }, 120_000);
});

class ChainRace extends Error {}

/** What the engine does: read the last entry, chain after it, append; start over on CONFLICT. */
async function appendChained(storage: SqlStorage, tenant: string, writer: number, n: number) {
  for (;;) {
    try {
      await storage.transaction(async (tx) => {
        const previous = await tx.lastEvidence({ tenant });
        const entry = chainEvidence(previous, {
          at: new Date(0).toISOString(),
          actor: `writer-${writer}`,
          action: "group.update",
          subject: { collection: "groups", id: `g-${writer}-${n}` },
          before: null,
          after: { writer, n },
        });
        const appended = await tx.appendEvidence({ tenant, entry });
        if (appended.isErr()) throw new ChainRace();
      });
      return;
    } catch (error) {
      const aborted = (error as { code?: unknown }).code === "TRANSACTION_ABORTED";
      if (!(error instanceof ChainRace) && !aborted) throw error;
    }
  }
}

for (const target of SQL_TARGETS) {
  // Server targets need SIGREG_PG_URL / SIGREG_MYSQL_URL; CI sets both, so it never skips them.
  describe.skipIf(!target.available)(`concurrent transactions: ${target.name}`, () => {
    it("appenders racing for the next sequence number leave one unbroken chain", async () => {
      const t = await target.open({ poolSize: WRITERS });
      try {
        const tenant = "chain";
        await Promise.all(
          Array.from({ length: WRITERS }, async (_, writer) => {
            for (let n = 0; n < 15; n++) await appendChained(t.storage, tenant, writer, n);
          }),
        );
        const verification = await walkEvidenceChain(t.storage, tenant);
        expect(verification).toMatchObject({ ok: true, entries: WRITERS * 15 });
      } finally {
        await t.dispose();
      }
    }, 120_000);

    it("overlapping insertMany calls report each id inserted exactly once", async () => {
      const t = await target.open({ poolSize: WRITERS });
      try {
        const ids = (from: number, to: number) =>
          Array.from({ length: to - from }, (_, i) => ({
            id: `act-${String(from + i).padStart(5, "0")}`,
            data: { i: from + i },
          }));
        const batches = [
          ids(0, 3000),
          ids(1000, 4000).reverse(),
          ids(2000, 5000),
          ids(0, 5000).reverse(),
        ];
        const results = await Promise.all(
          batches.map((records) =>
            t.storage.insertMany({ tenant: "bulk", collection: "activities", records }),
          ),
        );
        const all = results.flatMap((result) => result.inserted);
        expect(all).toHaveLength(5000);
        expect(new Set(all).size).toBe(5000);
        const [count] = await t.raw<{ n: number | string }>(
          `SELECT COUNT(*) AS n FROM ${t.quote(t.storage.tables.records)} WHERE tenant = ?`,
          ["bulk"],
        );
        expect(Number(count?.n)).toBe(5000);
      } finally {
        await t.dispose();
      }
    }, 120_000);
  });
}
