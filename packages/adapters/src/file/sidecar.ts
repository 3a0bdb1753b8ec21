import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Collection, EvidenceEntry, JsonObject, OutboxMessage } from "@sigreg/core";
import { RecentMap } from "./cache.js";
import { FILE_STORAGE_ERROR_CODES, FileStorageError } from "./errors.js";

/**
 * The files the adapter keeps next to a register, in `.<file name>.sigreg/`: what the register's
 * strict schema has no room for.
 * @internal
 */
export interface SidecarPaths {
  /** The sidecar directory. */
  directory: string;
  /** Versions and digests of the records, and the outbox: `state.json`. */
  state: string;
  /** The evidence log, one JSON entry per line, append-only: `evidence.jsonl`. */
  evidence: string;
  /** A commit in progress: `commit.json`, present only between a commit's first and last write. */
  journal: string;
  /** The lock directory other processes see: `lock`. */
  lock: string;
}

/** The sidecar of a register file. @internal */
export function sidecarOf(file: string): SidecarPaths {
  const directory = join(dirname(file), `.${basename(file)}.sigreg`);
  return {
    directory,
    state: join(directory, "state.json"),
    evidence: join(directory, "evidence.jsonl"),
    journal: join(directory, "commit.json"),
    lock: join(directory, "lock"),
  };
}

/** A record's version and the digest of its content when that version was written. @internal */
export interface RecordState {
  version: number;
  digest: string;
}

/** `state.json`: what the sidecar knows about the register whose text hashes to `registerSha256`. */
export interface SidecarState {
  /** Format of this file. */
  format: 1;
  /** SHA-256 (hex) of the register text this state was written with; `null`: no register file. */
  registerSha256: string | null;
  /** Version and digest per collection and record id. */
  records: Partial<Record<Collection, Record<string, RecordState>>>;
  /** Outbox messages of the tenant, in creation order. */
  outbox: OutboxMessage[];
  /** State documents (feed state, leases) by key; absent in files written before they existed. */
  documents?: Record<string, StoredDocument>;
}

/** A state document as `state.json` keeps it. */
export interface StoredDocument {
  /** Version, 1 on creation. */
  version: number;
  /** The document. */
  value: JsonObject;
}

/** `commit.json`: everything a commit writes, so that a crash is rolled forward or back. */
export interface Journal {
  /** SHA-256 of the register text the commit writes: the commit happened iff the file has it. */
  registerSha256: string | null;
  /** Evidence entries the commit appends. */
  evidence: EvidenceEntry[];
  /** The state the commit writes. */
  state: SidecarState;
}

/** Parsed sidecar files by path: the same text gives the same (shared, read-only) object. */
const parsed = new RecentMap<{ text: string; value: unknown }>();

async function readJson(file: string, check: (value: unknown) => boolean): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const cached = parsed.get(file);
  if (cached?.text === text) return cached.value;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!check(value))
    throw new FileStorageError(
      FILE_STORAGE_ERROR_CODES.SIDECAR_INVALID,
      file,
      `${file}: expected the JSON the sigreg file storage writes; remove the file to rebuild it from the register (versions restart at 1, queued outbox messages are lost)`,
    );
  parsed.set(file, { text, value });
  return value;
}

const isState = (value: unknown): value is SidecarState => {
  const state = value as SidecarState | undefined;
  return (
    state?.format === 1 &&
    typeof state.records === "object" &&
    state.records !== null &&
    Array.isArray(state.outbox)
  );
};

/** Reads `state.json`, or `undefined` when there is none; the object is shared, never mutate it. @internal */
export async function readState(paths: SidecarPaths): Promise<SidecarState | undefined> {
  return (await readJson(paths.state, isState)) as SidecarState | undefined;
}

/** Reads `commit.json`, or `undefined` when no commit is in progress. @internal */
export async function readJournal(paths: SidecarPaths): Promise<Journal | undefined> {
  return (await readJson(
    paths.journal,
    (value) => Array.isArray((value as Journal)?.evidence) && isState((value as Journal).state),
  )) as Journal | undefined;
}
