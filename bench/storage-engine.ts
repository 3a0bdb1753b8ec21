/**
 * The phases of the storage benchmark that go through sigreg: the adapter's `insertMany` (the load
 * the target applies to), the engine's bulk calls (a diagnostic: validation, evidence, outbox),
 * evaluation of every tenant from storage, and core `evaluate` over the same registers in memory.
 */
import {
  type Collection,
  createSigreg,
  type Evaluation,
  evaluate,
  formatSigregError,
  type JsonObject,
  type Register,
  type SigregError,
  type StorageAdapter,
  type StorageOperations,
} from "@sigreg/core";
import { AS_OF } from "./evaluate-passes.js";
import {
  inputsOf,
  readTenants,
  registerOf,
  type TenantInputs,
  type TenantRows,
  type WorkloadFile,
} from "./storage-data.js";
import { type PhaseSpec, Stopwatch } from "./storage-phase.js";

/** Activities or alerts per `recordActivities` / `recordAlerts` call. */
export const BATCH = 1000;

function fail(what: string, error: SigregError): never {
  throw new Error(`${what}: ${formatSigregError(error)}`);
}

/** A load through the engine, the part of its time spent in `importRegister`, and its calls. */
export interface EngineLoadPhase extends PhaseSpec<{ inputs: TenantInputs; rows: number }> {
  readonly setup: Stopwatch;
  /** Storage calls the engine made, by method (each is at least one SQL statement). */
  readonly calls: Map<string, number>;
}

/**
 * The adapter with every call counted by method name, inside transactions too: how many round
 * trips the engine makes to the database.
 */
export function countingStorage(storage: StorageAdapter): {
  storage: StorageAdapter;
  calls: Map<string, number>;
} {
  const calls = new Map<string, number>();
  const wrap = <T extends object>(operations: T): T =>
    new Proxy(operations, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== "function" || typeof key !== "string") return value;
        return (...args: unknown[]) => {
          calls.set(key, (calls.get(key) ?? 0) + 1);
          if (key !== "transaction") return value.apply(target, args);
          const [fn] = args as [(tx: object) => unknown];
          return value.call(target, (tx: object) => fn(wrap(tx)));
        };
      },
    });
  return { storage: wrap(storage), calls };
}

/**
 * Loads every tenant through the engine: `importRegister({ data })` for the profile, people, groups
 * and reviews (one transaction), then `recordActivities` and `recordAlerts` in batches of
 * {@link BATCH}. Rows are the records stored; a shortfall against the workload is an error.
 */
export function engineLoadPhase(name: string, storage: StorageAdapter): EngineLoadPhase {
  const counted = countingStorage(storage);
  const sigreg = createSigreg({ storage: counted.storage, actor: "bench" });
  const setup = new Stopwatch();
  return {
    name,
    setup,
    calls: counted.calls,
    prepare: (tenant) => ({ inputs: inputsOf(tenant), rows: tenant.rows.length }),
    async work({ inputs, rows }, tenant) {
      const api = sigreg.tenant(tenant.id);
      const imported = await setup.time(() => api.importRegister({ data: inputs.setup }));
      if (imported.isErr()) fail(`${tenant.id}: importRegister`, imported.error);
      let stored = Object.values(imported.value).reduce((sum, counts) => sum + counts.created, 0);
      for (let start = 0; start < inputs.activities.length; start += BATCH) {
        const recorded = await api.recordActivities(inputs.activities.slice(start, start + BATCH));
        if (recorded.isErr()) fail(`${tenant.id}: recordActivities`, recorded.error);
        stored += recorded.value.inserted.length;
      }
      for (let start = 0; start < inputs.alerts.length; start += BATCH) {
        const recorded = await api.recordAlerts(inputs.alerts.slice(start, start + BATCH));
        if (recorded.isErr()) fail(`${tenant.id}: recordAlerts`, recorded.error);
        stored += recorded.value.inserted.length;
      }
      if (stored !== rows) throw new Error(`${tenant.id}: stored ${stored} rows, expected ${rows}`);
      return stored;
    },
  };
}

type Records = Map<Collection, { id: string; data: JsonObject }[]>;

/**
 * The same rows through the adapter's `insertMany`, one call per tenant and collection. `"one"`
 * (the load the target applies to): every call in one `storage.transaction`, opened before the
 * first tenant and committed after the last, as the baselines load in one transaction; `"tenant"`
 * (a diagnostic): one transaction per tenant, which adds a commit — a synchronous WAL flush — per
 * tenant.
 */
