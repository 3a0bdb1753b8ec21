import { err, ok, type Result } from "neverthrow";
import { requireLazily } from "./lazy.js";

// date-fns and @date-fns/utc parse `--as-of` and nothing else: required on the first parseAsOf call
// (see lazy.ts), by subpath, since the date-fns barrel alone loads all of its ~250 modules.
let dateFns:
  | {
      utc: typeof import("@date-fns/utc").utc;
      isValid: typeof import("date-fns/isValid").isValid;
      parseISO: typeof import("date-fns/parseISO").parseISO;
    }
  | undefined;

function loadDateFns(): NonNullable<typeof dateFns> {
  dateFns ??= {
    utc: (requireLazily("@date-fns/utc") as typeof import("@date-fns/utc")).utc,
    isValid: (requireLazily("date-fns/isValid") as typeof import("date-fns/isValid")).isValid,
    parseISO: (requireLazily("date-fns/parseISO") as typeof import("date-fns/parseISO")).parseISO,
  };
  return dateFns;
}

const DAY_MS = 86_400_000;

// Every age is whole UTC days, so plain arithmetic on epoch days is exact (UTC has no DST) and is
// what the per-record and per-group paths use; date-fns, in UTC, parses what users type.

/** Whole UTC days since the epoch; the unit in which every threshold is counted. @internal */
export function utcDay(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

/** Whole UTC days since the epoch of an epoch-ms instant. @internal */
export function dayOfTime(time: number): number {
  return Math.floor(time / DAY_MS);
}

/** Whole UTC days from an epoch-ms instant to `asOf`; `Infinity` when the instant is -Infinity (never). @internal */
export function ageInDays(time: number, asOf: Date): number {
  if (time === Number.NEGATIVE_INFINITY) return Number.POSITIVE_INFINITY;
  return utcDay(asOf) - Math.floor(time / DAY_MS);
}

/** The UTC midnight `days` after `date`'s UTC day. @internal */
export function addUtcDays(date: Date, days: number): Date {
  return new Date((utcDay(date) + days) * DAY_MS);
}

/** `YYYY-MM-DD` of a date in UTC. @internal */
export function isoDay(date: Date): string {
  return isoDayOfTime(date.getTime());
}

/** Formatted days by epoch day: findings name the same few hundred days over and over. */
const isoDays = new Map<number, string>();

/** `YYYY-MM-DD` of an epoch-ms instant in UTC (a `RangeError` for NaN, as `toISOString`). @internal */
export function isoDayOfTime(time: number): string {
  const day = Math.floor(time / DAY_MS);
  let text = isoDays.get(day);
  if (text === undefined) {
    text = formatIsoDay(new Date(time));
    // Bounded: a register's dates span a few years, a few thousand days at most.
    if (isoDays.size >= 8192) isoDays.clear();
    isoDays.set(day, text);
  }
  return text;
}

function formatIsoDay(date: Date): string {
  const year = date.getUTCFullYear();
  // toISOString writes years outside 0000–9999 with a sign and six digits (and throws on an
  // invalid date); the four-digit years every register holds are formatted here without it.
  if (!(year >= 1000 && year <= 9999)) return date.toISOString().slice(0, 10);
  return `${year}-${TWO_DIGITS[date.getUTCMonth() + 1]}-${TWO_DIGITS[date.getUTCDate()]}`;
}

/** "00" to "31": months and days of the month, zero-padded. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 32 }, (_, n) =>
  String(n).padStart(2, "0"),
);

/**
 * Parses the day to evaluate for: an ISO 8601 date (`2026-11-23`, UTC midnight) or date-time.
 * @example parseAsOf("2026-11-23") // Ok(2026-11-23T00:00:00.000Z)
 */
export function parseAsOf(text: string): Result<Date, string> {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(trimmed)) {
    return err(`expected an ISO 8601 date such as 2026-11-23, got ${JSON.stringify(text)}`);
  }
  const { isValid, parseISO, utc } = loadDateFns();
  const date = parseISO(trimmed, { in: utc });
  // parseISO rolls nothing over: 2026-02-30 is invalid, not March 2nd.
  if (!isValid(date)) return err(`expected a real calendar date, got ${JSON.stringify(text)}`);
  return ok(new Date(date.getTime()));
}
