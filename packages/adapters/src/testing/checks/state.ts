import assert from "node:assert/strict";
import type { StorageConformanceCheck } from "../types.js";
import { expectOk } from "./expect.js";

const group = "state";

/** State documents: versioned writes, conflicts, listing by prefix, tenant isolation, rollback. @internal */
export const stateChecks: StorageConformanceCheck[] = [
  {
    group,
    name: "putState creates at version 0 and replaces at the current version; anything else is a CONFLICT that changes nothing",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const key = "feed:cisa:https://www.cisa.gov/cybersecurity-advisories/all.xml";
      assert.equal(await adapter.getState({ tenant, key }), undefined, "absent at first");
      const created = expectOk(
        await adapter.putState({ tenant, key, value: { etag: '"a1"', n: 1 }, expectedVersion: 0 }),
        "create",
      );
      assert.deepEqual(created, { tenant, key, version: 1, value: { etag: '"a1"', n: 1 } });
      const again = await adapter.putState({ tenant, key, value: { n: 9 }, expectedVersion: 0 });
      assert.ok(again.isErr(), "creating a taken key is a conflict");
      assert.deepEqual(
        { ...again._unsafeUnwrapErr(), actualVersion: undefined },
        {
          code: "CONFLICT",
          tenant,
          collection: "state",
          id: key,
          expectedVersion: 0,
          actualVersion: undefined,
        },
      );
      expectOk(
        await adapter.putState({ tenant, key, value: { etag: '"b2"', n: 2 }, expectedVersion: 1 }),
        "replace",
      );
      const stale = await adapter.putState({ tenant, key, value: { n: 9 }, expectedVersion: 1 });
      assert.equal(stale._unsafeUnwrapErr().code, "CONFLICT", "a stale version is a conflict");
      assert.deepEqual(await adapter.getState({ tenant, key }), {
        tenant,
        key,
        version: 2,
        value: { etag: '"b2"', n: 2 },
      });
      const read = await adapter.getState({ tenant, key });
      if (read !== undefined) read.value.n = 100;
      assert.equal((await adapter.getState({ tenant, key }))?.value.n, 2, "reads are fresh copies");
    },
  },
  {
    group,
    name: "listState lists one tenant's keys under a prefix, in key order, with paging",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant("a");
      const other = context.tenant("b");
      for (const key of ["feed:b", "feed:a", "feed:c%", "feed_x", "lease:feed:a", "feed:a:1"])
        expectOk(await adapter.putState({ tenant, key, value: { key }, expectedVersion: 0 }), key);
      expectOk(
        await adapter.putState({ tenant: other, key: "feed:zz", value: {}, expectedVersion: 0 }),
        "other tenant",
      );
      const keys = async (after?: string, limit = 10) =>
        (
          await adapter.listState({
            tenant,
            prefix: "feed:",
            limit,
            ...(after === undefined ? {} : { after }),
          })
        ).map((document) => document.key);
      assert.deepEqual(
        await keys(),
        ["feed:a", "feed:a:1", "feed:b", "feed:c%"],
        "prefix, key order",
      );
      assert.deepEqual(await keys(undefined, 2), ["feed:a", "feed:a:1"], "a page of 2");
      assert.deepEqual(await keys("feed:a:1", 2), ["feed:b", "feed:c%"], "the next page");
      assert.deepEqual(
        (await adapter.listState({ tenant: other, prefix: "feed:", limit: 10 })).map((d) => d.key),
        ["feed:zz"],
        "another tenant's documents stay its own",
      );
    },
  },
  {
    group,
    name: "a state document written in a transaction that rolls back is never seen",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      await assert.rejects(
        adapter.transaction(async (tx) => {
          expectOk(
            await tx.putState({
              tenant,
              key: "lease:x",
              value: { owner: "w1" },
              expectedVersion: 0,
            }),
            "in the transaction",
          );
          assert.equal((await tx.getState({ tenant, key: "lease:x" }))?.version, 1, "seen inside");
          throw new Error("roll back");
        }),
        /roll back/,
      );
      assert.equal(await adapter.getState({ tenant, key: "lease:x" }), undefined);
    },
  },
];
