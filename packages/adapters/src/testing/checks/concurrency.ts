import assert from "node:assert/strict";
import type { RecordKey } from "@sigreg/core";
import type { StorageConformanceCheck } from "../types.js";
import { expectOk, expectStored } from "./expect.js";

/** Concurrent writers of one record: optimistic concurrency loses no update. @internal */
export const concurrencyChecks: StorageConformanceCheck[] = [
  {
    group: "concurrency",
    name: "concurrent read-then-put loops on one record: each attempt lands or gets CONFLICT, none is lost",
    async run(context) {
      const { adapter } = context;
      const { writers, updates } = context.concurrency;
      const key: RecordKey = { tenant: context.tenant(), collection: "groups", id: "race" };
      expectOk(await adapter.put({ ...key, data: { counter: 0 }, expectedVersion: 0 }), "create");
      const writer = async (n: number) => {
        let landed = 0;
        let conflicts = 0;
        for (let attempt = 0; attempt < updates; attempt++) {
          const read = await adapter.get(key);
          assert.ok(read, "the record exists throughout");
          const counter = Number(read.data.counter);
          const data = { counter: counter + 1, writer: n, attempt };
          const result = await adapter.put({ ...key, data, expectedVersion: read.version });
          if (result.isOk()) {
            assert.equal(result.value.version, read.version + 1, "a landed put stores version + 1");
            landed++;
          } else {
            assert.equal(result.error.code, "CONFLICT", "a lost race is a CONFLICT");
            conflicts++;
          }
        }
        return { landed, conflicts };
      };
      const results = await Promise.all(Array.from({ length: writers }, (_, n) => writer(n)));
      const landed = results.reduce((sum, result) => sum + result.landed, 0);
      const conflicts = results.reduce((sum, result) => sum + result.conflicts, 0);
      assert.equal(landed + conflicts, writers * updates, "every attempt landed or got CONFLICT");
      assert.ok(landed > 0, "some attempts landed");
      const end = await adapter.get(key);
      assert.ok(end, "the record exists at the end");
      assert.equal(
        end.version,
        1 + landed,
        `version is 1 + ${landed} landed puts (${conflicts} conflicts)`,
      );
      assert.equal(
        end.data.counter,
        landed,
        "counter counts every landed put: none was silently lost",
      );
      await expectStored(context, key, { version: 1 + landed, data: end.data }, "at the end");
    },
  },
];
