/**
 * Benchmark: `createAuditPack` and `verifyAuditPack` on a register holding CISA's whole KEV catalog
 * as alerts (1,404 alerts in the 2025-08-25 catalog) and an evidence log of 20,000 entries (each
 * the triage of one of those alerts, its record before and after, chained as the engine chains
 * them), so that the ZIP carries real text of a real size.
 *
 * Target: making the pack and verifying it each take under 5 s (median). Method: the register is
 * parsed and evaluated and the log chained once, outside any timed region; each step then runs once
 * to warm up and `--reps` (default 3) times, with a full gc before each sample; the median is
 * reported with the pack's size. `--quick` uses 2,000 entries. Needs `SIGREG_CORPUS` (the shared
 * reference data); without it the benchmark reports that it could not run.
 *
 *   SIGREG_CORPUS=/work/shared/data pnpm bench --only=pack
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createAuditPack, verifyAuditPack } from "@sigreg/adapters/pack";
import {
  chainEvidence,
  type EvidenceEntry,
  evaluate,
  type JsonObject,
  registerSchema,
} from "@sigreg/core";
import { type BenchResult, collect, int, median, ms } from "./lib.js";

const TARGET_MS = 5000;

interface KevEntry {
  cveID: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  shortDescription: string;
  dateAdded: string;
}

async function timed<T>(reps: number, step: () => Promise<T>): Promise<{ value: number; last: T }> {
  let last = await step();
  const samples: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    collect();
    const start = process.hrtime.bigint();
    last = await step();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { value: median(samples), last };
}

/** Runs the benchmark; see the file comment. */
export async function run(argv: readonly string[]): Promise<BenchResult> {
  const corpus = process.env.SIGREG_CORPUS;
  if (corpus === undefined)
    return { name: "pack", pass: false, summary: "not run: SIGREG_CORPUS is unset" };
  const reps = Number(argv.find((arg) => arg.startsWith("--reps="))?.slice(7) ?? 3);
  const count = argv.includes("--quick") ? 2000 : 20_000;
  const file = join(corpus, "kev", "known_exploited_vulnerabilities.json");
  const entries = (JSON.parse(readFileSync(file, "utf8")) as { vulnerabilities: KevEntry[] })
    .vulnerabilities;
  const register = registerSchema.parse({
    organisation: { name: "KEV bench" },
    groups: [{ id: "cisa-kev", name: "CISA KEV", kind: "government-cert" }],
    alerts: entries.map((entry) => ({
      id: entry.cveID,
      group: "cisa-kev",
      title: `${entry.vendorProject} ${entry.product}: ${entry.vulnerabilityName}. ${entry.shortDescription}`,
      received: entry.dateAdded,
      url: `https://nvd.nist.gov/vuln/detail/${entry.cveID}`,
    })),
  });
  const evaluation = evaluate(register, { asOf: new Date("2025-08-26T00:00:00Z") });
  const log: EvidenceEntry[] = [];
  for (let index = 0; index < count; index++) {
    const alert = register.alerts[index % register.alerts.length];
    const before = JSON.parse(JSON.stringify(alert)) as JsonObject;
    log.push(
      chainEvidence(log.at(-1), {
        at: new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString(),
        actor: "analyst",
        action: "alert.triage",
        subject: { collection: "alerts", id: String(before.id) },
        before,
        after: { ...before, state: "shared", sharedTo: ["#threat-intel"] },
      }),
    );
  }
  const input = {
    register,
    evaluation,
    generatedAt: new Date("2025-08-26T12:00:00Z"),
    tenant: "bench",
    evidence: log,
  };
  console.log(
    `${int(register.alerts.length)} alerts, ${int(log.length)} evidence entries; ${reps} reps`,
  );
  const made = await timed(reps, async () => (await createAuditPack(input))._unsafeUnwrap());
  const bytes = made.last.bytes;
  const checked = await timed(reps, async () => (await verifyAuditPack(bytes))._unsafeUnwrap());
  if (!checked.last.ok)
    throw new Error(`the pack does not verify: ${checked.last.problem?.message}`);
  const sizes = made.last.manifest.files.map((entry) => `${entry.path} ${int(entry.size)}`);
  console.log(
    `createAuditPack median ${ms(made.value).padStart(10)}  ${int(bytes.byteLength)} bytes zipped`,
  );
  console.log(`verifyAuditPack median ${ms(checked.value).padStart(10)}`);
  console.log(`files (bytes unzipped): ${sizes.join(", ")}`);
  const slowest = Math.max(made.value, checked.value);
  return {
    name: "pack",
    pass: slowest < TARGET_MS,
    summary: `pack ${ms(made.value)}, verify ${ms(checked.value)} for ${int(register.alerts.length)} alerts and ${int(log.length)} evidence entries, ${int(bytes.byteLength)} bytes (target < ${TARGET_MS} ms each)`,
  };
}
