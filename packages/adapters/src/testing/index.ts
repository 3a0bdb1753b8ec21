/**
 * The storage conformance suite: run it on any `StorageAdapter`, from any test runner, to check
 * that it keeps every guarantee of the storage port. Assertions use `node:assert/strict`.
 * @module
 */
export { storageConformanceChecks } from "./checks/index.js";
export {
  type ConformanceContextOptions,
  createConformanceContext,
  DEFAULT_CONCURRENCY,
} from "./context.js";
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
