const DAY_MS = 86_400_000;

/** Whole UTC days since the epoch; the unit in which every threshold is counted. @internal */
export function utcDay(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

/** Days from `from` to `to`, counted in UTC calendar days. @internal */
export function daysBetween(from: Date, to: Date): number {
  return utcDay(to) - utcDay(from);
}

/** The UTC midnight `days` after `date`'s UTC day. @internal */
export function addUtcDays(date: Date, days: number): Date {
  return new Date((utcDay(date) + days) * DAY_MS);
}

/** `YYYY-MM-DD` of a date in UTC. @internal */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whole UTC days from an epoch-ms instant to `asOf`; `Infinity` when the instant is -Infinity (never). @internal */
export function ageInDays(time: number, asOf: Date): number {
  if (time === Number.NEGATIVE_INFINITY) return Number.POSITIVE_INFINITY;
  return utcDay(asOf) - Math.floor(time / DAY_MS);
}
