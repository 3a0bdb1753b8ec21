import type {
  Collection,
  EvidenceEntry,
  JsonObject,
  StorageConflict,
  StorageOperations,
} from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { isLostRace } from "./conflicts.js";
import type { EvidenceRow } from "./tables.js";
import type { Scope } from "./transaction.js";

/** The tenant's entry with the highest sequence number. @internal */
export async function lastEvidence(
  scope: Scope,
  { tenant }: { tenant: string },
): Promise<EvidenceEntry | undefined> {
  const row = await scope.db
    .selectFrom("evidence")
    .selectAll()
    .where("tenant", "=", tenant)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : toEntry(row);
}

/** Entries after a sequence number, ascending. @internal */
export async function listEvidence(
  scope: Scope,
  options: Parameters<StorageOperations["listEvidence"]>[0],
): Promise<EvidenceEntry[]> {
  const rows = await scope.db
    .selectFrom("evidence")
    .selectAll()
    .where("tenant", "=", options.tenant)
    .where("seq", ">", options.afterSeq ?? 0)
    .orderBy("seq")
    .limit(options.limit)
    .execute();
  return rows.map(toEntry);
}

/**
 * Appends an entry; a taken sequence number is a `CONFLICT`. The primary key (tenant, seq) decides
 * the race, so two writers that both read the same last entry cannot both append after it.
 * @internal
 */
export async function appendEvidence(
  scope: Scope,
  { tenant, entry }: { tenant: string; entry: EvidenceEntry },
): Promise<Result<void, StorageConflict>> {
  const insert = scope.db.insertInto("evidence").values({
    tenant,
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject_collection: entry.subject.collection,
    subject_id: entry.subject.id,
    before: entry.before === null ? null : JSON.stringify(entry.before),
    after: entry.after === null ? null : JSON.stringify(entry.after),
    prev_hash: entry.prevHash,
    hash: entry.hash,
  });
  let appended: boolean;
  try {
    // As for records: Postgres and SQLite skip a taken key (a failed statement would abort a
    // Postgres transaction); MySQL reports it as a duplicate key that ends only the statement.
    const result =
      scope.dialect === "mysql"
        ? await insert.executeTakeFirst()
        : await insert.onConflict((conflict) => conflict.doNothing()).executeTakeFirst();
    appended = (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  } catch (error) {
    if (!isLostRace(scope, error)) throw error;
    appended = false;
  }
  if (appended) return ok(undefined);
  return err({
    code: "CONFLICT",
    tenant,
    collection: "evidence",
    id: String(entry.seq),
    expectedVersion: 0,
  });
}

function toEntry(row: EvidenceRow): EvidenceEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: { collection: row.subject_collection as Collection, id: row.subject_id },
    before: row.before === null ? null : (JSON.parse(row.before) as JsonObject),
    after: row.after === null ? null : (JSON.parse(row.after) as JsonObject),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
