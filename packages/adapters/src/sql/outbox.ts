import type { JsonObject, OutboxMessage, OutboxStatus, StorageOperations } from "@sigreg/core";
import type { OutboxRow } from "./tables.js";
import type { Scope } from "./transaction.js";

/** Adds a message; inside a transaction it commits or rolls back with it. @internal */
export async function enqueue(
  scope: Scope,
  { message }: { message: OutboxMessage },
): Promise<void> {
  await scope.db
    .insertInto("outbox")
    .values({
      id: message.id,
      tenant: message.tenant,
      topic: message.topic,
      payload: JSON.stringify(message.payload),
      created_at: message.createdAt,
      status: message.status,
      attempts: message.attempts,
      last_error: message.lastError ?? null,
    })
    .execute();
}

/** Messages in a status, in id order, through the (status, id) index. @internal */
export async function listOutbox(
  scope: Scope,
  options: Parameters<StorageOperations["listOutbox"]>[0],
): Promise<OutboxMessage[]> {
  let query = scope.db.selectFrom("outbox").selectAll().where("status", "=", options.status);
  if (options.after !== undefined) query = query.where("id", ">", options.after);
  const rows = await query.orderBy("id").limit(options.limit).execute();
  return rows.map(toMessage);
}

/** Records a delivery attempt's outcome. @internal */
export async function updateOutbox(
  scope: Scope,
  options: Parameters<StorageOperations["updateOutbox"]>[0],
): Promise<void> {
  await scope.db
    .updateTable("outbox")
    .set({
      status: options.status,
      attempts: options.attempts,
      last_error: options.lastError ?? null,
    })
    .where("id", "=", options.id)
    .execute();
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    tenant: row.tenant,
    topic: row.topic,
    payload: JSON.parse(row.payload) as JsonObject,
    createdAt: row.created_at,
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
  };
}
