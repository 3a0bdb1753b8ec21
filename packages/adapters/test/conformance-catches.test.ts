import { memoryStorage } from "@sigreg/adapters/memory";
import {
  createConformanceContext,
  type StorageConformanceCheck,
  storageConformanceChecks,
} from "@sigreg/adapters/testing";
import type { RecordKey, StorageAdapter } from "@sigreg/core";
import { describe, expect, it } from "vitest";
import { BROKEN_ADAPTERS } from "./conformance-broken-adapters.js";

const SMALL = { writers: 4, updates: 50 };

function check(title: string): StorageConformanceCheck {
  const found = storageConformanceChecks().filter((candidate) => candidate.name.startsWith(title));
  if (found.length !== 1) throw new Error(`${found.length} checks start with "${title}"`);
  return found[0]!;
}

describe("the conformance suite catches a broken adapter", () => {
  for (const { breaks, create, caughtBy } of BROKEN_ADAPTERS) {
    for (const title of caughtBy) {
      it(`${breaks}: "${title}…" fails (and passes on memoryStorage)`, async () => {
        await check(title).run(
          createConformanceContext({ adapter: memoryStorage(), concurrency: SMALL }),
        );
        await expect(
          check(title).run(createConformanceContext({ adapter: create(), concurrency: SMALL })),
        ).rejects.toThrow();
      });
    }
  }

  it("a write the adapter only cached is caught through readBack", async () => {
    // The "database" the adapter should write to, and an adapter that answers from a cache instead.
    const database = memoryStorage();
    const cache = memoryStorage();
    const readBackFrom = (store: StorageAdapter) => async (key: RecordKey) => {
      const record = await store.get(key);
      return record && { version: record.version, data: record.data };
    };
    const crud = check("creates (version 1), reads, replaces");
    await crud.run(
      createConformanceContext({ adapter: database, readBack: readBackFrom(database) }),
    );
    await expect(
      crud.run(createConformanceContext({ adapter: cache, readBack: readBackFrom(database) })),
    ).rejects.toThrow(/through readBack/);
  });

  it("an isolation failure names the seed to replay it with", async () => {
    const leaky = BROKEN_ADAPTERS.find((entry) => entry.breaks.startsWith("list leaks"))!;
    const context = createConformanceContext({ adapter: leaky.create(), seed: 1234 });
    await expect(check("random puts, removes").run(context)).rejects.toThrow(
      /replay with `seed: 1234`/,
    );
  });

  it("every check has a unique name and a known group", () => {
    const checks = storageConformanceChecks();
    expect(new Set(checks.map((entry) => entry.name)).size).toBe(checks.length);
    expect([...new Set(checks.map((entry) => entry.group))]).toEqual([
      "crud",
      "fidelity",
      "pagination",
      "bulk",
      "transactions",
      "evidence",
      "outbox",
      "outbox leases",
      "isolation",
      "concurrency",
    ]);
  });
});
