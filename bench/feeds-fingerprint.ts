/**
 * Fingerprint of `htmlparser2Parser().parse`'s output over the real feed corpus, to show that a
 * change to the parser keeps every result byte-identical (items, titles, summaries, dates, errors).
 *
 *   SIGREG_CORPUS=/work/shared/data npx tsx bench/feeds-fingerprint.ts          # overall hash
 *   SIGREG_CORPUS=/work/shared/data npx tsx bench/feeds-fingerprint.ts --each   # one hash a case
 *
 * It hashes (SHA-256) `JSON.stringify` of every parse result (the value, or the error's code and
 * message) for each corpus document given: as its bytes (the path `ingest` takes); as its bytes with
 * a `charset` in the Content-Type; as the text decoded whole (the string path); and as its bytes cut
 * at seven places (unterminated elements, fields and entities mid-way: the corners a byte-path or
 * early-stopping change could get wrong). Record the overall hash before a change; after it, the
 * hash must be the same.
 *
 * Recorded before the feed parse work of issue 5 §9 (2026-11-24, node 20):
 * overall 5c6fbf48c4b2063f0efb08a47f3bba716970b564931b8972c408322ced79d44e (450 parses)
 */
import { createHash } from "node:crypto";
import { htmlparser2Parser } from "@sigreg/plugins";
import { loadFeedCorpus } from "./feeds-parse.js";

const root = process.env.SIGREG_CORPUS;
if (root === undefined) {
  console.error("SIGREG_CORPUS must point at the shared data (it holds feeds/)");
  process.exit(2);
}
const each = process.argv.includes("--each");
const parser = htmlparser2Parser();
const overall = createHash("sha256");
let parses = 0;

function fingerprint(body: string | Uint8Array, source: string, contentType?: string): string {
  parses++;
  const result = parser.parse({ body, source, contentType });
  return result.isOk()
    ? JSON.stringify(result.value)
    : JSON.stringify({ error: result.error.code, message: result.error.message });
}

for (const file of loadFeedCorpus(root)) {
  const hash = createHash("sha256");
  const add = (value: string) => {
    hash.update(value);
    hash.update("\n");
  };
  add(fingerprint(file.bytes, file.name));
  add(fingerprint(file.bytes, file.name, "application/xml; charset=utf-8"));
  add(fingerprint(file.text, file.name));
  for (let cut = 1; cut <= 7; cut++)
    add(fingerprint(file.bytes.subarray(0, Math.floor((file.bytes.length * cut) / 8)), file.name));
  const digest = hash.digest("hex");
  overall.update(`${file.name} ${digest}\n`);
  if (each) console.log(`${digest}  ${file.name}`);
}
console.log(`overall ${overall.digest("hex")} (${parses} parses)`);
