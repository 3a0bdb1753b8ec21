/**
 * Where the storage benchmark's time goes, measured on a sample of the tenants: the engine's CPU
 * work per stored event without any database (validation, JSON, ids, evidence digests), and the
 * split of an evaluation from storage into reading the rows, decoding them, and the rules.
 * `--cpu-profile` adds V8 profiles of an engine load and an evaluation on SQLite.
 */
import { Session } from "node:inspector/promises";
import {
  COLLECTION_SCHEMAS,
  evaluate,
  fromJson,
  type JsonObject,
  PROFILE_ID,
  type ProfileRecord,
  type Register,
  recordDigest,
  recordIdOf,
  type StorageAdapter,
  streamRecords,
  toJson,
} from "@sigreg/core";
// Internal to core (the order readRegister sorts events in), imported from source for the split.
import { sortByTime } from "../packages/core/src/engine/snapshot.js";
import { AS_OF } from "./evaluate-passes.js";
import { type CpuProfile, collect, round, topFunctions, writeResult } from "./lib.js";
import { inputsOf, readTenants, registerOf, type WorkloadFile } from "./storage-data.js";
import { Stopwatch } from "./storage-phase.js";

/** Microseconds per stored event of each step the engine runs before SQL. */
export interface EngineCpuCosts {
  /** Tenants sampled. */
  tenants: number;
  /** Activities and alerts sampled. */
  events: number;
  /** zod `safeParse` of the input (the engine's validation; reference checks are extra). */
  validateUs: number;
  /** `toJson` of the parsed entity (JSON.stringify + JSON.parse). */
  toJsonUs: number;
  /** `recordIdOf` (a SHA-256 of canonical JSON for activities without an id). */
  recordIdUs: number;
  /** `recordDigest` for the evidence entry (a SHA-256 of canonical JSON per record). */
  evidenceDigestUs: number;
  /** `JSON.stringify` of the data, as the adapter binds it. */
  stringifyUs: number;
}

/** The engine's per-event CPU work, step by step, over the first `sample` tenants. */
export function engineCpuCosts(file: WorkloadFile, sample: number): EngineCpuCosts {
  const steps = {
    validate: new Stopwatch(),
    toJson: new Stopwatch(),
    recordId: new Stopwatch(),
    digest: new Stopwatch(),
    stringify: new Stopwatch(),
  };
  const timeSync = <T>(watch: Stopwatch, fn: () => T): T => watch.timeSync(fn);
  let events = 0;
  collect();
  for (const tenant of readTenants(file, 0, sample)) {
    const inputs = inputsOf(tenant);
    for (const [collection, list] of [
      ["activities", inputs.activities],
      ["alerts", inputs.alerts],
    ] as const) {
      const schema = COLLECTION_SCHEMAS[collection];
      for (const input of list) {
        const parsed = timeSync(steps.validate, () => schema.safeParse(input));
        if (!parsed.success) throw new Error(`sample ${collection} input does not validate`);
        const data = timeSync(steps.toJson, () => toJson(parsed.data));
        timeSync(steps.recordId, () => recordIdOf(collection, data));
        timeSync(steps.digest, () => recordDigest(data as JsonObject));
        timeSync(steps.stringify, () => JSON.stringify(data));
        events++;
      }
    }
  }
  const us = (watch: Stopwatch) => round((watch.ms * 1000) / Math.max(1, events), 2);
  return {
    tenants: sample,
    events,
    validateUs: us(steps.validate),
    toJsonUs: us(steps.toJson),
    recordIdUs: us(steps.recordId),
    evidenceDigestUs: us(steps.digest),
    stringifyUs: us(steps.stringify),
  };
}

