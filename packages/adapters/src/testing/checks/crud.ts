import assert from "node:assert/strict";
import type { RecordKey } from "@sigreg/core";
import type { StorageConformanceCheck } from "../types.js";
import { expectConflict, expectOk, expectStored } from "./expect.js";

const group = "crud";

/** Create, read, replace and remove; version numbers; conflicts that change nothing. @internal */
export const crudChecks: StorageConformanceCheck[] = [
  {
    group,
    name: "creates (version 1), reads, replaces (version + 1) and removes a record",
    async run(context) {
      const { adapter } = context;
      const key: RecordKey = { tenant: context.tenant(), collection: "groups", id: "g-1" };
      await expectStored(context, key, undefined, "before creation");
      const created = expectOk(
        await adapter.put({ ...key, data: { name: "One" }, expectedVersion: 0 }),
        "create",
      );
      assert.deepEqual(
        created,
        { ...key, version: 1, data: { name: "One" } },
        "put returns the record",
      );
      await expectStored(context, key, { version: 1, data: { name: "One" } }, "after creation");
      const replaced = expectOk(
        await adapter.put({ ...key, data: { name: "Two", extra: [1] }, expectedVersion: 1 }),
        "replace at version 1",
      );
      assert.equal(replaced.version, 2, "a replace stores expectedVersion + 1");
      await expectStored(
        context,
        key,
        { version: 2, data: { name: "Two", extra: [1] } },
        "after replace",
      );
      expectOk(await adapter.remove({ ...key, expectedVersion: 2 }), "remove at version 2");
      await expectStored(context, key, undefined, "after removal");
      const again = expectOk(
        await adapter.put({ ...key, data: { name: "Again" }, expectedVersion: 0 }),
        "create again after removal",
      );
      assert.equal(again.version, 1, "a record created again starts at version 1");
    },
  },
  {
    group,
    name: "keeps the same id in different collections apart",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const inGroups: RecordKey = { tenant, collection: "groups", id: "same" };
      const inPeople: RecordKey = { tenant, collection: "people", id: "same" };
      expectOk(
        await adapter.put({ ...inGroups, data: { is: "group" }, expectedVersion: 0 }),
        "group",
      );
      expectOk(
        await adapter.put({ ...inPeople, data: { is: "person" }, expectedVersion: 0 }),
        "person",
      );
      expectOk(
        await adapter.put({ ...inPeople, data: { is: "person 2" }, expectedVersion: 1 }),
        "person",
      );
      await expectStored(
        context,
        inGroups,
        { version: 1, data: { is: "group" } },
        "group untouched",
      );
      expectOk(await adapter.remove({ ...inGroups, expectedVersion: 1 }), "remove the group");
      await expectStored(
        context,
        inPeople,
        { version: 2, data: { is: "person 2" } },
        "person kept",
      );
    },
  },
  {
    group,
    name: "returns CONFLICT for a put at a stale version, and changes nothing",
    async run(context) {
      const { adapter } = context;
      const key: RecordKey = { tenant: context.tenant(), collection: "groups", id: "stale" };
      expectOk(await adapter.put({ ...key, data: { v: 1 }, expectedVersion: 0 }), "create");
      expectOk(await adapter.put({ ...key, data: { v: 2 }, expectedVersion: 1 }), "replace");
      for (const stale of [1, 3]) {
        const result = await adapter.put({ ...key, data: { v: "lost" }, expectedVersion: stale });
        expectConflict(
          result,
          { ...key, expectedVersion: stale, actualVersion: 2 },
          `put at ${stale}`,
        );
      }
      await expectStored(context, key, { version: 2, data: { v: 2 } }, "after the stale puts");
    },
  },
  {
    group,
    name: "returns CONFLICT for creating a record that exists or replacing one that does not",
    async run(context) {
      const { adapter } = context;
      const key: RecordKey = { tenant: context.tenant(), collection: "people", id: "p-1" };
      expectOk(await adapter.put({ ...key, data: { first: true }, expectedVersion: 0 }), "create");
      const twice = await adapter.put({ ...key, data: { first: false }, expectedVersion: 0 });
      expectConflict(twice, { ...key, expectedVersion: 0, actualVersion: 1 }, "second create");
      await expectStored(
        context,
        key,
        { version: 1, data: { first: true } },
        "after second create",
      );
      const absent: RecordKey = { ...key, id: "p-absent" };
      const ghost = await adapter.put({ ...absent, data: { ghost: true }, expectedVersion: 1 });
      expectConflict(
        ghost,
        { ...absent, expectedVersion: 1, actualVersion: 0 },
        "replace of absent",
      );
      await expectStored(context, absent, undefined, "after replacing an absent record");
    },
  },
  {
    group,
    name: "returns CONFLICT for removing at the wrong version or an absent record, and changes nothing",
    async run(context) {
      const { adapter } = context;
      const key: RecordKey = { tenant: context.tenant(), collection: "groups", id: "keep" };
      expectOk(await adapter.put({ ...key, data: { keep: 1 }, expectedVersion: 0 }), "create");
      expectOk(await adapter.put({ ...key, data: { keep: 2 }, expectedVersion: 1 }), "replace");
      for (const wrong of [0, 1, 3]) {
        const result = await adapter.remove({ ...key, expectedVersion: wrong });
        expectConflict(
          result,
          { ...key, expectedVersion: wrong, actualVersion: 2 },
          `remove at ${wrong}`,
        );
      }
      await expectStored(context, key, { version: 2, data: { keep: 2 } }, "after wrong removes");
      const absent: RecordKey = { ...key, id: "never" };
      for (const version of [0, 1]) {
        const result = await adapter.remove({ ...absent, expectedVersion: version });
        expectConflict(
          result,
          { ...absent, expectedVersion: version, actualVersion: 0 },
          "remove of absent",
        );
      }
      await expectStored(context, absent, undefined, "after removing an absent record");
    },
  },
];
