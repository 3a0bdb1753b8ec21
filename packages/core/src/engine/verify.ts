import { type EvidenceVerification, recordDigest, walkEvidenceChain } from "../storage/evidence.js";
import { COLLECTIONS, type EvidenceEntry, type StorageOperations } from "../storage/port.js";
import { streamRecords } from "../storage/stream.js";

/** Options of `verifyEvidence`. */
export interface VerifyOptions {
  /**
   * Also check that every stored record is in the state the log last recorded for it, which catches
   * changes made behind the engine's back and entries removed from the end of the log. Holds one
   * digest per record in memory.
   * @default true
   */
  records?: boolean;
}

/**
 * Walks a tenant's evidence chain and, unless told not to, checks the stored records against it.
 * @internal
 */
export async function verifyTenantEvidence(
  storage: StorageOperations,
  tenant: string,
  options: VerifyOptions = {},
): Promise<EvidenceVerification> {
  const expected = new Map<string, { digest: string | null; seq: number }>();
  const visit = (entry: EvidenceEntry) => {
    for (const [key, digest] of statesRecordedBy(entry))
      expected.set(key, { digest, seq: entry.seq });
  };
  const chain = await walkEvidenceChain(
    storage,
    tenant,
    options.records === false ? undefined : visit,
  );
  if (!chain.ok || options.records === false) return chain;
  for (const collection of COLLECTIONS) {
    for await (const record of streamRecords(storage, { tenant, collection })) {
      const key = `${collection}/${record.id}`;
      const last = expected.get(key);
      expected.delete(key);
      if (last?.digest === recordDigest(record.data)) continue;
      return unrecorded(
        chain,
        collection,
        record.id,
        last?.seq ?? 0,
        last === undefined
          ? `${key} is stored but the evidence log never recorded it`
          : `${key} differs from its state recorded by evidence entry ${last.seq}`,
      );
    }
  }
  for (const [key, last] of expected) {
    if (last.digest === null) continue;
    const [collection = "", id = ""] = key.split("/");
    return unrecorded(
      chain,
      collection,
      id,
      last.seq,
      `${key} was recorded by evidence entry ${last.seq} but is no longer stored`,
    );
  }
  return chain;
}

/** The record states an entry vouches for, as `collection/id` → digest (`null`: removed). */
function statesRecordedBy(entry: EvidenceEntry): Array<[string, string | null]> {
  const { collection, id } = entry.subject;
  if (id !== "*")
    return [[`${collection}/${id}`, entry.after === null ? null : recordDigest(entry.after)]];
  const records = (entry.after?.records ?? {}) as Record<string, string | null>;
  return Object.entries(records).map(([recordId, digest]) => [`${collection}/${recordId}`, digest]);
}

/** The state the log last recorded for each record, as `collection/id` → digest. @internal */
export async function expectedStates(
  storage: StorageOperations,
  tenant: string,
): Promise<Map<string, string | null>> {
  const expected = new Map<string, string | null>();
  await walkEvidenceChain(storage, tenant, (entry) => {
    for (const [key, digest] of statesRecordedBy(entry)) expected.set(key, digest);
  });
  return expected;
}

function unrecorded(
  chain: EvidenceVerification,
  collection: string,
  id: string,
  seq: number,
  message: string,
): EvidenceVerification {
  return {
    ...chain,
    ok: false,
    problem: { kind: "unrecorded", seq, subject: { collection, id }, message },
  };
}
