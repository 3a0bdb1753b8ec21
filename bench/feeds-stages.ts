/**
 * Where our feed parse spends its time beyond the bare tokenizer pass: the feeds bench's corpus
 * run through cumulative stages of `htmlparser2Parser`, interleaved in one process.
 *
 *   SIGREG_CORPUS=/work/shared/data npx tsx bench/feeds-stages.ts [rounds=20]
 *
 * Stages, each a pass over the whole corpus from its bytes:
 *  - text: `tokenizerText` alone (what the bare pass gives the tokenizer);
 *  - bare: the feeds bench's bare pass (`tokenizerText` + htmlparser2's Tokenizer, no-op callbacks);
 *  - walk: our tokenizer walk (`scanXml`, the element stack and close-tag pairing) with a
 *    collection that keeps nothing;
 *  - collect: `collectFeed`, the fields the mapping reads decoded and read as feedsmith reads them;
 *  - ours: the whole parse (`collect` + mapping to `FeedItem`s), as the feeds bench times it.
 * The differences between consecutive stages are what each step adds. Each round runs every
 * stage once untimed then once timed (CPU time of this process), rotating the order; medians of
 * the timed passes, and of the per-round ratio bare / ours (what the bench reports as
 * "ours vs bare parse"). A diagnostic, not a benchmark with a target.
 */
import { htmlparser2Parser } from "@sigreg/plugins";
import { scanFeedBytes, tokenizerText } from "../packages/plugins/src/feed/decode.js";
import { collectFeed } from "../packages/plugins/src/feed/stream-collect.js";
import { bareTokenize, scanXml, type XmlEvents } from "../packages/plugins/src/feed/xml-scan.js";
import { loadFeedCorpus } from "./feeds-parse.js";
import { median } from "./lib.js";

const root = process.env.SIGREG_CORPUS;
if (root === undefined) {
  console.error("SIGREG_CORPUS must point at the shared data (it holds feeds/)");
  process.exit(2);
}
const rounds = Number(process.argv[2] ?? 20);
const files = loadFeedCorpus(root);
const parser = htmlparser2Parser();
const keepNothing: XmlEvents = { start: () => false, open() {}, close() {} };

const stages: Record<string, () => void> = {
  text() {
    for (const file of files) tokenizerText(file.bytes);
  },
  bare() {
    for (const file of files) bareTokenize(tokenizerText(file.bytes));
  },
  walk() {
    for (const file of files) {
      const scanned = scanFeedBytes(file.bytes);
      if (scanned === undefined) scanXml(file.text, keepNothing);
      else scanXml(scanned.text, keepNothing, scanned.decode);
    }
  },
  collect() {
    for (const file of files) {
      const scanned = scanFeedBytes(file.bytes);
      if (scanned === undefined) collectFeed(file.text);
      else collectFeed(scanned.text, scanned.decode);
    }
  },
  ours() {
    for (const file of files) parser.parse({ body: file.bytes, source: file.name });
  },
};

const names = Object.keys(stages);
const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
for (let round = -1; round < rounds; round++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + Math.max(round, 0)) % names.length] as string;
    const stage = stages[name] as () => void;
    stage();
    const start = process.cpuUsage();
    stage();
    const used = process.cpuUsage(start);
    if (round >= 0) samples[name]?.push((used.user + used.system) / 1000);
  }
}
const ms = (name: string) => median(samples[name] as number[]);
const ratio = median(
  (samples.bare as number[]).map((bare, i) => bare / ((samples.ours as number[])[i] as number)),
);
console.log(`${files.length} documents, ${rounds} rounds; median CPU ms per pass over the corpus:`);
for (const name of names) console.log(`  ${name.padEnd(8)} ${ms(name).toFixed(1).padStart(7)} ms`);
console.log(
  `  walk − bare ${(ms("walk") - ms("bare")).toFixed(1)} ms, collect − walk ${(ms("collect") - ms("walk")).toFixed(1)} ms, ours − collect ${(ms("ours") - ms("collect")).toFixed(1)} ms; bare / ours ${ratio.toFixed(2)}×`,
);
