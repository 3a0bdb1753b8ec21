import { storageConformanceChecks } from "./checks/index.js";
import { createConformanceContext } from "./context.js";
import { randomSeed } from "./prng.js";
import type { StorageConformanceOptions } from "./types.js";

/** Timeout per test unless the options say otherwise. */
const DEFAULT_TIMEOUT = 60_000;

/**
 * Declares the storage conformance suite for an adapter with the caller's test runner: one test
 * per guarantee of the storage port, grouped by concern. Every test uses fresh random tenant ids,
 * so the adapter need not be emptied between tests.
 * @example
 * import { runStorageConformance } from "@sigreg/adapters/testing";
 * import { describe, it } from "vitest";
 *
 * runStorageConformance({ name: "mine", runner: { describe, it }, create: async () => myStorage() });
 */
export function runStorageConformance(options: StorageConformanceOptions): void {
  const { runner } = options;
  const seed = options.seed ?? randomSeed();
  const checks = storageConformanceChecks();
  const groups = [...new Set(checks.map((check) => check.group))];
  runner.describe(`storage conformance: ${options.name}`, () => {
    for (const group of groups) {
      runner.describe(group, () => {
        for (const check of checks.filter((candidate) => candidate.group === group)) {
          runner.it(
            check.name,
            async () => {
              const adapter = await options.create();
              try {
                await check.run(
                  createConformanceContext({
                    adapter,
                    seed,
                    ...(options.readBack ? { readBack: options.readBack } : {}),
                    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
                  }),
                );
              } finally {
                await options.destroy?.(adapter);
              }
            },
            options.timeout ?? DEFAULT_TIMEOUT,
          );
        }
      });
    }
  });
}
