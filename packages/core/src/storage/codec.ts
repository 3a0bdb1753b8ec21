import type { z } from "zod";
import { activitySchema } from "../model/activity.js";
import { alertSchema } from "../model/alert.js";
import { groupSchema } from "../model/group.js";
import { personSchema } from "../model/person.js";
import { reviewSchema } from "../model/review.js";
import { digestOf } from "./canonical.js";
import type { Collection, JsonObject } from "./port.js";
import { profileRecordSchema } from "./profile-record.js";

/** Where the dates are in a stored entity: `true` for a date, a map of keys, or `[]` for arrays. */
type DateTree = true | { readonly [key: string]: DateTree };

/** Schema of each collection's entities, the single source of what is stored. @internal */
export const COLLECTION_SCHEMAS = {
  profile: profileRecordSchema,
  people: personSchema,
  groups: groupSchema,
  activities: activitySchema,
  alerts: alertSchema,
  reviews: reviewSchema,
} as const satisfies Record<Collection, z.ZodType>;

/** The entity type stored in each collection. */
export type EntityOf<TCollection extends Collection> = z.infer<
  (typeof COLLECTION_SCHEMAS)[TCollection]
>;

/** Id of the one record of the `profile` collection. */
export const PROFILE_ID = "profile";

/** An entity in its stored JSON form: dates become ISO strings, `undefined` fields disappear. */
export function toJson(entity: object): JsonObject {
  return JSON.parse(JSON.stringify(entity)) as JsonObject;
}

/**
 * Turns stored JSON back into the entity without re-validating it (it was validated when written):
 * only the date fields, found from the schema, are revived. Mutates and returns `data`.
 */
export function fromJson<TCollection extends Collection>(
  collection: TCollection,
  data: JsonObject,
): EntityOf<TCollection> {
  mapDates(data, DATE_TREES[collection], toDate);
  // Alerts stored before `tickets` existed have none; the type promises a list.
  if (collection === "alerts" && data.tickets === undefined) data.tickets = [];
  return data as unknown as EntityOf<TCollection>;
}

/**
 * An entity in the form a register file writes it: like {@link toJson}, with dates at UTC
 * midnight written as `YYYY-MM-DD` and empty lists left out.
 */
export function toFileJson(collection: Collection, entity: object): JsonObject {
  const data = toJson(entity);
  mapDates(data, DATE_TREES[collection], shortDate);
  return dropEmptyLists(data) as JsonObject;
}

/**
 * Input as the schemas expect it: `Date` objects in date fields (an entity read back and changed)
 * become ISO strings. The input is copied only when it has a `Date`; it is never changed.
 */
export function normaliseInput(collection: Collection, input: unknown): unknown {
  return hasDate(input, DATE_TREES[collection]) ? JSON.parse(JSON.stringify(input)) : input;
}

function hasDate(value: unknown, tree: DateTree | undefined): boolean {
  if (tree === undefined || value === null || typeof value !== "object") return false;
  if (tree === true) return value instanceof Date;
  if (Array.isArray(value)) return value.some((item) => hasDate(item, tree["[]"]));
  const object = value as Record<string, unknown>;
  for (const key in tree) if (hasDate(object[key], tree[key])) return true;
  return false;
}

function toDate(value: string): Date {
  return new Date(value);
}

function shortDate(value: string): string {
  return value.endsWith("T00:00:00.000Z") ? value.slice(0, 10) : value;
}

function dropEmptyLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmptyLists);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (Array.isArray(field) && field.length === 0) continue;
    // Plugin data is the plugin's: an empty list there is a value, not a default.
    out[key] = key === "extensions" ? field : dropEmptyLists(field);
  }
  return out;
}

/**
 * The id a record is stored under: the entity's own id, or, for entities without one (activities
 * without an id, reviews), a digest of their content, so that recording the same thing twice
 * stores it once.
 */
export function recordIdOf(collection: Collection, data: JsonObject): string {
  if (collection === "profile") return PROFILE_ID;
  const own = data.id;
  if (typeof own === "string") return own;
  const prefix = collection === "reviews" ? "rev" : "act";
  return `${prefix}-${digestOf(data).slice(0, 24)}`;
}

function mapDates(
  value: unknown,
  tree: DateTree | undefined,
  map: (value: string) => unknown,
): void {
  if (tree === undefined || tree === true || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    const element = tree["[]"];
    if (element === true) {
      for (let i = 0; i < value.length; i++)
        if (typeof value[i] === "string") value[i] = map(value[i]);
    } else for (const item of value) mapDates(item, element, map);
    return;
  }
  const object = value as Record<string, unknown>;
  for (const key in tree) {
    const sub = tree[key];
    const field = object[key];
    if (sub === true) {
      if (typeof field === "string") object[key] = map(field);
    } else if (field !== undefined) mapDates(field, sub, map);
  }
}

/** Finds the date fields of a schema by walking it; a date is the ISO date-or-date-time pipe. */
function dateTreeOf(schema: z.core.$ZodType): DateTree | undefined {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case "optional":
    case "default":
    case "nullable":
    case "readonly":
    case "prefault":
      return dateTreeOf(def.innerType as z.core.$ZodType);
    case "pipe": {
      const input = (def.in as z.core.$ZodType)._zod.def as unknown as Record<string, unknown>;
      if (input.type === "union" && isIsoDateUnion(input)) return true;
      return dateTreeOf(def.in as z.core.$ZodType);
    }
    case "object": {
      const tree: Record<string, DateTree> = {};
      for (const [key, field] of Object.entries(def.shape as Record<string, z.core.$ZodType>)) {
        const sub = dateTreeOf(field);
        if (sub !== undefined) tree[key] = sub;
      }
      return Object.keys(tree).length > 0 ? tree : undefined;
    }
    case "array": {
      const sub = dateTreeOf(def.element as z.core.$ZodType);
      return sub === undefined ? undefined : { "[]": sub };
    }
    default:
      return undefined;
  }
}

function isIsoDateUnion(def: Record<string, unknown>): boolean {
  const options = def.options as z.core.$ZodType[];
  return options.some((option) => {
    const format = (option._zod.def as unknown as { format?: string }).format;
    return format === "date" || format === "datetime";
  });
}

const DATE_TREES: Record<Collection, DateTree | undefined> = Object.fromEntries(
  Object.entries(COLLECTION_SCHEMAS).map(([collection, schema]) => [
    collection,
    dateTreeOf(schema),
  ]),
) as Record<Collection, DateTree | undefined>;
