import { err, ok, type Result } from "neverthrow";
import { z } from "zod";
import type { Group, groupSchema } from "../model/group.js";
import type { Person, personSchema } from "../model/person.js";
import { fromJson, toJson } from "../storage/codec.js";
import { streamRecords } from "../storage/stream.js";
import { commit } from "./commit.js";
import type { EngineContext } from "./context.js";
import { loadKnownIds } from "./known.js";
import { findReference } from "./references.js";
import type { SigregError, Versioned, VersionedWriteOptions, WriteOptions } from "./types.js";
import {
  checkArguments,
  invalidInput,
  validateEntity,
  versionedWriteOptionsSchema,
  writeOptionsSchema,
} from "./validate.js";

/**
 * Reads and writes of one kind of entity that has its own id (groups, people). Writes take the
 * file's form (dates as ISO strings) or an entity as read (dates as `Date`). An argument of the
 * wrong type (an `id` that is not text, `options` that are not a mapping, an `actor` that is not
 * text, an `expectedVersion` that is not a whole number of 0 or more) is a `REGISTER_INVALID` at
 * `id`, `options`, `options.actor` or `options.expectedVersion`, and nothing is written.
 */
export interface EntityApi<TValue, TInput> {
  /** The entity with its version, or `undefined` (also for an `id` that is not text: no record has it). */
  get(id: string): Promise<Versioned<TValue> | undefined>;
  /** Every entity, streamed in id order. */
  list(): AsyncIterable<Versioned<TValue>>;
  /** Creates an entity; `CONFLICT` if the id is taken, `REGISTER_INVALID` for bad input. */
  create(
    input: TInput | TValue,
    options?: WriteOptions,
  ): Promise<Result<Versioned<TValue>, SigregError>>;
  /** Replaces an entity (same id); `NOT_FOUND`, `CONFLICT` on a stale `expectedVersion`. */
  update(
    input: TInput | TValue,
    options?: VersionedWriteOptions,
  ): Promise<Result<Versioned<TValue>, SigregError>>;
  /** Removes an entity nothing refers to; `REFERENCED` otherwise. */
  remove(id: string, options?: VersionedWriteOptions): Promise<Result<void, SigregError>>;
}

/** A group as given to `groups.create` / `groups.update`. */
export type GroupInput = z.input<typeof groupSchema>;
/** A person as given to `people.create` / `people.update`. */
export type PersonInput = z.input<typeof personSchema>;

/** @internal */
export function entityApi<TCollection extends "groups" | "people">(
  context: EngineContext,
  tenant: string,
  defaultActor: string,
  collection: TCollection,
): EntityApi<
  TCollection extends "groups" ? Group : Person,
  TCollection extends "groups" ? GroupInput : PersonInput
> {
  type TValue = TCollection extends "groups" ? Group : Person;
  const singular = collection === "groups" ? "group" : "person";
  const file = (operation: string) => `tenant ${tenant}: ${collection}.${operation}`;
  const wrap = (id: string, version: number, data: object): Versioned<TValue> => ({
    id,
    version,
    value: fromJson(collection, toJson(data)) as unknown as TValue,
  });

  const write = async (
    operation: "create" | "update",
    input: unknown,
    options: VersionedWriteOptions = {},
  ): Promise<Result<Versioned<TValue>, SigregError>> => {
    const invalid = checkArguments(file(operation), [
      [
        "options",
        operation === "create" ? writeOptionsSchema : versionedWriteOptionsSchema,
        options,
      ],
    ]);
    if (invalid !== undefined) return err(invalid);
    return commit(context, tenant, options.actor ?? defaultActor, async (w) => {
      const known = await loadKnownIds(w.tx, tenant, context.ruleIds, collection, [input]);
      const checked = validateEntity(
        collection,
        input,
        { file: file(operation), path: [singular] },
        known,
        context.checkExtensions,
      );
      if ("issues" in checked) return err(invalidInput(file(operation), checked.issues));
      const data = toJson(checked.value);
      const id = String(data.id);
      const current = await w.tx.get({ tenant, collection, id });
      if (operation === "update" && current === undefined)
        return err({ code: "NOT_FOUND" as const, tenant, collection, id });
      const expectedVersion =
        operation === "create" ? 0 : (options.expectedVersion ?? current?.version ?? 0);
      const written = await w.put(
        collection,
        id,
        data,
        expectedVersion,
        `${singular}.${operation}`,
        current?.data ?? null,
      );
      if (written.isErr()) return err(written.error);
      return ok(wrap(id, written.value.version, checked.value));
    });
  };

  return {
    async get(id) {
      if (typeof id !== "string") return undefined;
      const record = await context.storage.get({ tenant, collection, id });
      return record === undefined
        ? undefined
        : {
            id,
            version: record.version,
            value: fromJson(collection, record.data) as unknown as TValue,
          };
    },
    async *list() {
      for await (const record of streamRecords(context.storage, { tenant, collection }))
        yield {
          id: record.id,
          version: record.version,
          value: fromJson(collection, record.data) as unknown as TValue,
        };
    },
    create: (input, options) => write("create", input, options),
    update: (input, options) => write("update", input, options),
    async remove(id, options = {}) {
      const invalid = checkArguments(file("remove"), [
        ["id", z.string(), id],
        ["options", versionedWriteOptionsSchema, options],
      ]);
      if (invalid !== undefined) return err(invalid);
      return commit(context, tenant, options.actor ?? defaultActor, async (w) => {
        const current = await w.tx.get({ tenant, collection, id });
        if (current === undefined)
          return err({ code: "NOT_FOUND" as const, tenant, collection, id });
        const referencedBy = await findReference(w.tx, tenant, collection, id);
        if (referencedBy !== undefined)
          return err({ code: "REFERENCED" as const, tenant, collection, id, referencedBy });
        const removed = await w.remove(
          collection,
          id,
          options.expectedVersion ?? current.version,
          `${singular}.remove`,
          current.data,
        );
        return removed.isErr() ? err(removed.error) : ok(undefined);
      });
    },
  };
}
