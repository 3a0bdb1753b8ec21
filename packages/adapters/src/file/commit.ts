import {
  COLLECTIONS,
  type Collection,
  canonicalJson,
  digestOf,
  type JsonObject,
} from "@sigreg/core";
import { removeJournal, writeAtomic } from "./atomic.js";
import { type RecordsAfter, writeRegister } from "./edit/write-register.js";
import { FILE_STORAGE_ERROR_CODES, FileStorageError } from "./errors.js";
import { appendEvidence } from "./evidence-log.js";
import type { HeldLock } from "./lock.js";
import { type RegisterEntries, readRegister } from "./read-register.js";
import type { Journal, RecordState, SidecarState } from "./sidecar.js";
import { rememberEntries, shaOf } from "./snapshot.js";
import type { WorkingCopy } from "./working-copy.js";

/**
 * Writes a working copy: the journal, then the register (atomically renamed into place: the
 * commit point), the evidence lines, `state.json`, and finally removes the journal. A crash at any
 * point leaves the register whole (old or new), and `recover` makes the sidecar agree with it.
 * @internal
 */
export async function commit(copy: WorkingCopy, lock: HeldLock): Promise<void> {
  if (!copy.dirty) return;
  const { snapshot } = copy;
  const text = copy.recordsChanged ? renderFaithfully(copy) : snapshot.text;
  const state: SidecarState = {
    format: 1,
    registerSha256: shaOf(text),
    records: versionsOf(copy),
    outbox: copy.outbox,
    ...(Object.keys(copy.documents).length === 0 ? {} : { documents: copy.documents }),
  };
  const journal: Journal = { registerSha256: state.registerSha256, evidence: copy.appended, state };
  lock.assertHeld();
  await writeAtomic(snapshot.paths.journal, JSON.stringify(journal));
  if (text !== undefined && text !== snapshot.text) await writeAtomic(snapshot.file, text);
  await appendEvidence(snapshot.paths.evidence, copy.appended);
  await writeAtomic(snapshot.paths.state, JSON.stringify(state));
  await removeJournal(snapshot.paths.journal);
}

function versionsOf(copy: WorkingCopy): SidecarState["records"] {
  const out: SidecarState["records"] = {};
  for (const collection of COLLECTIONS) {
    const records: Record<string, RecordState> = {};
    for (const [id, record] of copy.table(collection))
      records[id] = { version: record.version, digest: record.digest ?? digestOf(record.data) };
    if (Object.keys(records).length > 0) out[collection] = records;
  }
  return out;
}

/**
 * The new register text, checked by reading it back: edited field by field, or, should that not
 * read back exactly, entity by entity; never written when neither does.
 */
function renderFaithfully(copy: WorkingCopy): string {
  const { snapshot } = copy;
  const after = {} as Record<Collection, Map<string, JsonObject>>;
  for (const collection of COLLECTIONS)
    after[collection] = new Map(
      [...copy.table(collection)].map(([id, record]) => [id, record.data]),
    );
  let mismatch = "";
  for (const coarse of [false, true]) {
    try {
      const text = writeRegister({
        text: snapshot.text,
        format: snapshot.format,
        before: snapshot.entries,
        after,
        coarse,
      });
      const entries = readRegister(text, snapshot.file);
      mismatch = differenceOf(entries, after);
      if (mismatch === "") {
        rememberEntries(snapshot.file, text, entries);
        return text;
      }
    } catch (error) {
      mismatch = (error as Error).message;
    }
  }
  throw new FileStorageError(
    FILE_STORAGE_ERROR_CODES.WRITE_UNFAITHFUL,
    snapshot.file,
    `${snapshot.file}: the edited register would not read back as written (${mismatch}); nothing was written`,
  );
}

/** The first record whose content differs between what was read back and what was meant. */
function differenceOf(entries: RegisterEntries, after: RecordsAfter): string {
  for (const collection of COLLECTIONS) {
    const read = new Map(entries[collection].map((entry) => [entry.id, entry.data]));
    const meant = after[collection];
    for (const [id, data] of meant)
      if (canonicalJson(read.get(id)) !== canonicalJson(data)) return `${collection} "${id}"`;
    for (const id of read.keys()) if (!meant.has(id)) return `${collection} "${id}"`;
  }
  return "";
}
