/**
 * Install check: packs every publishable package with `pnpm pack`, installs the tarballs with npm
 * into fresh scratch projects under a temporary directory, and checks what a user would do with
 * them — ESM `import` and CJS `require` of every entry point, a strict TypeScript consumer under
 * `moduleResolution` `node16` and `bundler`, the CLI's bin, and that importing `@sigreg/core`
 * loads no database, mail, HTTP or spreadsheet library. Needs built packages (`pnpm build`).
 *
 *   pnpm check:install            # all checks; exit code 1 when any fails
 *   pnpm check:install --keep     # keep the scratch directory for a look afterwards
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  cjsProbe,
  type Entry,
  esmProbe,
  HEAVY_PACKAGES,
  packageOf,
  RECORD_HOOK,
  RECORD_HOOKS,
  tsconfig,
  typeConsumer,
} from "./install-probes.js";

const ROOT = resolve(import.meta.dirname, "..");
const PACKAGES = ["packages/core", "packages/plugins", "packages/adapters", "packages/cli"];
const TYPESCRIPT = "typescript@~5.9.3";
const TYPES_NODE = "@types/node@^20.19.0";

interface Manifest {
  name: string;
  version: string;
  exports: Record<string, unknown>;
  bin?: Record<string, string>;
}

const failures: string[] = [];
const keep = process.argv.includes("--keep");
const scratch = mkdtempSync(join(tmpdir(), "sigreg-install-"));

function step(title: string): void {
  console.log(`\n--- ${title}`);
}

/** Runs a command, echoing its output; records a failure under `label` when it exits non-zero. */
function run(
  label: string,
  command: string,
  args: readonly string[],
  cwd: string,
  env = {},
): number {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 64 * 2 ** 20,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trimEnd();
  if (output !== "") console.log(output);
  const status = result.status ?? 1;
  if (result.error !== undefined || status !== 0) {
    failures.push(
      `${label}: \`${command} ${args.join(" ")}\` in ${cwd} exited ${result.error?.message ?? status}`,
    );
  }
  return status;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")) as Manifest;
}

/** Every entry a consumer can name: the package's `exports` keys, less `./package.json`. */
function entriesOf(manifest: Manifest): Entry[] {
  return Object.keys(manifest.exports)
    .filter((key) => key !== "./package.json")
    .map((key) => ({ specifier: manifest.name + key.slice(1), json: key.endsWith(".json") }));
}

/** A scratch project depending on every tarball (and `extra` registry packages), installed with npm. */
function scratchProject(
  name: string,
  tarballs: Record<string, string>,
  extra: readonly string[],
): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const dependencies = Object.fromEntries(
    Object.entries(tarballs).map(([pkg, file]) => [pkg, `file:${file}`]),
  );
  const manifest = { name: `scratch-${name}`, private: true, type: "module", dependencies };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  step(`install: ${name} (npm install ${Object.keys(tarballs).join(" ")} ${extra.join(" ")})`);
  run(
    `${name}: npm install`,
    "npm",
    ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", ...extra],
    dir,
  );
  return dir;
}

// ---------------------------------------------------------------------------
const manifests = PACKAGES.map(readManifest);
for (const dir of PACKAGES) {
  if (!existsSync(join(ROOT, dir, "dist"))) {
    console.error(`check-install: ${dir}/dist is missing: run 'pnpm build' first`);
    process.exit(1);
  }
}
console.log(`check-install: scratch directory ${scratch}`);

step("pack: pnpm pack");
const tarballDir = join(scratch, "tarballs");
mkdirSync(tarballDir);
const tarballs: Record<string, string> = {};
for (const [i, dir] of PACKAGES.entries()) {
  const manifest = manifests[i] as Manifest;
  const before = spawnSync("ls", [tarballDir], { encoding: "utf8" }).stdout.split("\n");
  run(
    `${manifest.name}: pnpm pack`,
    "pnpm",
    ["pack", "--pack-destination", tarballDir],
    join(ROOT, dir),
  );
  const made = spawnSync("ls", [tarballDir], { encoding: "utf8" })
    .stdout.split("\n")
    .find((file) => file !== "" && !before.includes(file));
  if (made === undefined) failures.push(`${manifest.name}: pnpm pack wrote no tarball`);
  else tarballs[manifest.name] = join(tarballDir, made);
}
if (failures.length > 0) finish();

const entries = manifests.flatMap(entriesOf);

// ---------------------------------------------------------------------------
const runtime = scratchProject("runtime", tarballs, []);
writeFileSync(join(runtime, "probe-esm.mjs"), esmProbe(entries));
writeFileSync(join(runtime, "probe-cjs.cjs"), cjsProbe(entries));
step("runtime: ESM import of every entry");
run("ESM import", "node", ["probe-esm.mjs"], runtime);
step("runtime: CJS require of every entry");
run("CJS require", "node", ["probe-cjs.cjs"], runtime);

step("runtime: what @sigreg/core requires on first use (date-fns, for parseAsOf)");
for (const [how, code] of [
  ["import", 'const { parseAsOf } = await import("@sigreg/core");'],
  ["require", 'const { parseAsOf } = require("@sigreg/core");'],
] as const) {
  const probe = `${code} const day = parseAsOf("2026-11-23T12:00:00+02:00"); if (day.isErr() || day.value.toISOString() !== "2026-11-23T10:00:00.000Z") throw new Error("parseAsOf: " + JSON.stringify(day));`;
  const args = [...(how === "import" ? ["--input-type=module"] : []), "-e", probe];
  if (run(`${how} @sigreg/core: parseAsOf`, "node", args, runtime) === 0)
    console.log(`ok    ${how} @sigreg/core: parseAsOf loads date-fns and parses`);
}