/** Milliseconds per tenant of each part of an evaluation from storage. */
export interface EvaluationSplit {
  tenants: number;
  /**
   * Reading the tenant's lists with the adapter, as `readRegister` does: `readCollections` where
   * the adapter has it, paging through `list` otherwise (SQL, driver, `JSON.parse`).
   */
  readMs: number;
  /** Of which `JSON.parse` of the rows' text, timed on its own. */
  parseMs: number;
  /** Reviving the dates (`fromJson`) and sorting the events by date, as `readRegister` does. */
  decodeMs: number;
  /** Core `evaluate` on the register read back. */
  evaluateMs: number;
  /** Core `evaluate` on the same tenants built in memory (as the in-memory pass does). */
  inMemoryMs: number;
}

const LISTS = ["people", "groups", "activities", "alerts", "reviews"] as const;
type ListCollection = (typeof LISTS)[number];

/** The tenant's lists as `readRegister` reads them. */
async function readLists(
  storage: StorageAdapter,
  tenant: string,
): Promise<Map<ListCollection, JsonObject[]>> {
  const lists = new Map<ListCollection, JsonObject[]>();
  if (storage.readCollections !== undefined) {
    const read = await storage.readCollections({ tenant, collections: LISTS });
    for (const collection of LISTS) lists.set(collection, read[collection] ?? []);
    return lists;
  }
  for (const collection of LISTS) {
    const list: JsonObject[] = [];
    for await (const record of streamRecords(storage, { tenant, collection }))
      list.push(record.data);
    lists.set(collection, list);
  }
  return lists;
}

/**
 * Splits an evaluation from storage into reading, decoding and the rules, over the first `sample`
 * tenants, each part timed on its own (after an untimed read that warms the database's cache).
 */
export async function evaluationSplit(
  file: WorkloadFile,
  storage: StorageAdapter,
  sample: number,
): Promise<EvaluationSplit> {
  const watches = {
    read: new Stopwatch(),
    parse: new Stopwatch(),
    decode: new Stopwatch(),
    rules: new Stopwatch(),
    inMemory: new Stopwatch(),
  };
  for (const tenant of readTenants(file, 0, sample)) {
    await readLists(storage, tenant.id);
    const [profile, lists] = await watches.read.time(
      async () =>
        [
          await storage.get({ tenant: tenant.id, collection: "profile", id: PROFILE_ID }),
          await readLists(storage, tenant.id),
        ] as const,
    );
    const texts = [...lists.values()].flat().map((data) => JSON.stringify(data));
    watches.parse.timeSync(() => {
      for (const text of texts) JSON.parse(text);
    });
    const register = watches.decode.timeSync(() => {
      const all = <TCollection extends ListCollection>(collection: TCollection) =>
        (lists.get(collection) ?? []).map((data) => fromJson(collection, data));
      const { organisation, policy } = fromJson("profile", profile?.data ?? {}) as ProfileRecord;
      return {
        organisation,
        policy,
        people: all("people"),
        groups: all("groups"),
        activities: sortByTime(all("activities"), (a) => a.date.getTime()),
        alerts: sortByTime(all("alerts"), (a) => a.received.getTime()),
        reviews: sortByTime(all("reviews"), (a) => a.date.getTime()),
      } as Register;
    });
    watches.rules.timeSync(() => evaluate(register, { asOf: AS_OF }));
    const same = registerOf(tenant);
    watches.inMemory.timeSync(() => evaluate(same, { asOf: AS_OF }));
  }
  const per = (watch: Stopwatch) => round(watch.ms / sample, 3);
  return {
    tenants: sample,
    readMs: per(watches.read),
    parseMs: per(watches.parse),
    decodeMs: per(watches.decode),
    evaluateMs: per(watches.rules),
    inMemoryMs: per(watches.inMemory),
  };
}

/** Profiles `work` in-process; writes `.bench-out/<file>` and returns its top functions. */
export async function profile(file: string, work: () => Promise<unknown>): Promise<string[]> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    collect();
    await session.post("Profiler.start");
    await work();
    const { profile: result } = await session.post("Profiler.stop");
    const path = writeResult(file, result);
    return [`profile written to ${path}`, ...topFunctions(result as unknown as CpuProfile, 25)];
  } finally {
    session.disconnect();
  }
}
