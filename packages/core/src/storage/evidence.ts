import { createHash } from "node:crypto";
import { canonicalJson, digestOf } from "./canonical.js";
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
export type EvidenceProblemKind = "altered" | "missing" | "reordered" | "relinked" | "unrecorded";

/** The first problem found in a tenant's evidence. */
export interface EvidenceProblem {
  /** `altered`: an entry's content no longer matches its hash; `missing`: an entry was removed
   * (a gap in `seq`, or later entries renumbered to close it); `reordered`: entries are out of
   * their chained order; `relinked`: entry `seq + 1` does not chain to entry `seq` although both
   * match their hashes, so one of them was rewritten and its hash recomputed (entry 1 not chaining
   * to the start of the log is `relinked` at 1); `unrecorded`: a stored record's state is not the
   * one the log last recorded for it (changed behind the engine's back, or the entry that recorded
   * it was removed from the end of the log). */
  kind: EvidenceProblemKind;
  /** Sequence number of the first entry not vouched for, the one after `head` (for `unrecorded`,
   * of the last entry about the record). */
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
  /** Last entry's sequence number and hash (when the chain breaks, of the last entry vouched for):
   * anchor these outside the database to detect a truncated log, or one rewritten and rehashed to
   * its end. */
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
/**
 * How far around a broken link to look for the entry it points at (to tell a reorder from a
 * removal), and how many later numbers to try on a renumbered entry.
 */
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
  // The hash of the entry before the previous one: the head when the link to the previous breaks.
  let earlierHash = GENESIS_HASH;
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
      if (
        entry.seq !== expectedSeq ||
        hashEvidence(entry) !== entry.hash ||
        entry.prevHash !== previousHash
      ) {
        const problem = await diagnose(storage, tenant, entry, {
          expectedSeq,
          previousHash,
          recent,
          following: page.slice(index + 1),
        });
        // A broken link between two intact entries vouches for neither of them.
        const relinked = problem.kind === "relinked" && expectedSeq > 1;
        return {
          ok: false,
          entries: relinked ? count - 1 : count,
          head: relinked
            ? { seq: expectedSeq - 2, hash: earlierHash }
            : { seq: expectedSeq - 1, hash: previousHash },
          problem,
        };
      }
      visit?.(entry);
      count++;
      expectedSeq = entry.seq + 1;
      earlierHash = previousHash;
      previousHash = entry.hash;
      recent.push(entry.hash);
      if (recent.length > REORDER_WINDOW) recent.shift();
    }
    if (page.length < PAGE) break;
    afterSeq = page.at(-1)?.seq;
  }
  return { ok: true, entries: count, head: { seq: expectedSeq - 1, hash: previousHash } };
}

/** Where the walk stands when an entry does not follow: what it expected, and what it has seen. */
interface WalkPosition {
  expectedSeq: number;
  previousHash: string;
  /** Hashes of the last entries walked. */
  recent: readonly string[];
  /** The rest of the current page. */
  following: readonly EvidenceEntry[];
}

/**
 * Names what is wrong with an entry that does not follow the walk: its number first (a gap), then
 * its own hash (an edit, or a renumbering that a removal or a reorder left), then its link.
 */
async function diagnose(
  storage: Pick<StorageOperations, "listEvidence">,
  tenant: string,
  entry: EvidenceEntry,
  position: WalkPosition,
): Promise<EvidenceProblem> {
  const { expectedSeq, previousHash } = position;
  if (entry.seq > expectedSeq) {
    return {
      kind: "missing",
      seq: expectedSeq,
      message: `evidence entry ${expectedSeq} is missing: the log jumps from ${expectedSeq - 1} to ${entry.seq}`,
    };
  }
  if (entry.seq < expectedSeq) {
    return {
      kind: "reordered",
      seq: expectedSeq,
      message: `evidence entry ${expectedSeq} is out of order: after entry ${expectedSeq - 1}, the log holds another entry numbered ${entry.seq}`,
    };
  }
  const seq = entry.seq;
  if (hashEvidence(entry) !== entry.hash) {
    // Content and hash disagree. If they agree under a later number, only the number was changed:
    // entries before it were removed, or it was moved.
    const original = renumberedFrom(entry);
    if (original === undefined) {
      return {
        kind: "altered",
        seq,
        message: `evidence entry ${seq} was altered: its content no longer matches its hash`,
      };
    }
    const stored = `the entry stored as seq ${seq} is entry ${original} (its hash matches that number)`;
    if (await chainedElsewhere(storage, tenant, entry, position)) {
      return {
        kind: "reordered",
        seq,
        message: `evidence entry ${seq} is out of order: ${stored}, chained after another entry than ${seq - 1}`,
      };
    }
    const which =
      original - 1 === seq ? `entry ${seq} is` : `entries ${seq} to ${original - 1} are`;
    return {
      kind: "missing",
      seq,
      message: `evidence ${which} missing: ${stored}, renumbered to close the gap`,
    };
  }
  if (await chainedElsewhere(storage, tenant, entry, position)) {
    return {
      kind: "reordered",
      seq,
      message: `evidence entry ${seq} is out of order: it was chained after another entry than ${seq - 1}`,
    };
  }
  // Both entries match their hashes and the numbers run on, yet the link breaks: one of the two was
  // rewritten and its hash recomputed.
  if (previousHash === GENESIS_HASH) {
    return {
      kind: "relinked",
      seq,
      message: `evidence entry ${seq} does not chain to the start of the log: its link was changed and its hash recomputed`,
    };
  }
  return {
    kind: "relinked",
    seq: seq - 1,
    message: `evidence entry ${seq} does not chain to entry ${seq - 1} as stored: either entry ${seq - 1} was altered and its hash recomputed, or entry ${seq}'s link was changed; neither is vouched for`,
  };
}

/**
 * Whether an entry was chained after another entry than the previous one: one walked already, one
 * later in the page, or one up to the look-around window ahead (a reorder rather than an edit).
 */
async function chainedElsewhere(
  storage: Pick<StorageOperations, "listEvidence">,
  tenant: string,
  entry: EvidenceEntry,
  { previousHash, recent, following }: WalkPosition,
): Promise<boolean> {
  if (entry.prevHash === previousHash) return false;
  if (recent.includes(entry.prevHash)) return true;
  if (following.some((other) => other.hash === entry.prevHash)) return true;
  const ahead = await storage.listEvidence({ tenant, afterSeq: entry.seq, limit: REORDER_WINDOW });
  return ahead.some((other) => other.hash === entry.prevHash);
}

/**
 * The number an entry was hashed with, when its content matches its hash under one of the next
 * {@link REORDER_WINDOW} numbers: it was renumbered, not edited.
 */
function renumberedFrom(entry: EvidenceEntry): number | undefined {
  const { seq, at, actor, action, subject, before, after, prevHash } = entry;
  const text = canonicalJson({ seq, at, actor, action, subject, before, after, prevHash });
  // Canonical JSON sorts keys, so `seq` comes second to last, before `subject`: hash everything
  // before it once, and each candidate number with the short rest.
  const rest = (n: number) => `${n},"subject":${canonicalJson(subject)}}`;
  const marker = `,"seq":${rest(seq)}`;
  if (!text.endsWith(marker)) return undefined;
  const prefix = createHash("sha256").update(`${text.slice(0, -marker.length)},"seq":`);
  for (let candidate = seq + 1; candidate <= seq + REORDER_WINDOW; candidate++) {
    if (prefix.copy().update(rest(candidate)).digest("hex") === entry.hash) return candidate;
  }
  return undefined;
}
