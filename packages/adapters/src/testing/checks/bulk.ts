import assert from "node:assert/strict";
import type { JsonObject } from "@sigreg/core";
import type { StorageConformanceCheck } from "../types.js";
import { expectOk, expectStored, listAll } from "./expect.js";

const group = "bulk";

/** `insertMany`: idempotent, first of an id wins, large batches. @internal */
export const bulkChecks: StorageConformanceCheck[] = [
  {
    group,
    name: "insertMany inserts new ids at version 1 in input order; the same call again inserts nothing",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const records = ["c", "a", "b"].map((id) => ({ id, data: { id, note: `first ${id}` } }));
      const first = await adapter.insertMany({ tenant, collection: "activities", records });
      assert.deepEqual(first.inserted, ["c", "a", "b"], "inserted ids, in input order");
      for (const { id, data } of records) {
        await expectStored(
          context,
          { tenant, collection: "activities", id },
          { version: 1, data },
          "inserted",
        );
      }
      const again = await adapter.insertMany({ tenant, collection: "activities", records });
      assert.deepEqual(again.inserted, [], "the same batch again inserts nothing");
      assert.deepEqual(
        await listAll(adapter, tenant, "activities"),
        ["a", "b", "c"].map((id) => ({ id, version: 1, data: { id, note: `first ${id}` } })),
        "nothing changed",
      );
    },
  },
  {
    group,
    name: "insertMany leaves existing records' data and version untouched and inserts only the new ids",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const key = { tenant, collection: "alerts" as const, id: "kept" };
      expectOk(
        await adapter.put({ ...key, data: { triaged: false }, expectedVersion: 0 }),
        "create",
      );
      expectOk(
        await adapter.put({ ...key, data: { triaged: true }, expectedVersion: 1 }),
        "triage",
      );
      const { inserted } = await adapter.insertMany({
        tenant,
        collection: "alerts",
        records: [
          { id: "new-2", data: { n: 2 } },
          { id: "kept", data: { triaged: false, overwritten: true } },
          { id: "new-1", data: { n: 1 } },
        ],
      });
      assert.deepEqual(inserted, ["new-2", "new-1"], "only the new ids, in input order");
      await expectStored(
        context,
        key,
        { version: 2, data: { triaged: true } },
        "existing record untouched",
      );
      await expectStored(
        context,
        { ...key, id: "new-1" },
        { version: 1, data: { n: 1 } },
        "new record",
      );
    },
  },
  {
    group,
    name: "insertMany keeps the first record of an id repeated within one batch",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const { inserted } = await adapter.insertMany({
        tenant,
        collection: "activities",
        records: [
          { id: "dup", data: { which: "first" } },
          { id: "other", data: { which: "other" } },
          { id: "dup", data: { which: "second" } },
          { id: "dup", data: { which: "third" } },
        ],
      });
      assert.deepEqual(inserted, ["dup", "other"], "each id once, where it first appears");
      const key = { tenant, collection: "activities" as const, id: "dup" };
      await expectStored(
        context,
        key,
        { version: 1, data: { which: "first" } },
        "first of the batch wins",
      );
      assert.deepEqual(
        (await adapter.insertMany({ tenant, collection: "activities", records: [] })).inserted,
        [],
        "an empty batch inserts nothing",
      );
    },
  },
  {
    group,
    name: "insertMany takes a batch of 5,000 records",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const records = Array.from({ length: 5000 }, (_, n) => ({
        id: `bulk-${String(4999 - n).padStart(4, "0")}`,
        data: { n, text: "x".repeat(n % 50), list: [n, { half: n / 2 }] } as JsonObject,
      }));
      const { inserted } = await adapter.insertMany({ tenant, collection: "activities", records });
      assert.deepEqual(
        inserted,
        records.map((record) => record.id),
        "all 5,000, in input order",
      );
      const stored = await listAll(adapter, tenant, "activities");
      assert.equal(stored.length, 5000, "5,000 stored");
      assert.deepEqual(
        stored[0],
        { id: "bulk-0000", version: 1, data: records[4999]?.data },
        "first by id",
      );
      assert.deepEqual(
        stored[4999],
        { id: "bulk-4999", version: 1, data: records[0]?.data },
        "last by id",
      );
      for (const n of [0, 1234, 4999]) {
        const record = records[n] as { id: string; data: JsonObject };
        const key = { tenant, collection: "activities" as const, id: record.id };
        await expectStored(context, key, { version: 1, data: record.data }, "sampled");
      }
      const half = records.filter((_, n) => n % 2 === 0);
      const again = await adapter.insertMany({ tenant, collection: "activities", records: half });
      assert.deepEqual(again.inserted, [], "re-inserting part of it inserts nothing");
    },
  },
];
