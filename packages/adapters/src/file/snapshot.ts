import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import {
  COLLECTIONS,
  type Collection,
  digestOf,
  type EvidenceEntry,
  type JsonObject,
  type OutboxMessage,
} from "@sigreg/core";
import { RecentMap } from "./cache.js";
import { FILE_STORAGE_ERROR_CODES, FileStorageError } from "./errors.js";
import { readEvidence } from "./evidence-log.js";
import { type RegisterEntries, readRegister } from "./read-register.js";
import {
  type Journal,
  readJournal,
  readState,
  type SidecarPaths,
  type SidecarState,
  type StoredDocument,
  sidecarOf,
} from "./sidecar.js";

/** A record as loaded: its content, version and digest. @internal */
export interface LoadedRecord {
  data: JsonObject;
  version: number;
  digest: string;
}

/** A tenant's register and sidecar, read consistently. @internal */
export interface TenantSnapshot {
  tenant: string;
  /** The register file. */
  file: string;
  format: "yaml" | "json";
  paths: SidecarPaths;
  /** The register text; `undefined` when the file does not exist. */
  text: string | undefined;
  /** The register's entities, in file order. */
  entries: RegisterEntries;
  /** Records by collection and id, in file order. */
  records: Record<Collection, Map<string, LoadedRecord>>;
  outbox: readonly OutboxMessage[];
  /** State documents by key. */
  documents: Readonly<Record<string, StoredDocument>>;
  /** Evidence entries ordered by `seq` (shared: copy before handing out). */
  evidence: readonly EvidenceEntry[];
}

/** SHA-256 of register text, hex; `null` for no file. @internal */
export function shaOf(text: string | undefined): string | null {
  return text === undefined ? null : createHash("sha256").update(text).digest("hex");
}

/** Reads a register file's text; `undefined` when there is none. @internal */
export async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    const reason = code === "EISDIR" ? "it is a directory" : (error as Error).message;
    throw new FileStorageError(
      FILE_STORAGE_ERROR_CODES.FILE_UNREADABLE,
      file,
      `${file}: expected a readable register file: ${reason} [FILE_UNREADABLE]`,
    );
  }
}

/** The sidecar state that belongs to `text`, and the evidence a pending commit adds. @internal */
export interface Consistent {
  text: string | undefined;
  state: SidecarState | undefined;
  pending: readonly EvidenceEntry[];
}

const NONE: readonly EvidenceEntry[] = [];

/**
 * Reads the register text and the sidecar state that goes with it, without needing the lock: a
 * commit in progress is seen through its journal, and a read that raced a commit is read again.
 * @internal
 */
export async function readConsistent(
  file: string,
  paths: SidecarPaths,
  locked = false,
): Promise<Consistent> {
  let text = await readText(file);
  for (let attempt = 1; ; attempt++) {
    const sha = shaOf(text);
    const journal: Journal | undefined = await readJournal(paths);
    if (journal !== undefined && journal.registerSha256 === sha)
      return { text, state: journal.state, pending: journal.evidence };
    const state = await readState(paths);
    if (state === undefined || state.registerSha256 === sha || locked || attempt >= 10)
      return { text, state, pending: NONE };
    // The state was written with other text: either the file was edited by hand (it reads the
    // same again) or a commit finished between the two reads (it now reads as the new text).
    const again = await readText(file);
    if (again === text) return { text, state, pending: NONE };
    text = again;
  }
}

const parsedTexts = new RecentMap<{
  text: string;
  entries: RegisterEntries;
  digests: string[][];
}>();

/** Entries of a register text, parsed once per distinct text of each file. */
function entriesOf(file: string, text: string | undefined) {
  if (text === undefined) return { entries: emptyEntries(), digests: [] as string[][] };
  const cached = parsedTexts.get(file);
  if (cached?.text === text) return cached;
  const entries = readRegister(text, file);
  const digests = COLLECTIONS.map((collection) =>
    entries[collection].map((entry) => digestOf(entry.data)),
  );
  const parsed = { text, entries, digests };
  parsedTexts.set(file, parsed);
  return parsed;
}

/** Entries with no entity. @internal */
export function emptyEntries(): RegisterEntries {
  return Object.fromEntries(COLLECTIONS.map((c) => [c, []])) as unknown as RegisterEntries;
}

/** Remembers the entries of a text just written and checked, to spare the next read a parse. @internal */
export function rememberEntries(file: string, text: string, entries: RegisterEntries): void {
  const digests = COLLECTIONS.map((collection) =>
    entries[collection].map((entry) => digestOf(entry.data)),
  );
  parsedTexts.set(file, { text, entries, digests });
}

/**
 * Builds a tenant's snapshot from consistent reads. A record's version is the sidecar's; when the
 * record's content no longer has the sidecar's digest (the file was edited by hand), it is one
 * more, so that a writer holding the old version gets a conflict. A record the sidecar does not
 * know is at version 1.
 * @internal
 */
export async function snapshotOf(
  tenant: string,
  file: string,
  consistent: Consistent,
): Promise<TenantSnapshot> {
  const paths = sidecarOf(file);
  const logged = await readEvidence(paths.evidence);
  // Reads keep coming back to the same files: reuse the snapshot while none of them changed.
  const cached = snapshots.get(file);
  if (
    cached !== undefined &&
    cached.snapshot.tenant === tenant &&
    cached.snapshot.text === consistent.text &&
    cached.state === consistent.state &&
    cached.pending === consistent.pending &&
    cached.logged === logged
  )
    return cached.snapshot;
  const snapshot = build(tenant, file, consistent, logged);
  snapshots.set(file, { snapshot, state: consistent.state, pending: consistent.pending, logged });
  return snapshot;
}

interface CachedSnapshot {
  snapshot: TenantSnapshot;
  state: SidecarState | undefined;
  pending: readonly EvidenceEntry[];
  logged: readonly EvidenceEntry[];
}
const snapshots = new RecentMap<CachedSnapshot>();

function build(
  tenant: string,
  file: string,
  consistent: Consistent,
  logged: readonly EvidenceEntry[],
): TenantSnapshot {
  const paths = sidecarOf(file);
  const { entries, digests } = entriesOf(file, consistent.text);
  const known = consistent.state?.records ?? {};
  const records = {} as Record<Collection, Map<string, LoadedRecord>>;
  COLLECTIONS.forEach((collection, position) => {
    const map = new Map<string, LoadedRecord>();
    entries[collection].forEach((entry, index) => {
      if (map.has(entry.id)) return;
      const digest = digests[position]?.[index] ?? digestOf(entry.data);
      const stored = known[collection]?.[entry.id];
      const version =
        stored === undefined ? 1 : stored.digest === digest ? stored.version : stored.version + 1;
      map.set(entry.id, { data: entry.data, version, digest });
    });
    records[collection] = map;
  });
  const top = logged.at(-1)?.seq ?? 0;
  const pending = consistent.pending.filter((entry) => entry.seq > top);
  return {
    tenant,
    file,
    format: file.toLowerCase().endsWith(".json") ? "json" : "yaml",
    paths,
    text: consistent.text,
    entries,
    records,
    outbox: consistent.state?.outbox ?? [],
    documents: consistent.state?.documents ?? {},
    evidence: pending.length === 0 ? logged : [...logged, ...pending],
  };
}
