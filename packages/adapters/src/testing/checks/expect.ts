import assert from "node:assert/strict";
import type {
  Collection,
  JsonObject,
  OutboxMessage,
  OutboxStatus,
  RecordKey,
  StorageConflict,
  StorageOperations,
} from "@sigreg/core";
import type { Result } from "neverthrow";
import type { ConformanceContext } from "../types.js";

/** The value of an ok result; fails the check, showing the error, otherwise. @internal */
export function expectOk<T, E>(result: Result<T, E>, what: string): T {
  if (result.isErr()) assert.fail(`${what}: expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** What a conflict must name. @internal */
export interface ExpectedConflict {
  tenant: string;
  collection: Collection | "evidence";
  id: string;
  expectedVersion: number;
  /** The version stored; checked when the adapter reports `actualVersion`. */
  actualVersion?: number;
}

/** Fails the check unless `result` is a `CONFLICT` naming the expected record. @internal */
export function expectConflict(
  result: Result<unknown, StorageConflict>,
  expected: ExpectedConflict,
  what: string,
): void {
  if (result.isOk()) assert.fail(`${what}: expected CONFLICT, got ok`);
  const error = result.error;
  assert.equal(error.code, "CONFLICT", `${what}: error code`);
  assert.equal(error.tenant, expected.tenant, `${what}: conflict names the tenant`);
  assert.equal(error.collection, expected.collection, `${what}: conflict names the collection`);
  assert.equal(error.id, expected.id, `${what}: conflict names the id`);
  assert.equal(
    error.expectedVersion,
    expected.expectedVersion,
    `${what}: conflict names the expected version`,
  );
  if (error.actualVersion !== undefined && expected.actualVersion !== undefined) {
    assert.equal(
      error.actualVersion,
      expected.actualVersion,
      `${what}: actualVersion, when given, is the version stored`,
    );
  }
}

/**
 * Checks what is stored under a key, through the adapter (`ops`, the adapter itself by default)
 * and, outside transactions, through the independent `readBack` when there is one. @internal
 */
export async function expectStored(
  context: ConformanceContext,
  key: RecordKey,
  expected: { version: number; data: JsonObject } | undefined,
  what: string,
  ops: StorageOperations = context.adapter,
): Promise<void> {
  const record = await ops.get(key);
  const label = `${what}: ${key.tenant}/${key.collection}/${key.id}`;
  if (expected === undefined) assert.equal(record, undefined, `${label} is absent`);
  else assert.deepEqual(record, { ...key, ...expected }, `${label} through get`);
  if (context.readBack === undefined || ops !== context.adapter) return;
  assert.deepEqual(await context.readBack(key), expected, `${label} through readBack`);
}

/** Every record of a collection, in pages of `pageSize`. @internal */
export async function listAll(
  ops: StorageOperations,
  tenant: string,
  collection: Collection,
  pageSize = 1000,
): Promise<Array<{ id: string; version: number; data: JsonObject }>> {
  const all: Array<{ id: string; version: number; data: JsonObject }> = [];
  let after: string | undefined;
  for (;;) {
    const page = await ops.list({
      tenant,
      collection,
      limit: pageSize,
      ...(after ? { after } : {}),
    });
    for (const { id, version, data } of page) all.push({ id, version, data });
    if (page.length < pageSize) return all;
    after = page.at(-1)?.id;
  }
}

/**
 * The check's own outbox messages in a status: their ids start with the check's prefix, so they
 * list together right after it, whatever else the outbox holds. @internal
 */
export async function ownMessages(
  context: ConformanceContext,
  status: OutboxStatus,
  ops: StorageOperations = context.adapter,
): Promise<OutboxMessage[]> {
  const page = await ops.listOutbox({ status, after: context.prefix, limit: 100 });
  return page.filter((message) => message.id.startsWith(`${context.prefix}-`));
}

/** The check's own tenants with a profile (see {@link ownMessages}). @internal */
export async function ownTenants(
  context: ConformanceContext,
  ops: StorageOperations = context.adapter,
): Promise<string[]> {
  const page = await ops.listTenants({ after: context.prefix, limit: 100 });
  return page.filter((tenant) => tenant.startsWith(`${context.prefix}-`));
}

/** An outbox message of the check, pending, with a payload. @internal */
export function message(context: ConformanceContext, n: number, tenant: string): OutboxMessage {
  return {
    id: `${context.prefix}-m${String(n).padStart(3, "0")}`,
    tenant,
    topic: "conformance.test",
    payload: { n, note: "payload ✓" },
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    status: "pending",
    attempts: 0,
  };
}
