import { runStorageConformance } from "@sigreg/adapters/testing";
import type { JsonObject } from "@sigreg/core";
import { afterAll, describe, it } from "vitest";
import { type OpenTarget, readBack, type SqlTarget } from "./sql-targets.js";

/**
 * Declares the storage conformance suite on one SQL target: one adapter on fresh tables for the
 * whole file (the suite uses fresh tenants per test), read back with the target's own SQL.
 */
export function sqlConformance(target: SqlTarget): void {
  let opened: Promise<OpenTarget> | undefined;
  // A pool of 8 so that the suite's concurrent writers really run in parallel on the servers.
  const open = () => {
    opened ??= target.open({ poolSize: 8 });
    return opened;
  };
  afterAll(async () => {
    if (opened !== undefined) await (await opened).dispose();
  }, 60_000);
  runStorageConformance({
    name: `sql ${target.name}`,
    runner: { describe, it },
    create: async () => (await open()).storage,
    readBack: async (key) => {
      const stored = await readBack(await open(), key);
      return stored === undefined
        ? undefined
        : { version: stored.version, data: stored.data as JsonObject };
    },
  });
}
