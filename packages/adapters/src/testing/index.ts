/**
 * The conformance suites: run them on any `StorageAdapter` or `Notifier`, from any test runner, to
 * check that it keeps every guarantee of its port. Assertions use `node:assert/strict`.
 * @example
 * import { runStorageConformance } from "@sigreg/adapters/testing";
 * import { describe, it } from "vitest";
 *
 * runStorageConformance({ name: "mine", runner: { describe, it }, create: async () => myStorage() });
 * @module
 */
export { storageConformanceChecks } from "./checks/index.js";
export {
  type ConformanceContextOptions,
  createConformanceContext,
  DEFAULT_CONCURRENCY,
} from "./context.js";
export {
  type NotifierConformanceCheck,
  type NotifierConformanceContext,
  type NotifierConformanceOptions,
  type NotifierFault,
  type NotifierTarget,
  notifierConformanceChecks,
  runNotifierConformance,
  sampleNotification,
} from "./notifier/index.js";
export { runStorageConformance } from "./run.js";
export type {
  ConcurrencySize,
  ConformanceContext,
  ConformanceRunner,
  ReadBack,
  ReadBackRecord,
  StorageConformanceCheck,
  StorageConformanceOptions,
} from "./types.js";
