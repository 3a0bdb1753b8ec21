import { ok, type Result } from "neverthrow";
import { recordDigest } from "../storage/evidence.js";
import { COLLECTIONS, type JsonObject } from "../storage/port.js";
import { streamRecords } from "../storage/stream.js";
import { commit } from "./commit.js";
import type { EngineContext } from "./context.js";
import type { SigregError } from "./types.js";
import { expectedStates } from "./verify.js";

/** What `attest` recorded, per collection: records whose state the log now vouches for. */
export type AttestSummary = Record<
  string,
  {
    /** Records whose current state was written to the evidence log. */
    attested: number;
    /** Records the log holds that are no longer stored, now recorded as removed. */
    removed: number;
  }
>;

/**
 * Records in the evidence log the current state of every record the log does not account for
 * (edited in the register file by hand, or written before the engine kept a log): one entry per
 * collection, listing each record's digest, attributed to the actor who vouches for it.
 * @internal
 */
export async function attestState(
  context: EngineContext,
  tenant: string,
  actor: string,
): Promise<Result<AttestSummary, SigregError>> {
  return commit(context, tenant, actor, async (w) => {
    const expected = await expectedStates(w.tx, tenant);
    const summary: AttestSummary = {};
    for (const collection of COLLECTIONS) {
      const records: JsonObject = {};
      let attested = 0;
      let removed = 0;
      for await (const record of streamRecords(w.tx, { tenant, collection })) {
        const key = `${collection}/${record.id}`;
        const digest = recordDigest(record.data);
        if (expected.get(key) !== digest) {
          records[record.id] = digest;
          attested++;
        }
        expected.delete(key);
      }
      for (const [key, digest] of expected)
        if (digest !== null && key.startsWith(`${collection}/`)) {
          records[key.slice(collection.length + 1)] = null;
          removed++;
        }
      if (attested + removed > 0) {
        w.attest(collection, records, attested);
        summary[collection] = { attested, removed };
      }
    }
    return ok(summary);
  });
}
