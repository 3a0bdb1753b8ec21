import type { EvidenceEntry, StorageOperations } from "@sigreg/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entryAfter, freshTenant, message } from "./helpers/sql-fixtures.js";
import { type OpenTarget, readBack, SQL_TARGETS, sharedPglite } from "./helpers/sql-targets.js";

// Starting PGlite takes seconds on a busy machine: once per file, outside the tests' own timeouts.
beforeAll(() => sharedPglite(), 120_000);

for (const target of SQL_TARGETS) {
  // Server targets need SIGREG_PG_URL / SIGREG_MYSQL_URL; CI sets both, so it never skips them.
  describe.skipIf(!target.available)(
    `sql storage contract, evidence, outbox and transactions: ${target.name}`,
    () => {
      let t: OpenTarget;
      let s: OpenTarget["storage"];
      beforeAll(async () => {
        t = await target.open();
        s = t.storage;
      }, 60_000);
      afterAll(() => t?.dispose());

      /** The tenant's pending messages (the outbox lists every tenant's). */
      const pendingOf = async (tenant: string) =>
        (await s.listOutbox({ status: "pending", after: `${tenant}-`, limit: 100 })).filter(
          (queued) => queued.tenant === tenant,
        );

      it("appends evidence exactly as given and refuses a taken sequence number", async () => {
        const tenant = freshTenant();
        expect(await s.lastEvidence({ tenant })).toBeUndefined();
        const entries: EvidenceEntry[] = [];
        for (let n = 1; n <= 5; n++) {
          const entry = entryAfter(entries.at(-1), n);
          expect((await s.appendEvidence({ tenant, entry })).isOk()).toBe(true);
          entries.push(entry);
        }
        expect(await s.lastEvidence({ tenant })).toEqual(entries[4]);
        expect(await s.listEvidence({ tenant, limit: 10 })).toEqual(entries);
        expect(await s.listEvidence({ tenant, afterSeq: 2, limit: 2 })).toEqual(
          entries.slice(2, 4),
        );
        const taken = entryAfter(entries[1], 3);
        const refused = await s.appendEvidence({ tenant, entry: { ...taken, actor: "mallory" } });
        expect(refused._unsafeUnwrapErr()).toEqual({
          code: "CONFLICT",
          tenant,
          collection: "evidence",
          id: "3",
          expectedVersion: 0,
        });
        expect((await s.listEvidence({ tenant, afterSeq: 2, limit: 1 }))[0]?.actor).toBe("alice");
        expect(await s.listEvidence({ tenant: freshTenant(), limit: 10 })).toEqual([]);
      });

      it("keeps the outbox in id order per status and records delivery attempts", async () => {
        const tenant = freshTenant();
        const ids = [`${tenant}-2`, `${tenant}-1`, `${tenant}-3`];
        for (const id of ids) await s.enqueue({ message: message(id, tenant) });
        const pending = (
          await s.listOutbox({ status: "pending", after: `${tenant}-`, limit: 10 })
        ).filter((m) => m.tenant === tenant);
        expect(pending.map((m) => m.id)).toEqual([...ids].sort());
        expect(pending[0]).toEqual(message(`${tenant}-1`, tenant));
        await s.updateOutbox({
          id: `${tenant}-1`,
          status: "failed",
          attempts: 1,
          lastError: "timeout",
        });
        await s.updateOutbox({ id: `${tenant}-2`, status: "sent", attempts: 1 });
        const failed = (await s.listOutbox({ status: "failed", limit: 100 })).filter(
          (m) => m.tenant === tenant,
        );
        expect(failed).toEqual([
          {
            ...message(`${tenant}-1`, tenant),
            status: "failed",
            attempts: 1,
            lastError: "timeout",
          },
        ]);
        await s.updateOutbox({ id: `${tenant}-1`, status: "sent", attempts: 2 });
        const sent = await s.listOutbox({ status: "sent", after: `${tenant}-1`, limit: 1 });
        expect(sent.map((m) => m.id)).toEqual([`${tenant}-2`]);
        const retried = (await s.listOutbox({ status: "sent", after: `${tenant}-`, limit: 1 }))[0];
        expect(retried).toEqual({ ...message(`${tenant}-1`, tenant), status: "sent", attempts: 2 });
      });

      it("commits a transaction's writes together and reads its own writes", async () => {
        const tenant = freshTenant();
        const result = await s.transaction(async (tx) => {
          await tx.put({
            tenant,
            collection: "groups",
            id: "g",
            data: { n: 1 },
            expectedVersion: 0,
          });
          await tx.insertMany({
            tenant,
            collection: "activities",
            records: [{ id: "x", data: {} }],
          });
          await tx.appendEvidence({ tenant, entry: entryAfter(undefined, 1) });
          await tx.enqueue({ message: message(`${tenant}-m`, tenant) });
          return {
            record: await tx.get({ tenant, collection: "groups", id: "g" }),
            entry: await tx.lastEvidence({ tenant }),
          };
        });
        expect(result.record?.version).toBe(1);
        expect(result.entry?.seq).toBe(1);
        expect(await readBack(t, { tenant, collection: "activities", id: "x" })).toBeDefined();
        expect(await pendingOf(tenant)).toEqual([message(`${tenant}-m`, tenant)]);
      });

      it("rolls every write back when the transaction's function throws, and rethrows", async () => {
        const tenant = freshTenant();
        const failure = new Error("changed my mind");
        await expect(
          s.transaction(async (tx) => {
            await tx.put({ tenant, collection: "groups", id: "g", data: {}, expectedVersion: 0 });
            await tx.insertMany({
              tenant,
              collection: "activities",
              records: [{ id: "x", data: {} }],
            });
            await tx.appendEvidence({ tenant, entry: entryAfter(undefined, 1) });
            await tx.enqueue({ message: message(`${tenant}-m`, tenant) });
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(await s.get({ tenant, collection: "groups", id: "g" })).toBeUndefined();
        expect(await readBack(t, { tenant, collection: "activities", id: "x" })).toBeUndefined();
        expect(await s.lastEvidence({ tenant })).toBeUndefined();
        expect(await pendingOf(tenant)).toEqual([]);
      });

      it("keeps a transaction usable after a conflict inside it (no aborted Postgres transaction)", async () => {
        const tenant = freshTenant();
        await s.put({ tenant, collection: "groups", id: "taken", data: {}, expectedVersion: 0 });
        await s.appendEvidence({ tenant, entry: entryAfter(undefined, 1) });
        const outcome = await s.transaction(async (tx: StorageOperations) => {
          const dup = await tx.put({
            tenant,
            collection: "groups",
            id: "taken",
            data: {},
            expectedVersion: 0,
          });
          const dupEvidence = await tx.appendEvidence({ tenant, entry: entryAfter(undefined, 1) });
          const stale = await tx.put({
            tenant,
            collection: "groups",
            id: "taken",
            data: {},
            expectedVersion: 5,
          });
          await tx.put({
            tenant,
            collection: "groups",
            id: "after",
            data: { ok: true },
            expectedVersion: 0,
          });
          return [dup.isErr(), dupEvidence.isErr(), stale.isErr()];
        });
        expect(outcome).toEqual([true, true, true]);
        expect(await readBack(t, { tenant, collection: "groups", id: "after" })).toEqual({
          version: 1,
          data: { ok: true },
        });
      });
    },
  );
}
