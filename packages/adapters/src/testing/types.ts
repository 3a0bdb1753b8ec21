import type { JsonObject, RecordKey, StorageAdapter } from "@sigreg/core";

/** The two functions of a test runner the suite needs (vitest, jest, mocha and the like have both). */
export interface ConformanceRunner {
  /** Groups tests under a name. */
  describe(name: string, fn: () => void): void;
  /** Declares one test; `timeout` is in milliseconds. */
  it(name: string, fn: () => Promise<void> | void, timeout?: number): void;
}

/** A record as an independent read sees it. */
export interface ReadBackRecord {
  /** The stored version. */
  version: number;
  /** The stored data. */
  data: JsonObject;
}

/** An independent read of a record: its version and data, or `undefined` when absent. */
export type ReadBack = (key: RecordKey) => Promise<ReadBackRecord | undefined>;

/** Size of the concurrency check. */
export interface ConcurrencySize {
  /** Concurrent async loops. */
  writers: number;
  /** Read-then-put attempts per loop. */
  updates: number;
}

/** Options of {@link runStorageConformance}. */
export interface StorageConformanceOptions {
  /** Adapter name in test titles. */
  name: string;
  /** Test runner functions, e.g. `{ describe, it }` from vitest. */
  runner: ConformanceRunner;
  /** Returns a ready (migrated) adapter; called once per test, may return the same shared adapter. */
  create: () => Promise<StorageAdapter>;
  /** Called after each test with what `create` returned. */
  destroy?: (adapter: StorageAdapter) => Promise<void>;
  /** Reads a record back without going through the adapter (own SQL, own file read), to check writes independently. */
  readBack?: ReadBack;
  /**
   * Size of the concurrency test.
   * @default { writers: 8, updates: 500 }
   */
  concurrency?: ConcurrencySize;
  /**
   * Timeout per test in ms.
   * @default 60_000
   */
  timeout?: number;
  /**
   * Seed of the random operation sequences of the isolation check; a failure message prints the
   * seed it ran with, so that passing it here replays the same sequence.
   * @default a fresh random seed per run
   */
  seed?: number;
}

/** What a check runs against: one adapter, fresh tenant ids, and the suite's options. */
export interface ConformanceContext {
  /** The adapter under test. */
  readonly adapter: StorageAdapter;
  /** The independent read, when the adapter's author provided one. */
  readonly readBack: ReadBack | undefined;
  /** Size of the concurrency check. */
  readonly concurrency: ConcurrencySize;
  /** Seed of this run's random sequences. */
  readonly seed: number;
  /** Random prefix of every tenant id and outbox message id this check uses, e.g. `conf-1a2b3c4d`. */
  readonly prefix: string;
  /** The tenant id `${prefix}-${label}`: the same label gives the same tenant within one check. */
  tenant(label?: string): string;
}

/** One conformance check: a title and the code that proves one guarantee of the port. */
export interface StorageConformanceCheck {
  /** The concern it belongs to (`crud`, `pagination`, `transactions`…), a `describe` block. */
  readonly group: string;
  /** What it proves, the test's title. */
  readonly name: string;
  /** Runs the check; rejects with an assertion error naming what the adapter got wrong. */
  run(context: ConformanceContext): Promise<void>;
}
