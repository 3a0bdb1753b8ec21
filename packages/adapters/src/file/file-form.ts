import {
  COLLECTION_SCHEMAS,
  type Collection,
  canonicalJson,
  type JsonObject,
  type JsonValue,
  toFileJson,
  toJson,
} from "@sigreg/core";

/** The stored JSON form of an entity (dates as ISO date-times, defaults filled in), or `undefined`. */
export function normalise(collection: Collection, data: JsonValue): JsonObject | undefined {
  const parsed = COLLECTION_SCHEMAS[collection].safeParse(data);
  return parsed.success ? toJson(parsed.data) : undefined;
}

/**
 * How an entity is written in the register file: dates at UTC midnight as `YYYY-MM-DD`, and the
 * fields that hold their schema default left out unless the entity already had them in the file
 * (`original`, its raw value there), so that changing one field changes one line.
 * @internal
 */
export function fileFormOf(
  collection: Collection,
  data: JsonObject,
  original: unknown,
): JsonObject {
  const form = withShortDates(data, toFileJson(collection, data)) as JsonObject;
  const target = canonicalJson(data);
  const reads = () => canonicalJson(normalise(collection, form)) === target;
  dropDefaults(form, original, reads);
  return form;
}

/** Takes the short dates of `short` (core's file form, which also drops empty lists) into `full`. */
function withShortDates(full: JsonValue, short: JsonValue | undefined): JsonValue {
  if (typeof full === "string") return typeof short === "string" ? short : full;
  if (full === null || typeof full !== "object") return full;
  if (Array.isArray(full))
    return full.map((item, index) =>
      withShortDates(item, Array.isArray(short) ? short[index] : undefined),
    );
  const out: JsonObject = {};
  const other = short !== null && typeof short === "object" && !Array.isArray(short) ? short : {};
  for (const [key, value] of Object.entries(full)) out[key] = withShortDates(value, other[key]);
  return out;
}

/**
 * Removes, depth first, each field the original did not have when the entity reads the same
 * without it. `reads` checks the whole entity, so defaults that depend on each other stay right.
 */
function dropDefaults(value: JsonValue, original: unknown, reads: () => boolean): void {
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    const originals = Array.isArray(original) ? original : [];
    value.forEach((item, index) => {
      dropDefaults(item, originals[index], reads);
    });
    return;
  }
  const had =
    original !== null && typeof original === "object" && !Array.isArray(original)
      ? (original as Record<string, unknown>)
      : undefined;
  for (const key of Object.keys(value)) {
    const field = value[key] as JsonValue;
    if (had === undefined || !Object.hasOwn(had, key)) {
      // Set aside rather than deleted, so that a field that stays keeps its place.
      (value as Record<string, JsonValue | undefined>)[key] = undefined;
      if (reads()) {
        delete value[key];
        continue;
      }
      value[key] = field;
    }
    dropDefaults(field, had?.[key], reads);
  }
}
