import { randomUUID } from "node:crypto";
import type { StorageAdapter } from "@sigreg/core";
import { randomSeed } from "./prng.js";
import type { ConcurrencySize, ConformanceContext, ReadBack } from "./types.js";

/** Size of the concurrency check unless the options say otherwise. */
export const DEFAULT_CONCURRENCY: ConcurrencySize = { writers: 8, updates: 500 };

/** Options of {@link createConformanceContext}. */
export interface ConformanceContextOptions {
  /** The adapter under test. */
  adapter: StorageAdapter;
  /** An independent read of a record, to check writes without the adapter. */
  readBack?: ReadBack;
  /**
   * Size of the concurrency check.
   * @default { writers: 8, updates: 500 }
   */
  concurrency?: ConcurrencySize;
  /**
   * Seed of the random sequences.
   * @default a fresh random seed
   */
  seed?: number;
}

/**
 * A context to run one check in, with its own random tenant prefix; for running a single check
 * from {@link storageConformanceChecks} by hand.
 * @example
 * const check = storageConformanceChecks().find((c) => c.name.startsWith("returns CONFLICT for a stale put"));
 * await check?.run(createConformanceContext({ adapter: myStorage() }));
 */
export function createConformanceContext(options: ConformanceContextOptions): ConformanceContext {
  const prefix = `conf-${randomUUID().slice(0, 8)}`;
  return {
    adapter: options.adapter,
    readBack: options.readBack,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    seed: options.seed ?? randomSeed(),
    prefix,
    tenant: (label = "a") => `${prefix}-${label}`,
  };
}
