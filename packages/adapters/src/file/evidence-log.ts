import { readFile, stat, truncate } from "node:fs/promises";
import type { EvidenceEntry } from "@sigreg/core";
import { appendDurable } from "./atomic.js";
import { RecentMap } from "./cache.js";
import { FILE_STORAGE_ERROR_CODES, FileStorageError } from "./errors.js";

interface Cached {
  key: string;
  entries: EvidenceEntry[];
}

/** Parsed logs by path, valid while the file's inode, size and modification time are unchanged. */
const cache = new RecentMap<Cached>();

async function fileKey(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file, { bigint: true });
    return `${info.ino}:${info.size}:${info.mtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * The entries of an evidence log, ordered by `seq`. A last line without its newline is a write a
 * crash cut short: it is not an entry (the commit that wrote it is rolled forward from its journal).
 * The array is shared: callers copy what they hand out.
 * @internal
 */
export async function readEvidence(file: string): Promise<readonly EvidenceEntry[]> {
  const key = await fileKey(file);
  if (key === undefined) return [];
  const cached = cache.get(file);
  if (cached?.key === key) return cached.entries;
  const text = await readFile(file, "utf8");
  const lines = text.split("\n");
  lines.pop();
  const entries = lines.map((line, index) => {
    try {
      return JSON.parse(line) as EvidenceEntry;
    } catch {
      throw new FileStorageError(
        FILE_STORAGE_ERROR_CODES.SIDECAR_INVALID,
        file,
        `${file}:${index + 1}: expected one JSON evidence entry per line`,
      );
    }
  });
  entries.sort((a, b) => a.seq - b.seq);
  cache.set(file, { key, entries });
  return entries;
}

/** Appends entries, one JSON line each, flushed to disk. @internal */
export async function appendEvidence(
  file: string,
  entries: readonly EvidenceEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const before = await fileKey(file);
  const cached = cache.get(file);
  await appendDurable(file, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(""));
  const after = await fileKey(file);
  if (cached !== undefined && cached.key === before && after !== undefined) {
    const merged = [...cached.entries, ...entries.map((entry) => structuredClone(entry))];
    merged.sort((a, b) => a.seq - b.seq);
    cache.set(file, { key: after, entries: merged });
  } else cache.delete(file);
}

/** Cuts a last line a crash left without its newline; returns whether there was one. @internal */
export async function repairTail(file: string): Promise<boolean> {
  let text: Buffer;
  try {
    text = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
  if (text.length === 0 || text[text.length - 1] === 0x0a) return false;
  await truncate(file, text.lastIndexOf(0x0a) + 1);
  cache.delete(file);
  return true;
}
