import { digestOf } from "./canonical.js";
import type { EvidenceEntry, JsonObject, StorageOperations } from "./port.js";

/** `prevHash` of a tenant's first evidence entry. */
export const GENESIS_HASH = "0".repeat(64);

/** An evidence entry before it is numbered and chained. */
export type EvidenceDraft = Omit<EvidenceEntry, "seq" | "prevHash" | "hash">;

/** The hash of an entry: SHA-256 over every field but `hash`, in canonical JSON. */
export function hashEvidence(entry: Omit<EvidenceEntry, "hash">): string {
  const { seq, at, actor, action, subject, before, after, prevHash } = entry;
  return digestOf({ seq, at, actor, action, subject, before, after, prevHash });
}

/** Numbers and chains a draft after `previous` (the tenant's last entry, if any). */
export function chainEvidence(
  previous: EvidenceEntry | undefined,
  draft: EvidenceDraft,
): EvidenceEntry {
  const unhashed = {
    ...draft,
    seq: (previous?.seq ?? 0) + 1,
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: hashEvidence(unhashed) };
}

/** What `verifyEvidence` found wrong first. */
export type EvidenceProblemKind = "altered" | "missing" | "reordered" | "unrecorded";

/** The first problem found in a tenant's evidence. */
export interface EvidenceProblem {
  /** `altered`: an entry's content no longer matches its hash; `missing`: an entry was removed;
   * `reordered`: entries are out of their chained order; `unrecorded`: a stored record's state is
   * not the one the log last recorded for it (changed behind the engine's back, or the entry that
   * recorded it was removed from the end of the log). */
  kind: EvidenceProblemKind;
  /** Sequence number of the entry concerned (for `unrecorded`, of the last entry about the record). */
  seq: number;
  /** The record concerned, for `unrecorded`. */
  subject?: {
    /** Its collection. */
    collection: string;
    /** Its id. */
    id: string;
  };
  /** One sentence for people. */
  message: string;
}

/** The outcome of walking a tenant's evidence chain. */
export interface EvidenceVerification {
  /** `true` when no problem was found. */
  ok: boolean;
  /** Entries walked. */
  entries: number;
  /** Last entry's sequence number and hash: anchor these outside the database to detect truncation. */
  head: {
    /** Sequence number of the last entry (0 when the log is empty). */
    seq: number;
    /** Its hash. */
    hash: string;
  };
  /** The first problem, when `ok` is false. */
  problem?: EvidenceProblem;
}

/**
 * The digest an evidence entry records for a stored record's state: bulk entries list these per id
 * rather than copying every record.
 */
export function recordDigest(data: JsonObject): string {
  return digestOf(data);
}

const PAGE = 1000;
/** How far around a broken link to look for the entry it points at, to tell a reorder from a removal. */
const REORDER_WINDOW = 1000;

/**
 * Walks a tenant's evidence chain in pages and reports the first entry that was altered, removed
 * or reordered. Memory stays bounded by the page size and the look-around window.
 */
export async function walkEvidenceChain(
  storage: Pick<StorageOperations, "listEvidence">,
  tenant: string,
  visit?: (entry: EvidenceEntry) => void,
): Promise<EvidenceVerification> {
  let expectedSeq = 1;
  let previousHash = GENESIS_HASH;
  let count = 0;
  const recent: string[] = [];
  let afterSeq: number | undefined;
  for (;;) {
    const page = await storage.listEvidence({
      tenant,
      limit: PAGE,
      ...(afterSeq === undefined ? {} : { afterSeq }),
    });
    for (const [index, entry] of page.entries()) {
      const problem = checkLink(entry, expectedSeq, previousHash, recent, page.slice(index + 1));
      if (problem !== undefined) {
        const lookahead =
          problem.kind === "altered" || problem.kind === "missing"
            ? await classify(storage, tenant, entry, problem, recent)
            : problem;
        return {
          ok: false,
          entries: count,
          head: { seq: expectedSeq - 1, hash: previousHash },
          problem: lookahead,
        };
      }
      visit?.(entry);
      count++;
      expectedSeq = entry.seq + 1;
      previousHash = entry.hash;
      recent.push(entry.hash);
      if (recent.length > REORDER_WINDOW) recent.shift();
    }
    if (page.length < PAGE) break;
    afterSeq = page.at(-1)?.seq;
  }
  return { ok: true, entries: count, head: { seq: expectedSeq - 1, hash: previousHash } };
}

function checkLink(
  entry: EvidenceEntry,
  expectedSeq: number,
  previousHash: string,
  recent: readonly string[],
  following: readonly EvidenceEntry[],
): EvidenceProblem | undefined {
  if (entry.seq > expectedSeq) {
    return {
      kind: "missing",
      seq: expectedSeq,
      message: `evidence entry ${expectedSeq} is missing: the log jumps from ${expectedSeq - 1} to ${entry.seq}`,
    };
  }
  const intact = hashEvidence(entry) === entry.hash;
  if (intact && entry.prevHash === previousHash) return undefined;
  const pointsElsewhere =
    entry.prevHash !== previousHash &&
    (recent.includes(entry.prevHash) || following.some((other) => other.hash === entry.prevHash));
  if (pointsElsewhere) {
    return {
      kind: "reordered",
      seq: entry.seq,
      message: `evidence entry ${entry.seq} is out of order: it was chained after another entry than ${expectedSeq - 1}`,
    };
  }
  if (!intact && entry.prevHash === previousHash) {
    return {
      kind: "altered",
      seq: entry.seq,
      message: `evidence entry ${entry.seq} was altered: its content no longer matches its hash`,
    };
  }
  return {
    kind: "missing",
    seq: expectedSeq,
    message: `an evidence entry before ${entry.seq} is missing: it does not chain to entry ${expectedSeq - 1}`,
  };
}

/** A broken link whose target is further on than the current page is a reorder, not an edit. */
async function classify(
  storage: Pick<StorageOperations, "listEvidence">,
  tenant: string,
  entry: EvidenceEntry,
  problem: EvidenceProblem,
  recent: readonly string[],
): Promise<EvidenceProblem> {
  if (recent.includes(entry.prevHash) && problem.kind === "altered") return problem;
  const ahead = await storage.listEvidence({ tenant, afterSeq: entry.seq, limit: REORDER_WINDOW });
  if (ahead.some((other) => other.hash === entry.prevHash)) {
    return {
      kind: "reordered",
      seq: entry.seq,
      message: `evidence entry ${entry.seq} is out of order: it was chained after an entry that now comes later`,
    };
  }
  return problem;
}
