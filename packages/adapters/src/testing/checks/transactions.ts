import assert from "node:assert/strict";
import type { RecordKey } from "@sigreg/core";
import type { StorageConformanceCheck } from "../types.js";
import { chainedEntries } from "./evidence-drafts.js";
import {
  expectConflict,
  expectOk,
  expectStored,
  listAll,
  message,
  ownMessages,
  ownTenants,
} from "./expect.js";

const group = "transactions";

/** Whether `error` is the very error thrown. */
const isThe = (thrown: Error) => (error: unknown) => error === thrown;

/** All-or-nothing commits, rollback on throw, and reads that see the transaction's own writes. @internal */
export const transactionChecks: StorageConformanceCheck[] = [
  {
    group,
    name: "commits every write of a transaction together and returns fn's value",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const kept: RecordKey = { tenant, collection: "groups", id: "kept" };
      const created: RecordKey = { ...kept, id: "created" };
      const removed: RecordKey = { ...kept, id: "removed" };
      expectOk(await adapter.put({ ...kept, data: { v: 1 }, expectedVersion: 0 }), "setup");
      expectOk(await adapter.put({ ...removed, data: { v: 1 }, expectedVersion: 0 }), "setup");
      const [entry] = chainedEntries(1);
      const sent = message(context, 1, tenant);
      const value = await adapter.transaction(async (tx) => {
        expectOk(await tx.put({ ...kept, data: { v: 2 }, expectedVersion: 1 }), "tx replace");
        expectOk(await tx.put({ ...created, data: { v: 1 }, expectedVersion: 0 }), "tx create");
        expectOk(await tx.remove({ ...removed, expectedVersion: 1 }), "tx remove");
        await tx.insertMany({ tenant, collection: "activities", records: [{ id: "i", data: {} }] });
        expectOk(await tx.appendEvidence({ tenant, entry: entry! }), "tx append");
        await tx.enqueue({ message: sent });
        return { answer: 42 };
      });
      assert.deepEqual(value, { answer: 42 }, "transaction returns fn's value");
      await expectStored(context, kept, { version: 2, data: { v: 2 } }, "replaced");
      await expectStored(context, created, { version: 1, data: { v: 1 } }, "created");
      await expectStored(context, removed, undefined, "removed");
      await expectStored(
        context,
        { ...kept, collection: "activities", id: "i" },
        { version: 1, data: {} },
        "inserted",
      );
      assert.deepEqual(
        await adapter.listEvidence({ tenant, limit: 10 }),
        [entry],
        "evidence committed",
      );
      assert.deepEqual(await ownMessages(context, "pending"), [sent], "outbox committed");
    },
  },
  {
    group,
    name: "rolls back records, evidence and outbox when fn throws, and rethrows its error",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const kept: RecordKey = { tenant, collection: "groups", id: "kept" };
      const created: RecordKey = { ...kept, id: "created" };
      const removed: RecordKey = { ...kept, id: "removed" };
      const profile: RecordKey = { tenant, collection: "profile", id: "profile" };
      expectOk(await adapter.put({ ...kept, data: { v: 1 }, expectedVersion: 0 }), "setup");
      expectOk(await adapter.put({ ...removed, data: { v: 1 }, expectedVersion: 0 }), "setup");
      const [first, second] = chainedEntries(2);
      expectOk(await adapter.appendEvidence({ tenant, entry: first! }), "setup append");
      const queued = message(context, 1, tenant);
      await adapter.enqueue({ message: queued });
      const boom = new Error("boom: the transaction's fn failed");
      await assert.rejects(
        adapter.transaction(async (tx) => {
          expectOk(await tx.put({ ...kept, data: { v: 2 }, expectedVersion: 1 }), "tx replace");
          expectOk(await tx.put({ ...created, data: { v: 1 }, expectedVersion: 0 }), "tx create");
          expectOk(await tx.put({ ...profile, data: {}, expectedVersion: 0 }), "tx profile");
          expectOk(await tx.remove({ ...removed, expectedVersion: 1 }), "tx remove");
          await tx.insertMany({
            tenant,
            collection: "activities",
            records: [{ id: "i", data: {} }],
          });
          expectOk(await tx.appendEvidence({ tenant, entry: second! }), "tx append");
          await tx.enqueue({ message: message(context, 2, tenant) });
          await tx.updateOutbox({ id: queued.id, status: "sent", attempts: 1 });
          throw boom;
        }),
        isThe(boom),
        "transaction rejects with the error fn threw",
      );
      await expectStored(context, kept, { version: 1, data: { v: 1 } }, "replace rolled back");
      await expectStored(context, created, undefined, "create rolled back");
      await expectStored(context, profile, undefined, "profile rolled back");
      await expectStored(context, removed, { version: 1, data: { v: 1 } }, "remove rolled back");
      assert.deepEqual(await listAll(adapter, tenant, "activities"), [], "insertMany rolled back");
      assert.deepEqual(await ownTenants(context), [], "listTenants rolled back");
      assert.deepEqual(await adapter.lastEvidence({ tenant }), first, "append rolled back");
      assert.deepEqual(
        await adapter.listEvidence({ tenant, limit: 10 }),
        [first],
        "evidence rolled back",
      );
      assert.deepEqual(
        await ownMessages(context, "pending"),
        [queued],
        "enqueue and update rolled back",
      );
      assert.deepEqual(await ownMessages(context, "sent"), [], "update rolled back");
      const after = await adapter.transaction(async (tx) =>
        tx.put({ ...kept, data: { v: 3 }, expectedVersion: 1 }),
      );
      expectOk(after, "a transaction after the rollback commits");
      await expectStored(
        context,
        kept,
        { version: 2, data: { v: 3 } },
        "after the next transaction",
      );
    },
  },
  {
    group,
    name: "reads inside a transaction see its own writes",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const existing: RecordKey = { tenant, collection: "groups", id: "b-existing" };
      const created: RecordKey = { ...existing, id: "a-created" };
      const removed: RecordKey = { ...existing, id: "c-removed" };
      expectOk(await adapter.put({ ...existing, data: { v: 1 }, expectedVersion: 0 }), "setup");
      expectOk(await adapter.put({ ...removed, data: { v: 1 }, expectedVersion: 0 }), "setup");
      const entries = chainedEntries(2);
      const sent = message(context, 1, tenant);
      await adapter.transaction(async (tx) => {
        expectOk(await tx.put({ ...created, data: { v: "new" }, expectedVersion: 0 }), "create");
        expectOk(await tx.put({ ...existing, data: { v: 2 }, expectedVersion: 1 }), "replace");
        expectOk(await tx.remove({ ...removed, expectedVersion: 1 }), "remove");
        await expectStored(context, created, { version: 1, data: { v: "new" } }, "tx get", tx);
        await expectStored(context, existing, { version: 2, data: { v: 2 } }, "tx get", tx);
        await expectStored(context, removed, undefined, "tx get", tx);
        assert.deepEqual(
          await listAll(tx, tenant, "groups", 1),
          [
            { id: "a-created", version: 1, data: { v: "new" } },
            { id: "b-existing", version: 2, data: { v: 2 } },
          ],
          "tx list, in pages of 1",
        );
        const stale = await tx.put({ ...created, data: {}, expectedVersion: 0 });
        expectConflict(
          stale,
          { ...created, expectedVersion: 0, actualVersion: 1 },
          "tx create twice",
        );
        const { inserted } = await tx.insertMany({
          tenant,
          collection: "groups",
          records: ["a-created", "c-removed", "b-existing", "d-new"].map((id) => ({
            id,
            data: {},
          })),
        });
        assert.deepEqual(
          inserted,
          ["c-removed", "d-new"],
          "tx insertMany sees the tx's creates and removes",
        );
        expectOk(
          await tx.put({
            tenant,
            collection: "profile",
            id: "profile",
            data: {},
            expectedVersion: 0,
          }),
          "profile",
        );
        assert.deepEqual(await ownTenants(context, tx), [tenant], "tx listTenants");
        for (const entry of entries) expectOk(await tx.appendEvidence({ tenant, entry }), "append");
        assert.deepEqual(await tx.lastEvidence({ tenant }), entries[1], "tx lastEvidence");
        assert.deepEqual(
          await tx.listEvidence({ tenant, afterSeq: 1, limit: 10 }),
          [entries[1]],
          "tx listEvidence",
        );
        await tx.enqueue({ message: sent });
        assert.deepEqual(await ownMessages(context, "pending", tx), [sent], "tx listOutbox");
      });
      assert.deepEqual(await adapter.listEvidence({ tenant, limit: 10 }), entries, "committed");
    },
  },
  {
    group,
    name: "a CONFLICT inside a transaction followed by a throw rolls back the writes before it",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const first: RecordKey = { tenant, collection: "groups", id: "first" };
      const contested: RecordKey = { ...first, id: "contested" };
      const created: RecordKey = { ...first, id: "created" };
      expectOk(await adapter.put({ ...first, data: { v: 1 }, expectedVersion: 0 }), "setup");
      expectOk(await adapter.put({ ...contested, data: { v: 1 }, expectedVersion: 0 }), "setup");
      const lost = new Error("lost the race");
      await assert.rejects(
        adapter.transaction(async (tx) => {
          expectOk(await tx.put({ ...first, data: { v: 2 }, expectedVersion: 1 }), "tx replace");
          expectOk(await tx.put({ ...created, data: { v: 1 }, expectedVersion: 0 }), "tx create");
          const result = await tx.put({ ...contested, data: { v: 9 }, expectedVersion: 7 });
          expectConflict(
            result,
            { ...contested, expectedVersion: 7, actualVersion: 1 },
            "tx stale put",
          );
          throw lost;
        }),
        isThe(lost),
        "transaction rejects with the error fn threw",
      );
      await expectStored(
        context,
        first,
        { version: 1, data: { v: 1 } },
        "write before the conflict",
      );
      await expectStored(context, created, undefined, "create before the conflict");
      await expectStored(
        context,
        contested,
        { version: 1, data: { v: 1 } },
        "the contested record",
      );
    },
  },
];
