/**
 * Benchmark: bulk-load 1,000,000 activities and 200,000 alerts for 1,000 tenants (× 40 groups, with
 * their profiles, people and reviews) into SQLite and into PostgreSQL through the SQL adapter (and,
 * as a diagnostic, through the engine), then evaluate every tenant from storage.
 *
 * Targets, per database:
 *  - loading through the adapter — the storage port's idempotent bulk insert, `insertMany`, one call
 *    per tenant and collection, all in one `storage.transaction` as a platform bulk-loads — runs at
 *    ≥ 0.5× the rows/s of the fastest plain-driver load of the same rows (same JSON text, same
 *    columns, a table made by the same migration) measured in the same run: a prepared INSERT loop
 *    in one transaction for SQLite; the best of COPY FROM STDIN, multi-row INSERT … VALUES and
 *    INSERT … SELECT FROM unnest, each in one transaction, for Postgres;
 *  - `sigreg.evaluateAll` from storage takes ≤ 3× core `evaluate` over the same registers in memory;
 *  - memory is flat as the data grows: in the insertMany and engine loads and in the evaluation,
 *    the heap retained after a full gc and the peak RSS over the second half of the tenants are
 *    ≤ 1.1× those over the first half (the peak heap, which moves with the gc's timing, is printed).
 *
 * Why the load target applies to `insertMany` and not to the engine: the issue (§7) asks for the
 * load "through the adapter" against a plain-driver load of the same rows. Before this change the
 * bench applied it to the engine's load instead (importRegister + recordActivities/recordAlerts),
 * which validates every event with zod, computes ids and evidence digests, and writes an evidence
 * entry and an outbox message per batch — work the plain driver does not do, so that ratio (about
 * 0.1×) measures the engine's bookkeeping, not the storage. The engine's load is still run and
 * printed, with its ratio and a split of its time per row, as a diagnostic.
 *
 * Why that load runs in one transaction: the baselines do (the issue names "a prepared insert loop in
 * one transaction"), and the adapter's load is compared with them row for row. The earlier bench
 * committed the adapter's load once per tenant, a synchronous WAL flush per tenant that the
 * baselines do not pay, so part of that ratio measured the disk's flushes rather than the adapter
 * (in a full run here, Postgres `insertMany` ran at 0.47× of COPY committed per tenant and 0.57× in
 * one transaction). The per-tenant load is still run and printed, with its ratio, as a diagnostic.
 *
 * Method: the workload is generated once (`generate.ts`, seeded) and written to a file, one line
 * of stored rows per tenant; every phase reads it back one tenant at a time, outside its timed
 * sections, so no phase holds more than one tenant and none pays the generator. The engine load is
 * per tenant `importRegister({ data })` (profile, people, groups, reviews: one transaction), then
 * `recordActivities` / `recordAlerts` in batches of 1,000 — with validation, evidence and outbox, as
 * a platform runs it. Rows are the rows of the records table (1,000 profiles, ~10k people, 40k
 * groups, ~4k reviews, 1.2M activities and alerts); every load is checked to store exactly the rows
 * of the baseline (same keys, same text). The `insertMany` loads hand the adapter, per tenant and
 * collection, the records as the engine would (`{ id, data }`, data as objects: serialising them is
 * the adapter's work, timed; the baselines get the JSON text made outside their timed sections).
 * Diagnostics: the engine's load, its CPU cost per event without a database, and an evaluation
 * split into reading, decoding and the rules, both on the first tenth of the tenants.
 *
 * Last figures (`npx tsx bench/index.ts --only=storage`, full size, 2 shared cores, load average
 * 3.7 at the start; then `--quick`, load average 3.9), SQLite / Postgres:
 *  - insertMany 0.72× / 0.65× the baseline (prepared INSERT loop 301,401 rows/s; COPY 171,749
 *    rows/s): met (`--quick` 0.69× / 0.54×); committed per tenant 0.66× / 0.59×; through the
 *    engine 0.11× / 0.11×;
 *  - evaluate from storage 8.17× / 17.56× in memory: not met (`--quick` 7.28× / 13.82×);
 *    `JSON.parse` of a tenant's stored documents alone costs about twice its in-memory evaluation
 *    (docs/storage.md#benchmark);
 *  - memory growth 0.98 / 1.08: met (`--quick` 1.09 / 1.03); peak RSS of the run 369 MiB.
 *
 * Flags: `--quick` (1/10 size), `--no-postgres` (SQLite only), `--cpu-profile` (V8 profiles of an
 * engine load and an evaluation on SQLite over the first tenth, in `.bench-out/`), `--keep` (keep
 * the databases: `.bench-out/storage/*.db` and the Postgres schema `sigreg_bench`).
 * Postgres: `SIGREG_PG_URL` (default postgres://postgres@127.0.0.1:5432/test).
 */
