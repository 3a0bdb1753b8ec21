/**
 * Prints the functions with the most self time (and their total time) in a V8 `.cpuprofile`.
 *
 *   node --cpu-prof --cpu-prof-dir=.bench-out/prof --import tsx bench/index.ts --quick
 *   tsx bench/cpuprofile-top.ts .bench-out/prof/<file>.cpuprofile [top=30] [filter]
 *
 * `filter` keeps only frames whose URL contains it (e.g. `packages/core`).
 */
import { readFileSync } from "node:fs";

import { type CpuProfile, topFunctions } from "./lib.js";

const [file, topArg, filter] = process.argv.slice(2);
if (file === undefined) {
  console.error("usage: tsx bench/cpuprofile-top.ts <file.cpuprofile> [top] [url-filter]");
  process.exit(2);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;

for (const line of topFunctions(profile, top, filter)) console.log(line);
