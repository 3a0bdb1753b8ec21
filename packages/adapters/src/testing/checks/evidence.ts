import assert from "node:assert/strict";
import { walkEvidenceChain } from "@sigreg/core";
import type { StorageConformanceCheck } from "../types.js";
import { chainedEntries } from "./evidence-drafts.js";
import { expectConflict, expectOk } from "./expect.js";

const group = "evidence";

/** The append-only evidence log. @internal */
export const evidenceChecks: StorageConformanceCheck[] = [
  {
    group,
    name: "appends chained entries and reads them back exactly: lastEvidence, listEvidence with afterSeq, walkEvidenceChain",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      assert.equal(
        await adapter.lastEvidence({ tenant }),
        undefined,
        "an empty log has no last entry",
      );
      assert.deepEqual(
        await adapter.listEvidence({ tenant, limit: 10 }),
        [],
        "an empty log lists nothing",
      );
      const entries = chainedEntries(7);
      for (const entry of entries)
        expectOk(await adapter.appendEvidence({ tenant, entry }), `append ${entry.seq}`);
      assert.deepEqual(
        await adapter.lastEvidence({ tenant }),
        entries[6],
        "lastEvidence is the highest seq",
      );
      assert.deepEqual(
        await adapter.listEvidence({ tenant, limit: 100 }),
        entries,
        "all, ascending",
      );
      const pages = [];
      let afterSeq: number | undefined;
      for (;;) {
        const page = await adapter.listEvidence({
          tenant,
          limit: 3,
          ...(afterSeq === undefined ? {} : { afterSeq }),
        });
        assert.ok(page.length <= 3, "at most limit entries");
        pages.push(page.map((entry) => entry.seq));
        if (page.length < 3) break;
        afterSeq = page.at(-1)?.seq;
      }
      assert.deepEqual(pages, [[1, 2, 3], [4, 5, 6], [7]], "pages of 3 with afterSeq");
      assert.deepEqual(
        await adapter.listEvidence({ tenant, afterSeq: 5, limit: 10 }),
        entries.slice(5),
        "after 5",
      );
      assert.deepEqual(
        await adapter.listEvidence({ tenant, afterSeq: 7, limit: 10 }),
        [],
        "after the last",
      );
      const walked = await walkEvidenceChain(adapter, tenant);
      assert.deepEqual(
        walked,
        { ok: true, entries: 7, head: { seq: 7, hash: entries[6]?.hash } },
        "walkEvidenceChain finds the chain intact, with the right head",
      );
    },
  },
  {
    group,
    name: "returns CONFLICT for an entry whose seq is taken, and keeps the entry already there",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const entries = chainedEntries(3);
      for (const entry of entries)
        expectOk(await adapter.appendEvidence({ tenant, entry }), `append ${entry.seq}`);
      const [rival] = chainedEntries(1, entries[1], "a rival writer");
      assert.equal(rival?.seq, 3, "the rival takes seq 3 as well");
      const result = await adapter.appendEvidence({ tenant, entry: rival! });
      expectConflict(
        result,
        { tenant, collection: "evidence", id: "3", expectedVersion: 0 },
        "taken seq",
      );
      const again = await adapter.appendEvidence({ tenant, entry: entries[0]! });
      expectConflict(
        again,
        { tenant, collection: "evidence", id: "1", expectedVersion: 0 },
        "same entry twice",
      );
      assert.deepEqual(
        await adapter.listEvidence({ tenant, limit: 10 }),
        entries,
        "the log is unchanged",
      );
      const [next] = chainedEntries(1, entries[2]);
      expectOk(
        await adapter.appendEvidence({ tenant, entry: next! }),
        "the next seq still appends",
      );
    },
  },
];
