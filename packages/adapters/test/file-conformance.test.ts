import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runStorageConformance } from "@sigreg/adapters/testing";
import { afterAll, describe, it } from "vitest";
import { fileStorage } from "../src/file/index.js";
import { freeFormRecords, readBackFrom } from "./helpers/file-free-form.js";

// One directory of registers for the whole suite: every check uses its own random tenants, and
// the suite must not need an empty store.
const directory = mkdtempSync(join(tmpdir(), "sigreg-file-conformance-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

// The suite's records are free-form JSON; a register holds register entities only, so they travel
// inside valid ones (see file-free-form.ts). The direct tests (file-storage.test.ts) cover the
// mapping of real entities.
runStorageConformance({
  name: "file (one YAML register per tenant)",
  runner: { describe, it },
  create: async () => freeFormRecords(fileStorage({ directory })),
  readBack: readBackFrom(directory),
  // Every write re-reads, rewrites and fsyncs a register file and its sidecar: 8 × 50 read-then-put
  // loops (rather than 8 × 500) keep this check to seconds and still race on every write.
  concurrency: { writers: 8, updates: 50 },
  timeout: 120_000,
});