import { mkdirSync, rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { sqliteStorage } from "@sigreg/adapters/sql";
import { type BenchResult, int, ms, round, verdict, writeResult } from "./lib.js";
import { type EngineCpuCosts, engineCpuCosts, evaluationSplit, profile } from "./storage-costs.js";
import { storageWorkload, type WorkloadFile, writeWorkload } from "./storage-data.js";
import {
  type DatabaseUnderTest,
  engineLoadPhase,
  evaluateAllPhase,
  inMemoryPhase,
  warmUpEvaluate,
} from "./storage-engine.js";
import { BLOCKS, type PhaseResult, runInterleaved } from "./storage-phase.js";
import {
  checkSameRows,
  type DatabaseReport,
  databaseReport,
  type EvaluationResult,
  logPhase,
  skippedReport,
} from "./storage-report.js";
import { openPostgres } from "./storage-run-postgres.js";
import { openSqlite } from "./storage-run-sqlite.js";

const DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test";

/** Runs the benchmark; see the file comment for flags. */
export async function run(argv: readonly string[] = process.argv.slice(2)): Promise<BenchResult> {
  const quick = argv.includes("--quick");
  const keep = argv.includes("--keep");
  const workload = storageWorkload(quick ? 10 : 1);
  const log = (line: string) => console.log(line);
  const dir = new URL("../.bench-out/storage/", import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const [load1] = loadavg();
  log(
    `workload${quick ? " (--quick: 1/10)" : ""}: ${int(workload.tenants)} tenants × ${workload.groupsPerTenant} groups, ${int(workload.activities)} activities, ${int(workload.alerts)} alerts; node ${process.version}; ${availableParallelism()} CPUs, load average ${(load1 ?? 0).toFixed(2)}`,
  );
  const written = await timeAsync(() => writeWorkload(workload, `${dir}workload.ndjson`));
  const file = written.value;
  log(
    `rows: ${int(file.rows)} (${int(file.groups)} groups, ${int(file.activities)} activities, ${int(file.alerts)} alerts, and profiles, people, reviews; ${file.repeats} repeated events stored once); generated and written in ${ms(written.ms)} (not timed below)`,
  );
  log(
    `phases that are compared run interleaved in ${BLOCKS} blocks of tenants, alternating their order`,
  );

  const databases: DatabaseUnderTest[] = [];
  const reports: DatabaseReport[] = [];
  let costs: EngineCpuCosts;
  let inMemory: EvaluationResult;
  try {
    log("");
    log(
      `[sqlite] better-sqlite3, files in ${dir} (WAL, as sqliteStorage({ filename }) opens them)`,
    );
    databases.push(await openSqlite(dir, keep));
    if (!argv.includes("--no-postgres")) {
      const opened = await openPostgres(process.env.SIGREG_PG_URL ?? DEFAULT_PG_URL, keep, log);
      if ("skipped" in opened) {
        log(`[postgres] skipped: ${opened.skipped}`);
        reports.push(skippedReport("postgres", opened.skipped));
      } else databases.push(opened);
    }
    const loads = new Map<DatabaseUnderTest, PhaseResult[]>();
    for (const database of databases) {
      log("");
      log(`[${database.name}] loads`);
      const results = await runInterleaved(file, [
        ...database.baselines,
        database.engine,
        database.insertMany,
        database.insertManyPerTenant,
      ]);
      for (const result of results)
        logPhase(
          log,
          result,
          result.name === database.engine.name
            ? `of which importRegister (setup) ${ms(database.engine.setup.ms)}; storage calls per tenant: ${callsPerTenant(database.engine.calls, file)}`
            : "",
        );
      loads.set(database, results);
    }

    log("");
    log("evaluations (every tenant, interleaved)");
    warmUpEvaluate(file);
    const memoryPhase = inMemoryPhase();
    const evaluatePhases = databases.map((database) =>
      evaluateAllPhase(`${database.name}: sigreg.evaluateAll from storage`, database.storage),
    );
    const [memoryResult, ...evaluateResults] = await runInterleaved(file, [
      memoryPhase,
      ...evaluatePhases,
    ]);
    inMemory = { ...(memoryResult as PhaseResult), findings: memoryPhase.findings() };
    logPhase(log, inMemory, `${int(inMemory.findings)} findings`);
    costs = engineCpuCosts(file, sampleOf(file));
    log("");
    log(
      `engine CPU per event, no database (first ${costs.tenants} tenants, ${int(costs.events)} events): validate ${costs.validateUs} µs, toJson ${costs.toJsonUs} µs, recordIdOf ${costs.recordIdUs} µs, evidence digest ${costs.evidenceDigestUs} µs, JSON.stringify ${costs.stringifyUs} µs`,
    );
    for (const [i, database] of databases.entries()) {
      const phase = evaluatePhases[i];
      const evaluate = { ...(evaluateResults[i] as PhaseResult), findings: phase?.findings() ?? 0 };
      logPhase(log, evaluate, `${int(evaluate.findings)} findings`);
      if (evaluate.findings !== inMemory.findings)
        log(
          `  MISMATCH: ${evaluate.findings} findings from storage, ${inMemory.findings} in memory`,
        );
      const split = await evaluationSplit(file, database.storage, sampleOf(file));
      const sameRows = await database.sameRows();
      const results = loads.get(database) ?? [];
      const baselines = results.slice(0, database.baselines.length);
      const [engine, insertMany, insertManyPerTenant] = results.slice(
        database.baselines.length,
      ) as [PhaseResult, PhaseResult, PhaseResult];
      log("");
      log(`[${database.name}] checks`);
      checkSameRows(log, "engine load", sameRows.engine, file.rows);
      checkSameRows(log, "insertMany load", sameRows.insertMany, file.rows);
      checkSameRows(log, "insertMany load, per tenant", sameRows.insertManyPerTenant, file.rows);
      reports.push(
        databaseReport(
          database.name,
          {
            baselines,
            engine: {
              ...engine,
              setupMs: Math.round(database.engine.setup.ms),
              callsPerTenant: Object.fromEntries(
                [...database.engine.calls].map(([method, count]) => [
                  method,
                  round(count / (file.offsets.length - 1), 1),
                ]),
              ),
            },
            insertMany,
            insertManyPerTenant,
            sameRows,
            evaluate,
            split,
          },
          inMemory,
          { costs, eventShare: file.eventRows / file.rows },
          log,
        ),
      );
    }
    if (argv.includes("--cpu-profile")) await profileSqlite(file, dir, log);
  } finally {
    for (const database of databases) await database.close();
    if (keep) rmSync(file.path, { force: true });
    else rmSync(dir, { recursive: true, force: true });
  }

  const targets = reports.flatMap((report) => report.targets);
  log("");
  for (const target of targets) {
    log(
      `${target.name.padEnd(40)} ${target.value.toFixed(2)}  target ${target.kind === "min" ? "≥" : "≤"} ${target.limit}  ${verdict(target.pass)}`,
    );
  }
  const pass = reports.every((report) => report.ran) && targets.every((target) => target.pass);
  const out = writeResult("storage.json", {
    benchmark: "storage",
    date: new Date().toISOString(),
    node: process.version,
    quick,
    workload,
    rows: { ...file, path: undefined, offsets: undefined },
    loadAverage1m: load1,
    evaluateInMemory: inMemory,
    databases: reports,
    engineCpuPerEvent: costs,
    targets,
  });
  log(`results written to ${out}`);
  const summary = reports
    .map((report) =>
      report.ran
        ? `${report.name}: insertMany ${int(report.loadRowsPerSecond)} rows/s = ${report.loadRatio.toFixed(2)}× baseline (per tenant ${report.perTenantRatio.toFixed(2)}×, engine ${report.engineRatio.toFixed(2)}×); evaluate ${report.evaluateRatio.toFixed(2)}× in-memory`
        : `${report.name}: not run (${report.skipped})`,
    )
    .join("; ");
  return { name: "storage", pass, summary: `${int(file.rows)} rows; ${summary}` };
}

/** Tenants of the diagnostics: the first tenth. */
export function sampleOf(file: WorkloadFile): number {
  return Math.max(1, Math.floor((file.offsets.length - 1) / 10));
}

function callsPerTenant(calls: Map<string, number>, file: WorkloadFile): string {
  const tenants = file.offsets.length - 1;
  return [...calls]
    .sort((a, b) => b[1] - a[1])
    .map(([method, count]) => `${method} ${(count / tenants).toFixed(1)}`)
    .join(", ");
}

async function timeAsync<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** Profiles an engine load and an evaluation of the first tenth of the tenants on SQLite. */
async function profileSqlite(file: WorkloadFile, dir: string, log: (line: string) => void) {
  const sample: WorkloadFile = { ...file, offsets: file.offsets.slice(0, sampleOf(file) + 1) };
  const storage = sqliteStorage({ filename: `${dir}profile.db` });
  await storage.migrate();
  try {
    log("");
    log(`CPU profile: engine load of the first ${sampleOf(file)} tenants on SQLite`);
    const load = engineLoadPhase("profile", storage);
    let loaded: PhaseResult[] = [];
    for (const line of await profile("storage-load.cpuprofile", async () => {
      loaded = await runInterleaved(sample, [load]);
    }))
      log(line);
    log(`(timed: ${ms(loaded[0]?.ms ?? 0)})`);
    log("");
    log("CPU profile: evaluateAll of the same tenants from SQLite");
    let evaluated: PhaseResult[] = [];
    for (const line of await profile("storage-evaluate.cpuprofile", async () => {
      evaluated = await runInterleaved(sample, [evaluateAllPhase("profile", storage)]);
    }))
      log(line);
    log(`(timed: ${ms(evaluated[0]?.ms ?? 0)})`);
  } finally {
    await storage.close();
  }
}
