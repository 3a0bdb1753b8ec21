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
  const time = canonicalIsoTime(value);
  return new Date(time === undefined ? value : time);
}

/** Days in each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The time of a date-time in the form stored dates are written in (`Date#toJSON`:
 * `YYYY-MM-DDTHH:mm:ss.sssZ`), read digit by digit — several times faster than `Date`'s own
 * parser, which reviving a tenant's thousands of stored dates spends much of its time in.
 * `undefined` for anything else, or any field out of its plain range (years before 1000, days past
 * the month's end, 24:00), which `Date` parses as it always did.
 */
function canonicalIsoTime(value: string): number | undefined {
  if (
    value.length !== 24 ||
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 || // T
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(19) !== 46 || // .
    value.charCodeAt(23) !== 90 // Z
  )
    return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  const millisecond = digits(value, 20, 3);
  // A field with a non-digit is -1.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || millisecond < 0) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
    return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] as number);
  if (day > days) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
}

/** The decimal number of `length` digits at `start`, or -1 when one of them is not a digit. */
function digits(value: string, start: number, length: number): number {
  let number = 0;
  for (let index = start; index < start + length; index++) {
    const digit = value.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    number = number * 10 + digit;
  }
  return number;
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
