import { err, ok, type Result } from "neverthrow";
import { z } from "zod";
import type { RegisterIssue } from "../errors.js";
import { duplicateIdIssue } from "../load/references.js";
import type { Activity, activitySchema } from "../model/activity.js";
import type { Alert, alertSchema } from "../model/alert.js";
import type { Review, reviewSchema } from "../model/review.js";
import { digestOf } from "../storage/canonical.js";
import { type EntityOf, recordIdOf, toJson } from "../storage/codec.js";
import type { JsonObject } from "../storage/port.js";
import { commit } from "./commit.js";
import type { EngineContext } from "./context.js";
import { loadKnownIds } from "./known.js";
import type { SigregError, WriteOptions } from "./types.js";
import { checkArguments, invalidInput, validateEntity, writeOptionsSchema } from "./validate.js";

/** An activity as given to `recordActivity`. */
export type ActivityInput = z.input<typeof activitySchema>;
/** An alert as given to `recordAlert`. */
export type AlertInput = z.input<typeof alertSchema>;
/** A review as given to `recordReview`. */
export type ReviewInput = z.input<typeof reviewSchema>;

/** What an idempotent bulk record did. */
export interface BulkResult {
  /** Ids stored by this call. */
  inserted: string[];
  /**
   * How many inputs changed nothing: already stored (same id), and left as they were, or an exact
   * copy of an earlier input of the same call.
   */
  unchanged: number;
}

/** What recording one event did. */
export interface RecordResult<TValue> {
  /** Id the event is stored under (its own, or a digest of its content). */
  id: string;
  /** `false` when the same event was already stored: nothing changed. */
  created: boolean;
  /** The event as stored. */
  value: TValue;
}

type EventCollection = "activities" | "alerts" | "reviews";

const ACTIONS: Record<EventCollection, string> = {
  activities: "activity.record",
  alerts: "alert.record",
  reviews: "review.record",
};

/**
 * Validates and stores events idempotently, keyed by id: an event stored before is left untouched.
 * All inputs are checked before anything is written; one bad input writes nothing. An id given
 * twice in one call is a `DUPLICATE_ID`, as in a register file, unless the two inputs are the same
 * event (equal once validated): that is recorded once, as recording it twice in turn would.
 * `inputs` that are not a list are a `REGISTER_INVALID` at the collection's name (`alerts`).
 * @internal
 */
export async function recordEvents<TCollection extends EventCollection>(
  context: EngineContext,
  tenant: string,
  defaultActor: string,
  options: WriteOptions | undefined,
  collection: TCollection,
  inputs: readonly unknown[],
  operation: string,
): Promise<Result<BulkResult, SigregError>> {
  const file = `tenant ${tenant}: ${operation}`;
  const invalid = checkArguments(file, [
    [collection, z.array(z.unknown()), inputs],
    ["options", writeOptionsSchema, options],
  ]);
  if (invalid !== undefined) return err(invalid);
  return commit(context, tenant, options?.actor ?? defaultActor, async (w) => {
    const known = await loadKnownIds(w.tx, tenant, context.ruleIds, collection, inputs);
    const records: { id: string; data: JsonObject }[] = [];
    const issues: RegisterIssue[] = [];
    // The first input of each id: its position, and its record when it is valid.
    const seen = new Map<string, { index: number; data: JsonObject | undefined }>();
    inputs.forEach((input, index) => {
      const checked = validateEntity(collection, input, { file, path: [collection, index] }, known);
      let data: JsonObject | undefined;
      let id: string | undefined;
      if ("issues" in checked) {
        issues.push(...checked.issues);
        id = ownId(input);
      } else {
        data = toJson(checked.value);
        id = recordIdOf(collection, data);
      }
      if (id === undefined) return;
      const first = seen.get(id);
      if (first === undefined) {
        seen.set(id, { index, data });
        if (data !== undefined) records.push({ id, data });
      } else if (first.data === undefined || data === undefined || !sameRecord(first.data, data))
        issues.push(duplicateIdIssue(undefined, collection, index, id, first.index));
    });
    if (issues.length > 0) return err(invalidInput(file, issues));
    const inserted = await w.insertMany(collection, records, ACTIONS[collection]);
    return ok({ inserted, unchanged: inputs.length - inserted.length });
  });
}

/** Stores one event idempotently and returns it as stored. @internal */
export async function recordEvent<TCollection extends EventCollection>(
  context: EngineContext,
  tenant: string,
  defaultActor: string,
  options: WriteOptions | undefined,
  collection: TCollection,
  input: unknown,
  operation: string,
): Promise<Result<RecordResult<EntityOf<TCollection>>, SigregError>> {
  const file = `tenant ${tenant}: ${operation}`;
  const singular =
    collection === "activities" ? "activity" : collection === "alerts" ? "alert" : "review";
  const invalid = checkArguments(file, [["options", writeOptionsSchema, options]]);
  if (invalid !== undefined) return err(invalid);
  return commit(context, tenant, options?.actor ?? defaultActor, async (w) => {
    const known = await loadKnownIds(w.tx, tenant, context.ruleIds, collection, [input]);
    const checked = validateEntity(collection, input, { file, path: [singular] }, known);
    if ("issues" in checked) return err(invalidInput(file, checked.issues));
    const data = toJson(checked.value);
    const id = recordIdOf(collection, data);
    const inserted = await w.insertMany(collection, [{ id, data }], ACTIONS[collection]);
    return ok({ id, created: inserted.length === 1, value: checked.value });
  });
}

/** The id an input gives itself, as the loader reads it for its duplicate check. */
function ownId(input: unknown): string | undefined {
  const id =
    input !== null && typeof input === "object" ? (input as { id?: unknown }).id : undefined;
  return typeof id === "string" ? id : undefined;
}

function sameRecord(a: JsonObject, b: JsonObject): boolean {
  return a === b || digestOf(a) === digestOf(b);
}

export type { Activity, Alert, Review };
