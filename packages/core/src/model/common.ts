import { z } from "zod";

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/** An identifier: letters, digits, `.`, `_`, `:` and `-`, starting with a letter or digit. */
export const idSchema = z
  .string()
  .regex(ID_PATTERN, "expected an id: letters, digits, '.', '_', ':' or '-' (at most 200)")
  .describe("Identifier: letters, digits, '.', '_', ':' or '-', starting with a letter or digit.");

const isoDateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true, local: true })], {
  error: "expected an ISO 8601 date (2026-01-31) or date-time (2026-01-31T09:30:00Z)",
});

/** An ISO 8601 date or date-time in the file; a `Date` once parsed (date-only values are UTC midnight). */
export const dateSchema = isoDateOrDateTime
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : withZone(value)))
  .describe("ISO 8601 date (YYYY-MM-DD) or date-time.");

function withZone(value: string): string {
  return /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
}

/** A free-text field: trimmed, non-empty. */
export const textSchema = z.string().trim().min(1, "expected non-empty text");

/** A URL with an http, https or mailto scheme. */
export const urlSchema = z
  .url({ protocol: /^(https?|mailto)$/, error: "expected an http(s) or mailto URL" })
  .describe("http(s) or mailto URL.");

/** Expected cadences of information from a group. */
export const CADENCES = ["daily", "weekly", "monthly", "quarterly", "yearly"] as const;
/** How often information is expected from a group. */
export const cadenceSchema = z.enum(CADENCES);
/** One of {@link CADENCES}. */
export type Cadence = z.infer<typeof cadenceSchema>;

/** Days between two items at each cadence. */
export const CADENCE_DAYS: Record<Cadence, number> = {
  daily: 1,
  weekly: 7,
  monthly: 30,
  quarterly: 91,
  yearly: 365,
};

/** Keys that could reach an object's prototype; refused everywhere a user names a key. @internal */
export const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