export function insertManyPhase(
  name: string,
  storage: StorageAdapter,
  transactions: "one" | "tenant",
): PhaseSpec<Records> {
  const insertAll = async (tx: StorageOperations, byCollection: Records, tenant: string) => {
    let inserted = 0;
    for (const [collection, records] of byCollection)
      inserted += (await tx.insertMany({ tenant, collection, records })).inserted.length;
    return inserted;
  };
  const prepare = (tenant: TenantRows) => {
    const byCollection: Records = new Map();
    for (const [collection, id, data] of tenant.rows) {
      const list = byCollection.get(collection) ?? [];
      if (list.length === 0) byCollection.set(collection, list);
      list.push({ id, data });
    }
    return byCollection;
  };
  if (transactions === "tenant")
    return {
      name,
      prepare,
      work: (byCollection, tenant) =>
        storage.transaction((tx) => insertAll(tx, byCollection, tenant.id)),
    };
  let open: { tx: StorageOperations; commit: () => void; done: Promise<void> } | undefined;
  return {
    name,
    async begin() {
      open = await new Promise((resolve, reject) => {
        let commit = () => {};
        const done = storage.transaction(
          (tx) =>
            new Promise<void>((release) => {
              commit = release;
              resolve({ tx, commit: () => commit(), done });
            }),
        );
        done.catch(reject);
      });
    },
    prepare,
    work(byCollection, tenant) {
      if (open === undefined) throw new Error(`${name}: no open transaction`);
      return insertAll(open.tx, byCollection, tenant.id);
    },
    async end() {
      open?.commit();
      await open?.done;
      open = undefined;
    },
  };
}

/** An evaluation phase, counting the findings (both ways of evaluating must agree). */
export interface EvaluationPhase<TPrepared> extends PhaseSpec<TPrepared> {
  readonly findings: () => number;
}

/**
 * `sigreg.evaluateAll({ asOf })` over every tenant in storage: each tenant's work is taking the
 * next evaluation from the one iterator (which reads the tenant, then evaluates it).
 */
export function evaluateAllPhase(name: string, storage: StorageAdapter): EvaluationPhase<null> {
  let iterator: AsyncIterator<
    { tenant: string; evaluation: Evaluation } | { tenant: string; error: SigregError }
  >;
  let findings = 0;
  return {
    name,
    findings: () => findings,
    begin() {
      iterator = createSigreg({ storage }).evaluateAll({ asOf: AS_OF })[Symbol.asyncIterator]();
    },
    prepare: () => null,
    async work(_, tenant) {
      const next = await iterator.next();
      if (next.done === true || next.value.tenant !== tenant.id)
        throw new Error(`evaluateAll: expected ${tenant.id} next`);
      if ("error" in next.value) fail(`${tenant.id}: evaluate`, next.value.error);
      findings += next.value.evaluation.findings.length;
      return tenant.rows.length;
    },
    async end() {
      if ((await iterator.next()).done !== true) throw new Error("evaluateAll: more tenants");
    },
  };
}

/** Core `evaluate` over the same registers in memory (building them is not timed). */
export function inMemoryPhase(): EvaluationPhase<Register> {
  let findings = 0;
  return {
    name: "in memory: core evaluate()",
    findings: () => findings,
    prepare: registerOf,
    work(register, tenant) {
      findings += evaluate(register, { asOf: AS_OF }).findings.length;
      return tenant.rows.length;
    },
  };
}

/**
 * Evaluates registers in memory until at least 200 evaluations were run, so that the JIT has
 * settled before anything is timed (at --quick, the first block alone would not be enough).
 */
export function warmUpEvaluate(file: WorkloadFile): void {
  const tenants = Math.min(100, file.offsets.length - 1);
  for (let done = 0; done < 200; done += tenants)
    for (const tenant of readTenants(file, 0, tenants))
      evaluate(registerOf(tenant), { asOf: AS_OF });
}

/** Two loads of the same workload compared row by row. */
export interface SameRows {
  /** Rows stored by the load. */
  rows: number;
  /** Rows missing on either side or with other data text. */
  differing: number;
}

/** One database, set up for every phase of the benchmark. */
export interface DatabaseUnderTest {
  name: string;
  /** Plain-driver loads of the same rows, each into tables of its own. */
  baselines: PhaseSpec[];
  /** The engine's load (a diagnostic), into the tables the evaluation reads. */
  engine: EngineLoadPhase;
  /** The adapter's insertMany in one transaction (the load target's phase), into tables of its own. */
  insertMany: PhaseSpec;
  /** The adapter's insertMany with one transaction per tenant (a diagnostic), into tables of its own. */
  insertManyPerTenant: PhaseSpec;
  /** The adapter the engine loaded (and evaluates from). */
  storage: StorageAdapter;
  /** Compares what the engine and the insertMany loads stored with the first baseline's rows. */
  sameRows(): Promise<{ engine: SameRows; insertMany: SameRows; insertManyPerTenant: SameRows }>;
  /** Closes everything, and removes the data unless told to keep it. */
  close(): Promise<void>;
}
