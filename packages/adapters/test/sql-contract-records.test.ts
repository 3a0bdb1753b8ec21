import type { JsonObject } from "@sigreg/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTenant } from "./helpers/sql-fixtures.js";
import {
  byCodePoint,
  type OpenTarget,
  readBack,
  SQL_TARGETS,
  sharedPglite,
} from "./helpers/sql-targets.js";

// Starting PGlite takes seconds on a busy machine: once per file, outside the tests' own timeouts.
beforeAll(() => sharedPglite(), 120_000);

for (const target of SQL_TARGETS) {
  // Server targets need SIGREG_PG_URL / SIGREG_MYSQL_URL; CI sets both, so it never skips them.
  describe.skipIf(!target.available)(`sql storage contract, records: ${target.name}`, () => {
    let t: OpenTarget;
    let s: OpenTarget["storage"];
    beforeAll(async () => {
      t = await target.open();
      s = t.storage;
    }, 60_000);
    afterAll(() => t?.dispose());

    it("creates at version 1, replaces at the expected version, and stores what it returns", async () => {
      const tenant = freshTenant();
      const key = { tenant, collection: "groups" as const, id: "g1" };
      const created = await s.put({ ...key, data: { name: "One" }, expectedVersion: 0 });
      expect(created._unsafeUnwrap()).toEqual({ ...key, version: 1, data: { name: "One" } });
      const replaced = await s.put({ ...key, data: { name: "Two" }, expectedVersion: 1 });
      expect(replaced._unsafeUnwrap().version).toBe(2);
      expect(await readBack(t, key)).toEqual({ version: 2, data: { name: "Two" } });
      expect(await s.get(key)).toEqual({ ...key, version: 2, data: { name: "Two" } });
    });

    it("answers a lost race with CONFLICT and changes nothing", async () => {
      const tenant = freshTenant();
      const key = { tenant, collection: "people" as const, id: "p1" };
      await s.put({ ...key, data: { v: 1 }, expectedVersion: 0 });
      const again = await s.put({ ...key, data: { v: "dup" }, expectedVersion: 0 });
      expect(again._unsafeUnwrapErr()).toEqual({
        code: "CONFLICT",
        ...key,
        expectedVersion: 0,
        actualVersion: 1,
      });
      const stale = await s.put({ ...key, data: { v: "stale" }, expectedVersion: 7 });
      expect(stale._unsafeUnwrapErr()).toMatchObject({ expectedVersion: 7, actualVersion: 1 });
      const absent = await s.put({ ...key, id: "nobody", data: {}, expectedVersion: 1 });
      expect(absent._unsafeUnwrapErr()).toMatchObject({ id: "nobody", actualVersion: 0 });
      expect(await readBack(t, key)).toEqual({ version: 1, data: { v: 1 } });
      expect(await readBack(t, { ...key, id: "nobody" })).toBeUndefined();
    });

    it("removes only at the expected version", async () => {
      const key = { tenant: freshTenant(), collection: "alerts" as const, id: "a1" };
      await s.put({ ...key, data: {}, expectedVersion: 0 });
      await s.put({ ...key, data: { x: 1 }, expectedVersion: 1 });
      const stale = await s.remove({ ...key, expectedVersion: 1 });
      expect(stale._unsafeUnwrapErr()).toMatchObject({ code: "CONFLICT", actualVersion: 2 });
      expect(await readBack(t, key)).toMatchObject({ version: 2 });
      expect((await s.remove({ ...key, expectedVersion: 2 })).isOk()).toBe(true);
      expect(await readBack(t, key)).toBeUndefined();
      const gone = await s.remove({ ...key, expectedVersion: 2 });
      expect(gone._unsafeUnwrapErr()).toMatchObject({ code: "CONFLICT", actualVersion: 0 });
    });

    it("returns fresh objects and keeps no reference to the caller's", async () => {
      const key = { tenant: freshTenant(), collection: "groups" as const, id: "g" };
      const data = { name: "Original", tags: ["x"] };
      const written = (await s.put({ ...key, data, expectedVersion: 0 }))._unsafeUnwrap();
      data.name = "changed by caller";
      written.data.name = "changed in result";
      const first = await s.get(key);
      (first?.data.tags as string[] | undefined)?.push("y");
      expect(first?.data.tags).toEqual(["x", "y"]);
      expect((await s.get(key))?.data).toEqual({ name: "Original", tags: ["x"] });
    });

    it("stores JSON exactly: unicode, NUL characters, nesting, numbers", async () => {
      const key = { tenant: freshTenant(), collection: "groups" as const, id: "ünï-😀" };
      const data = {
        text: 'a\u0000b \u2028 "quoted" \\ 😀 ﬃ',
        numbers: [0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER],
        nested: { deep: { deeper: [true, false, null, { k: "v" }] } },
        empty: {},
      };
      await s.put({ ...key, data, expectedVersion: 0 });
      expect((await s.get(key))?.data).toEqual(data);
      expect((await readBack(t, key))?.data).toEqual(data);
    });

    it("lists ids in code-point order, page by page, and tells 'a' from 'a '", async () => {
      const tenant = freshTenant();
      const ids = ["b", "a", "B", "a ", "é", "😀", "\uFFFD", "a-", "Z", "10", "9", "ä"];
      for (const id of ids) {
        expect(
          (
            await s.put({ tenant, collection: "people", id, data: { id }, expectedVersion: 0 })
          ).isOk(),
        ).toBe(true);
      }
      const expected = [...ids].sort(byCodePoint);
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await s.list({
          tenant,
          collection: "people",
          limit: 5,
          ...(after === undefined ? {} : { after }),
        });
        seen.push(...page.map((record) => record.id));
        for (const record of page) expect(record.data).toEqual({ id: record.id });
        if (page.length < 5) break;
        after = page.at(-1)?.id;
      }
      expect(seen).toEqual(expected);
      expect(
        (await s.list({ tenant, collection: "people", after: "a", limit: 2 })).map((r) => r.id),
      ).toEqual(["a ", "a-"]);
    });

    it("never shows, changes or counts another tenant's records", async () => {
      const mine = freshTenant();
      const theirs = freshTenant();
      await s.put({
        tenant: theirs,
        collection: "groups",
        id: "shared",
        data: { owner: theirs },
        expectedVersion: 0,
      });
      expect(await s.get({ tenant: mine, collection: "groups", id: "shared" })).toBeUndefined();
      expect(await s.list({ tenant: mine, collection: "groups", limit: 10 })).toEqual([]);
      const created = await s.put({
        tenant: mine,
        collection: "groups",
        id: "shared",
        data: { owner: mine },
        expectedVersion: 0,
      });
      expect(created._unsafeUnwrap().version).toBe(1);
      expect(
        (
          await s.remove({ tenant: mine, collection: "groups", id: "shared", expectedVersion: 1 })
        ).isOk(),
      ).toBe(true);
      expect((await s.get({ tenant: theirs, collection: "groups", id: "shared" }))?.data).toEqual({
        owner: theirs,
      });
      const { inserted } = await s.insertMany({
        tenant: mine,
        collection: "groups",
        records: [{ id: "shared", data: {} }],
      });
      expect(inserted).toEqual(["shared"]);
    });

    it("lists the tenants that have a profile, in order, page by page", async () => {
      const prefix = `${freshTenant()}-`;
      const tenants = [`${prefix}b`, `${prefix}a`, `${prefix}c`, `${prefix}😀`];
      for (const tenant of tenants) {
        await s.put({
          tenant,
          collection: "profile",
          id: "profile",
          data: { name: tenant },
          expectedVersion: 0,
        });
      }
      // A second record in the profile collection does not list its tenant twice.
      await s.put({
        tenant: `${prefix}a`,
        collection: "profile",
        id: "other",
        data: {},
        expectedVersion: 0,
      });
      await s.put({
        tenant: `${prefix}no-profile`,
        collection: "groups",
        id: "g",
        data: {},
        expectedVersion: 0,
      });
      const all = [];
      let after = prefix;
      for (;;) {
        const page = (await s.listTenants({ after, limit: 2 })).filter((tenant) =>
          tenant.startsWith(prefix),
        );
        all.push(...page);
        if (page.length < 2) break;
        after = page.at(-1) as string;
      }
      expect(all).toEqual([...tenants].sort(byCodePoint));
    });

    it("inserts only new ids, first of each id wins, reports them in input order", async () => {
      const tenant = freshTenant();
      const collection = "activities" as const;
      await s.put({ tenant, collection, id: "existing", data: { kept: true }, expectedVersion: 0 });
      const first = await s.insertMany({
        tenant,
        collection,
        records: [
          { id: "c", data: { n: 1 } },
          { id: "existing", data: { kept: false } },
          { id: "a", data: { n: 2 } },
          { id: "c", data: { n: 3 } },
        ],
      });
      expect(first.inserted).toEqual(["c", "a"]);
      expect(await readBack(t, { tenant, collection, id: "c" })).toEqual({
        version: 1,
        data: { n: 1 },
      });
      expect(await readBack(t, { tenant, collection, id: "existing" })).toEqual({
        version: 1,
        data: { kept: true },
      });
      const again = await s.insertMany({
        tenant,
        collection,
        records: [{ id: "a", data: { n: 9 } }],
      });
      expect(again.inserted).toEqual([]);
      expect((await s.get({ tenant, collection, id: "a" }))?.data).toEqual({ n: 2 });
      expect((await s.insertMany({ tenant, collection, records: [] })).inserted).toEqual([]);
    });

    it("insertMany stores ids and documents with tabs, newlines, backslashes and any text exactly", async () => {
      const tenant = freshTenant();
      const collection = "alerts" as const;
      const records: { id: string; data: JsonObject }[] = [
        { id: "tab\there", data: { title: "a\tb", note: "line\nnext\r\n" } },
        { id: "back\\slash\\.", data: { path: "C:\\temp\\new", marker: "\\.", end: "\\" } },
        { id: "naïve-🙂", data: { title: 'Ünïcødé 🙂 \u0001 "quoted"', n: 1.5, none: null } },
      ];
      const { inserted } = await s.insertMany({ tenant, collection, records });
      expect(inserted).toEqual(records.map((record) => record.id));
      for (const record of records)
        expect(await s.get({ tenant, collection, id: record.id })).toEqual({
          tenant,
          collection,
          id: record.id,
          version: 1,
          data: record.data,
        });
    });

    it("readCollections reads a collection of more than 10,000 records whole, in id order", async () => {
      const tenant = freshTenant();
      const collection = "activities" as const;
      // Larger than a page of list (1,000), read in one call.
      const records = Array.from({ length: 10_050 }, (_, i) => ({
        id: `act-${String((i * 7919) % 10_050).padStart(5, "0")}`,
        data: { i },
      }));
      await s.insertMany({ tenant, collection, records });
      const read = await s.readCollections?.({ tenant, collections: [collection, "alerts"] });
      const expected = [...records].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => r.data);
      expect(read?.activities).toEqual(expected);
      expect(read?.alerts).toEqual([]);
    });

    it("inserts many records across statement boundaries, skipping those already stored", async () => {
      const tenant = freshTenant();
      const collection = "activities" as const;
      // Past 1,000 rows (a multi-row INSERT) and 5,000 (a COPY on Postgres).
      const records = Array.from({ length: 5_200 }, (_, i) => ({
        id: `act-${String(i).padStart(5, "0")}`,
        data: { i },
      }));
      const someStored = records.filter(
        (_, i) => i % 7 === 0 || i === 999 || i === 1000 || i === 4999 || i === 5000,
      );
      await s.insertMany({ tenant, collection, records: someStored });
      const { inserted } = await s.insertMany({
        tenant,
        collection,
        records: [...records].reverse(),
      });
      const storedIds = new Set(someStored.map((record) => record.id));
      expect(inserted).toEqual(
        [...records]
          .reverse()
          .map((r) => r.id)
          .filter((id) => !storedIds.has(id)),
      );
      const [count] = await t.raw<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM ${t.quote(s.tables.records)} WHERE tenant = ?`,
        [tenant],
      );
      expect(Number(count?.n)).toBe(5_200);
    });
  });
}
