import type {
  ClaimOutboxOptions,
  JsonObject,
  OutboxMessage,
  OutboxStatus,
  SettleOutboxOptions,
  StorageOperations,
} from "@sigreg/core";
import type { ExpressionBuilder, Kysely } from "kysely";
import type { OutboxRow, SigregDatabase } from "./tables.js";
import { runInTransaction, type Scope } from "./transaction.js";

/** Adds a message; inside a transaction it commits or rolls back with it. @internal */
export async function enqueue(
  scope: Scope,
  { message, ifAbsent }: { message: OutboxMessage; ifAbsent?: boolean },
): Promise<boolean> {
  let insert = scope.db.insertInto("outbox").values({
    id: message.id,
    tenant: message.tenant,
    topic: message.topic,
    payload: JSON.stringify(message.payload),
    created_at: message.createdAt,
    status: message.status,
    attempts: message.attempts,
    last_error: message.lastError ?? null,
    available_at: message.availableAt ?? null,
  });
  if (ifAbsent === true)
    insert =
      scope.dialect === "mysql"
        ? insert.ignore()
        : insert.onConflict((conflict) => conflict.column("id").doNothing());
  const result = await insert.executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 1) > 0;
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

/** An operator's change of status: clears the lease and the retry time. @internal */
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
      available_at: null,
      lease_owner: null,
      lease_until: null,
    })
    .where("id", "=", options.id)
    .execute();
}

/**
 * Leases due messages. Postgres locks the chosen rows with `FOR UPDATE SKIP LOCKED` and updates
 * them in one statement, so concurrent workers skip each other's rows instead of waiting; MySQL
 * (8.0+, MariaDB 10.6+) does the same in a transaction of its own; SQLite has one writer at a
 * time, so a transaction that selects then updates is already exclusive.
 * @internal
 */
export async function claimOutbox(
  scope: Scope,
  options: ClaimOutboxOptions,
): Promise<OutboxMessage[]> {
  if (options.limit < 1) return [];
  if (scope.dialect === "postgres") return (await claimPostgres(scope.db, options)).sort(byId);
  const claim = (db: Kysely<SigregDatabase>) =>
    claimInTransaction(db, options, scope.dialect === "mysql");
  const rows =
    scope.state === undefined ? await runInTransaction(scope, claim) : await claim(scope.db);
  return rows.sort(byId);
}

async function claimPostgres(
  db: Kysely<SigregDatabase>,
  { worker, now, leaseUntil, limit, tenant }: ClaimOutboxOptions,
): Promise<OutboxMessage[]> {
  const due = db
    .selectFrom("outbox")
    .select("id")
    .where((eb) => claimable(eb, now, tenant))
    .orderBy("id")
    .limit(limit)
    .forUpdate()
    .skipLocked();
  const rows = await db
    .updateTable("outbox")
    .set({ lease_owner: worker, lease_until: leaseUntil })
    .where("id", "in", due)
    .returningAll()
    .execute();
  return rows.map(toMessage);
}

async function claimInTransaction(
  db: Kysely<SigregDatabase>,
  { worker, now, leaseUntil, limit, tenant }: ClaimOutboxOptions,
  skipLocked: boolean,
): Promise<OutboxMessage[]> {
  let select = db
    .selectFrom("outbox")
    .select("id")
    .where((eb) => claimable(eb, now, tenant))
    .orderBy("id")
    .limit(limit);
  if (skipLocked) select = select.forUpdate().skipLocked();
  const ids = (await select.execute()).map((row) => row.id);
  if (ids.length === 0) return [];
  await db
    .updateTable("outbox")
    .set({ lease_owner: worker, lease_until: leaseUntil })
    .where("id", "in", ids)
    .execute();
  const rows = await db.selectFrom("outbox").selectAll().where("id", "in", ids).execute();
  return rows.map(toMessage);
}

function claimable(
  eb: ExpressionBuilder<SigregDatabase, "outbox">,
  now: string,
  tenant: string | undefined,
) {
  return eb.and([
    ...(tenant === undefined ? [] : [eb("tenant", "=", tenant)]),
    eb("status", "=", "pending"),
    eb.or([eb("available_at", "is", null), eb("available_at", "<=", now)]),
    eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", now)]),
  ]);
}

/**
 * Settles an attempt with one conditional UPDATE: pending, and still leased to the worker unless
 * it records a delivery. @internal
 */
export async function settleOutbox(scope: Scope, options: SettleOutboxOptions): Promise<boolean> {
  const sent = options.status === "sent";
  let update = scope.db
    .updateTable("outbox")
    .set({
      status: options.status,
      attempts: options.attempts,
      last_error: options.lastError ?? null,
      available_at: options.status === "pending" ? (options.availableAt ?? null) : null,
      lease_owner: null,
      lease_until: null,
      delivered_at: sent ? (options.deliveredAt ?? null) : null,
      receipt: sent && options.receipt !== undefined ? JSON.stringify(options.receipt) : null,
    })
    .where("id", "=", options.id)
    .where("status", "=", "pending");
  if (!sent) update = update.where("lease_owner", "=", options.worker);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

const byId = (a: OutboxMessage, b: OutboxMessage) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function toMessage(row: OutboxRow): OutboxMessage {
  const message: OutboxMessage = {
    id: row.id,
    tenant: row.tenant,
    topic: row.topic,
    payload: JSON.parse(row.payload) as JsonObject,
    createdAt: row.created_at,
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
  };
  if (row.last_error !== null) message.lastError = row.last_error;
  if (row.available_at !== null) message.availableAt = row.available_at;
  if (row.lease_owner !== null) message.leaseOwner = row.lease_owner;
  if (row.lease_until !== null) message.leaseUntil = row.lease_until;
  if (row.delivered_at !== null) message.deliveredAt = row.delivered_at;
  if (row.receipt !== null) message.receipt = JSON.parse(row.receipt) as JsonObject;
  return message;
}
