/**
 * Benchmark: the weight of `@sigreg/core` for a user who installs it — the size of its main entry
 * bundled with its dependencies, minified and gzipped, and its cold import time in a fresh Node
 * process.
 *
 * Target: a cold `import("@sigreg/core")` under 100 ms on this machine (median). Method: the built
 * `packages/core/dist/index.js` (run `pnpm build` first) is bundled by esbuild (the one tsup
 * installs) with every dependency — including those core requires lazily on first use, which
 * esbuild cannot see — minified, for node, and gzipped at level 9 with zlib; the output
 * is not written anywhere. The import time is measured inside `--reps` (default 15) fresh node
 * processes each — `performance.now()` around one dynamic `import()`, so node's own start-up is not
 * counted — alternating with the same number of processes importing `zod` alone, the baseline:
 * zod is the largest dependency, so the difference is what sigreg adds on top of it.
 *
 *   pnpm bench --only=core
 *   pnpm bench --only=core --reps=31
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { type BenchResult, int, median, ms } from "./lib.js";

const TARGET_MS = 100;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CORE_DIR = join(ROOT, "packages/core");
const ENTRY = join(CORE_DIR, "dist/index.js");
/** What `@sigreg/core` loads with `requireLazily` (packages/core/src/util/lazy.ts). */
const LAZY = ["@date-fns/utc", "date-fns/isValid", "date-fns/parseISO"];

/** The part of esbuild's API used here (its types are not resolvable from the root either). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{
    outputFiles: { contents: Uint8Array }[];
    metafile: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
  }>;
}

/** The esbuild that tsup depends on (the root cannot name esbuild itself under pnpm). */
function loadEsbuild(): Esbuild {
  const fromTsup = createRequire(createRequire(join(ROOT, "package.json")).resolve("tsup"));
  return fromTsup("esbuild") as Esbuild;
}

/** Bundled, minified and gzipped sizes of the core entry, and the packages that weigh most in it. */
async function bundleSize(): Promise<{ minified: number; gzipped: number; heaviest: string[] }> {
  const esbuild = loadEsbuild();
  // The entry, plus what it requires lazily (util/lazy.ts), which esbuild cannot see: all of it is
  // what a user installs and loads.
  const contents = [ENTRY, ...LAZY]
    .map((spec, i) => `export * as m${i} from ${JSON.stringify(spec)};`)
    .join("\n");
  const result = await esbuild.build({
    stdin: { contents, resolveDir: CORE_DIR, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const byPackage = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(
        path,
      );
      const name = match?.[1] ?? "@sigreg/core";
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  const heaviest = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, bytes]) => `${name} ${kib(bytes)}`);
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, heaviest };
}

/** Milliseconds one fresh node process spends in `import(specifier)`, resolved from `packages/core`. */
function coldImport(specifier: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: CORE_DIR,
    encoding: "utf8",
  });
  return Number(out.trim());
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Runs the benchmark; see the file comment. */
export async function run(argv: readonly string[]): Promise<BenchResult> {
  if (!existsSync(ENTRY))
    return {
      name: "core",
      pass: false,
      summary: "not run: packages/core/dist is missing (pnpm build)",
    };
  const quick = argv.includes("--quick");
  const reps = Number(argv.find((arg) => arg.startsWith("--reps="))?.slice(7) ?? (quick ? 5 : 15));

  const size = await bundleSize();
  console.log(
    `bundle of @sigreg/core (dist/index.js + dependencies, esbuild --minify): ${int(size.minified)} B = ${kib(size.minified)}; gzip -9: ${int(size.gzipped)} B = ${kib(size.gzipped)}`,
  );
  console.log(`  heaviest in the minified bundle: ${size.heaviest.join(", ")}`);

  const core = pathToFileURL(ENTRY).href;
  coldImport(core); // one unmeasured run of each, so that the file system cache is warm for both
  coldImport("zod");
  const coreSamples: number[] = [];
  const zodSamples: number[] = [];
  for (let i = 0; i < reps; i++) {
    coreSamples.push(coldImport(core));
    zodSamples.push(coldImport("zod"));
  }
  const coreMs = median(coreSamples);
  const zodMs = median(zodSamples);
  const pass = coreMs < TARGET_MS;
  console.log(`cold import, median of ${reps} fresh node ${process.version} processes each:`);
  console.log(
    `  @sigreg/core  ${ms(coreMs)}  (min ${ms(Math.min(...coreSamples))}, max ${ms(Math.max(...coreSamples))})`,
  );
  console.log(
    `  zod alone     ${ms(zodMs)}  (baseline; min ${ms(Math.min(...zodSamples))}, max ${ms(Math.max(...zodSamples))})`,
  );
  console.log(`  sigreg adds   ${ms(coreMs - zodMs)} over its zod baseline`);
  console.log(
    `target: cold import under ${TARGET_MS} ms on this machine: ${pass ? "met" : "NOT met"}`,
  );
  return {
    name: "core",
    pass,
    summary: `${kib(size.gzipped)} min+gz (${kib(size.minified)} min); cold import ${ms(coreMs)} (zod alone ${ms(zodMs)}), target < ${TARGET_MS} ms ${pass ? "met" : "not met"}`,
  };
}
