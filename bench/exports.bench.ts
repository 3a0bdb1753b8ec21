/**
 * Benchmark: every exporter on a register holding CISA's whole KEV catalog as alerts (1,404 alerts
 * in the 2025-08-25 catalog, one group), so that OSCAL, CSV and XLSX run over real text of a real
 * size rather than over generated strings.
 *
 * Target: each export of this register takes under 2 s (median). Method: the register is parsed
 * and evaluated once, outside any timed region; each exporter then runs once to warm up and
 * `--reps` (default 5) times, with a full gc before each sample; the median is reported with the
 * output's size. Needs `SIGREG_CORPUS` (the shared reference data); without it the benchmark
 * reports that it could not run.
 *
 *   SIGREG_CORPUS=/work/shared/data pnpm bench --only=exports
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { xlsxExporter } from "@sigreg/adapters/xlsx";
import { builtInExporters, evaluate, registerSchema } from "@sigreg/core";
import { type BenchResult, collect, int, median, ms } from "./lib.js";

const TARGET_MS = 2000;

interface KevEntry {
  cveID: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  shortDescription: string;
  dateAdded: string;
}

/** Runs the benchmark; see the file comment. */
export async function run(argv: readonly string[]): Promise<BenchResult> {
  const corpus = process.env.SIGREG_CORPUS;
  if (corpus === undefined)
    return { name: "exports", pass: false, summary: "not run: SIGREG_CORPUS is unset" };
  const reps = Number(argv.find((arg) => arg.startsWith("--reps="))?.slice(7) ?? 5);
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
  const input = { register, evaluation, generatedAt: new Date("2025-08-26T12:00:00Z") };
  console.log(
    `${int(register.alerts.length)} alerts, ${int(evaluation.findings.length)} findings; ${reps} reps`,
  );
  let slowest = 0;
  for (const exporter of [...builtInExporters, xlsxExporter()]) {
    await exporter.export(input);
    const samples: number[] = [];
    let size = 0;
    for (let rep = 0; rep < reps; rep++) {
      collect();
      const start = process.hrtime.bigint();
      const { content } = await exporter.export(input);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      size = typeof content === "string" ? Buffer.byteLength(content) : content.byteLength;
    }
    const value = median(samples);
    slowest = Math.max(slowest, value);
    console.log(`${exporter.id.padEnd(13)} median ${ms(value).padStart(10)}  ${int(size)} bytes`);
  }
  return {
    name: "exports",
    pass: slowest < TARGET_MS,
    summary: `slowest export ${ms(slowest)} for ${int(register.alerts.length)} alerts (target < ${TARGET_MS} ms)`,
  };
}