step("runtime: modules loaded by importing @sigreg/core");
writeFileSync(join(runtime, "record-hook.mjs"), RECORD_HOOK);
writeFileSync(join(runtime, "record-hooks.mjs"), RECORD_HOOKS);

/** The third-party packages node asked for while loading `specifier` with `import` or `require`. */
function packagesLoadedBy(specifier: string, how: "import" | "require"): Set<string> | undefined {
  const log = join(runtime, `loaded-${how}-${specifier.replaceAll("/", "_")}.log`);
  writeFileSync(log, "");
  const code =
    how === "import"
      ? `await import(${JSON.stringify(specifier)})`
      : `require(${JSON.stringify(specifier)})`;
  const args = [
    "--import",
    "./record-hook.mjs",
    ...(how === "import" ? ["--input-type=module"] : []),
    "-e",
    code,
  ];
  if (run(`load ${how} ${specifier}`, "node", args, runtime, { SIGREG_PROBE_LOG: log }) !== 0)
    return undefined;
  const lines = readFileSync(log, "utf8")
    .split("\n")
    .filter((line) => line !== "");
  return new Set(lines.map(packageOf).filter((name): name is string => name !== undefined));
}

for (const entry of entries.filter((e) => e.specifier.startsWith("@sigreg/core") && !e.json)) {
  for (const how of ["import", "require"] as const) {
    const loaded = packagesLoadedBy(entry.specifier, how);
    if (loaded === undefined) continue;
    const heavy = HEAVY_PACKAGES.filter((name) => loaded.has(name));
    const list = [...loaded]
      .filter((name) => name !== "@sigreg/core")
      .sort()
      .join(", ");
    if (heavy.length > 0) {
      failures.push(`${how} ${entry.specifier} loads ${heavy.join(", ")} (loaded: ${list})`);
      console.log(
        `FAIL  ${how} ${entry.specifier} loads ${heavy.join(", ")}; all packages loaded: ${list}`,
      );
    } else {
      console.log(`ok    ${how} ${entry.specifier} loads only: ${list}`);
    }
  }
}
// The recorder must be able to see a heavy library: @sigreg/plugins/fetch is built on undici.
const canary = packagesLoadedBy("@sigreg/plugins/fetch", "import");
if (canary !== undefined && !canary.has("undici")) {
  failures.push(
    "the module recorder did not see @sigreg/plugins/fetch load undici: the check above proves nothing",
  );
} else if (canary !== undefined) {
  console.log("ok    recorder sanity: it sees @sigreg/plugins/fetch load undici");
}

// ---------------------------------------------------------------------------
step("cli: the sigreg bin");
const cli = manifests.find((manifest) => manifest.bin !== undefined) as Manifest;
const version = spawnSync("npx", ["--no-install", "sigreg", "--version"], {
  cwd: runtime,
  encoding: "utf8",
});
if (version.status !== 0 || version.stdout.trim() !== cli.version) {
  failures.push(
    `npx sigreg --version: exit ${version.status}, printed "${version.stdout.trim()}${version.stderr.trim()}", expected "${cli.version}"`,
  );
} else console.log(`ok    npx sigreg --version → ${cli.version}`);
copyFileSync(join(ROOT, "examples/ai-company/register.yaml"), join(runtime, "register.yaml"));
const check = spawnSync(
  "npx",
  ["--no-install", "sigreg", "check", "register.yaml", "--as-of", "2026-11-23"],
  {
    cwd: runtime,
    encoding: "utf8",
  },
);
// Exit 1 means "findings" (the example register has deliberate gaps); 2 is a usage error, others a crash.
if ((check.status !== 0 && check.status !== 1) || !check.stdout.includes("Verdict:")) {
  failures.push(
    `npx sigreg check register.yaml: exit ${check.status}\n${check.stdout}${check.stderr}`,
  );
} else
  console.log(
    `ok    npx sigreg check register.yaml → exit ${check.status}, ${check.stdout.trim().split("\n").at(-1)}`,
  );

// ---------------------------------------------------------------------------
const types = scratchProject("types", tarballs, [TYPESCRIPT, TYPES_NODE]);
writeFileSync(join(types, "esm.mts"), typeConsumer(entries));
writeFileSync(join(types, "cjs.cts"), typeConsumer(entries));
writeFileSync(join(types, "bundler.ts"), typeConsumer(entries));
writeFileSync(
  join(types, "tsconfig.node16.json"),
  tsconfig("node16", "node16", ["esm.mts", "cjs.cts"]),
);
writeFileSync(join(types, "tsconfig.bundler.json"), tsconfig("esnext", "bundler", ["bundler.ts"]));
const tsc = join(types, "node_modules/typescript/bin/tsc");
step("types: tsc, moduleResolution node16 (an ESM .mts and a CJS .cts consumer)");
if (run("tsc node16", "node", [tsc, "-p", "tsconfig.node16.json"], types) === 0)
  console.log("ok    node16");
step("types: tsc, moduleResolution bundler");
if (run("tsc bundler", "node", [tsc, "-p", "tsconfig.bundler.json"], types) === 0)
  console.log("ok    bundler");

finish();

function finish(): never {
  if (!keep) rmSync(scratch, { recursive: true, force: true });
  else console.log(`\nscratch directory kept: ${scratch}`);
  if (failures.length > 0) {
    console.error(`\ncheck-install: FAILED (${failures.length})`);
    for (const failure of failures) console.error(`  - ${failure}`);
    process.exit(1);
  }
  console.log(
    `\ncheck-install: ${Object.keys(tarballs).length} packages, ${entries.length} entries: all checks passed`,
  );
  process.exit(0);
}
