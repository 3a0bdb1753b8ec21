import assert from "node:assert/strict";
import { streamRecords } from "@sigreg/core";
import { seededRandom } from "../prng.js";
import type { ConformanceContext, StorageConformanceCheck } from "../types.js";
import { expectOk, listAll, ownTenants } from "./expect.js";

/** ASCII ids in code-point order: upper case before lower, "-" < "." < ":" < "_". */
const ASCII_IDS = ["B", "Z9", "a", "a-1", "a.1", "a:1", "a_1", "b", "~"];
/** Ids beyond ASCII in code-point order; UTF-16 code-unit order (`<`) swaps the last two. */
const UNICODE_IDS = ["z", "é", "ω", "ｚ", "😀"];

async function putAll(context: ConformanceContext, tenant: string, ids: readonly string[]) {
  // Created in a shuffled order, so that insertion order cannot pass for id order.
  const random = seededRandom(context.seed);
  const shuffled = [...ids];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
  }
  for (const id of shuffled) {
    const data = { id };
    expectOk(
      await context.adapter.put({ tenant, collection: "groups", id, data, expectedVersion: 0 }),
      `put ${id}`,
    );
  }
}

const group = "pagination";

/** Id order, keyset paging, streaming and the tenant list. @internal */
export const paginationChecks: StorageConformanceCheck[] = [
  {
    group,
    name: `lists ids in code-point order (${ASCII_IDS.join(" ")})`,
    async run(context) {
      const tenant = context.tenant();
      await putAll(context, tenant, ASCII_IDS);
      const listed = await context.adapter.list({ tenant, collection: "groups", limit: 100 });
      assert.deepEqual(
        listed.map((record) => record.id),
        ASCII_IDS,
        "ids by code point, not by locale",
      );
      assert.deepEqual(
        listed.map((record) => record.data),
        ASCII_IDS.map((id) => ({ id })),
        "each id with its data",
      );
    },
  },
  {
    group,
    name: "orders ids by code point, not UTF-16 code unit (U+FF5A before U+1F600)",
    async run(context) {
      const tenant = context.tenant();
      await putAll(context, tenant, UNICODE_IDS);
      const listed = await context.adapter.list({ tenant, collection: "groups", limit: 100 });
      assert.deepEqual(
        listed.map((record) => record.id),
        UNICODE_IDS,
        "ids by code point",
      );
      const after = await context.adapter.list({
        tenant,
        collection: "groups",
        after: "ｚ",
        limit: 10,
      });
      assert.deepEqual(
        after.map((record) => record.id),
        ["😀"],
        "after compares by code point too",
      );
    },
  },
  {
    group,
    name: "pages with after and limit: at most limit ids, each greater than after, joining up to the whole list",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      await putAll(context, tenant, ASCII_IDS);
      for (const limit of [1, 2, 3, 4, ASCII_IDS.length, ASCII_IDS.length + 1]) {
        const pages = await listAll(adapter, tenant, "groups", limit);
        assert.deepEqual(
          pages.map((record) => record.id),
          ASCII_IDS,
          `pages of ${limit} join up`,
        );
      }
      const cases: Array<[string, string[]]> = [
        ["a", ["a-1", "a.1"]], // an existing id is excluded
        ["a0", ["a:1", "a_1"]], // an id that does not exist: the ids after it
        ["A", ["B", "Z9"]],
        ["", ["B", "Z9"]],
        ["~", []],
        ["\u007f", []],
      ];
      for (const [after, expected] of cases) {
        const page = await adapter.list({ tenant, collection: "groups", after, limit: 2 });
        assert.deepEqual(
          page.map((record) => record.id),
          expected,
          `after ${JSON.stringify(after)}`,
        );
      }
      const other = await adapter.list({ tenant, collection: "people", limit: 10 });
      assert.deepEqual(other, [], "another collection of the tenant is empty");
    },
  },
  {
    group,
    name: "streamRecords over 2,500 records returns each exactly once, in order",
    async run(context) {
      const tenant = context.tenant();
      const ids = Array.from(
        { length: 2500 },
        (_, n) => `act-${String((n * 7919) % 2500).padStart(5, "0")}`,
      );
      const records = ids.map((id, n) => ({ id, data: { n } }));
      const { inserted } = await context.adapter.insertMany({
        tenant,
        collection: "activities",
        records,
      });
      assert.equal(inserted.length, 2500, "all 2,500 inserted");
      for (const pageSize of [1000, 999, 2500]) {
        const seen: string[] = [];
        for await (const record of streamRecords(context.adapter, {
          tenant,
          collection: "activities",
          pageSize,
        })) {
          seen.push(record.id);
        }
        assert.deepEqual(seen, [...ids].sort(), `streamed in pages of ${pageSize}`);
      }
    },
  },
  {
    group,
    name: "readCollections (optional) gives each collection's data as list does: id order, the tenant's own, fresh objects",
    async run(context) {
      const { adapter } = context;
      // Optional in the port: an adapter without it is read page by page, which the checks above prove.
      if (adapter.readCollections === undefined) return;
      const tenant = context.tenant();
      const other = context.tenant("other");
      await putAll(context, tenant, [...ASCII_IDS, ...UNICODE_IDS]);
      const activities = Array.from({ length: 1200 }, (_, n) => ({
        id: `act-${String((n * 7919) % 1200).padStart(5, "0")}`,
        data: { n, text: `tab\t"quote" \\ ${"😀".repeat(n % 3)}` },
      }));
      await adapter.insertMany({ tenant, collection: "activities", records: activities });
      await adapter.insertMany({
        tenant: other,
        collection: "groups",
        records: [{ id: "a", data: { other: true } }],
      });
      const read = await adapter.readCollections({
        tenant,
        collections: ["groups", "activities", "people"],
      });
      assert.deepEqual(
        read.groups,
        (await listAll(adapter, tenant, "groups", 1000)).map((record) => record.data),
        "groups: the data list gives, in the same (code-point) order",
      );
      assert.deepEqual(
        read.activities,
        (await listAll(adapter, tenant, "activities", 1000)).map((record) => record.data),
        "activities: the data list gives, in the same order",
      );
      assert.deepEqual(read.people, [], "a collection without records gives an empty list");
      (read.groups?.[0] as { id?: unknown }).id = "changed";
      const again = await adapter.readCollections({ tenant, collections: ["groups"] });
      assert.deepEqual(again.groups?.[0], { id: ASCII_IDS[0] }, "fresh objects on every read");
    },
  },
  {
    group,
    name: "listTenants lists the tenants that have a profile record, in order, with paging",
    async run(context) {
      const { adapter } = context;
      const tenants = ["c", "a", "b", "a-2"].map((label) => context.tenant(label));
      for (const tenant of tenants) {
        const data = { organisation: { name: tenant } };
        expectOk(
          await adapter.put({
            tenant,
            collection: "profile",
            id: "profile",
            data,
            expectedVersion: 0,
          }),
          "profile",
        );
      }
      const withoutProfile = context.tenant("d-no-profile");
      expectOk(
        await adapter.put({
          tenant: withoutProfile,
          collection: "groups",
          id: "g",
          data: {},
          expectedVersion: 0,
        }),
        "group",
      );
      const ordered = [...tenants].sort();
      assert.deepEqual(await ownTenants(context), ordered, "tenants with a profile, in order");
      const first = await adapter.listTenants({ after: context.prefix, limit: 2 });
      assert.deepEqual(first, ordered.slice(0, 2), "a first page of 2");
      const second = await adapter.listTenants({ after: first.at(-1) as string, limit: 2 });
      assert.deepEqual(second, ordered.slice(2, 4), "the next page of 2, after the last one seen");
      const profile = {
        tenant: ordered[0] as string,
        collection: "profile" as const,
        id: "profile",
      };
      expectOk(await adapter.remove({ ...profile, expectedVersion: 1 }), "remove a profile");
      assert.deepEqual(
        await ownTenants(context),
        ordered.slice(1),
        "a tenant without its profile is not listed",
      );
    },
  },
  {
    group,
    name: "listTenants lists a tenant once, even when its profile collection holds several records",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      for (const id of ["profile", "a-second", "z-third"]) {
        const put = await adapter.put({
          tenant,
          collection: "profile",
          id,
          data: {},
          expectedVersion: 0,
        });
        expectOk(put, `profile record ${id}`);
      }
      assert.deepEqual(await ownTenants(context), [tenant], "the tenant, once");
      const page = await adapter.listTenants({ after: context.prefix, limit: 1 });
      assert.deepEqual(page, [tenant], "a page of 1 holds the tenant");
    },
  },
];
