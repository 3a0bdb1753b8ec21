/** `YYYY-MM-DD` of a date's UTC day. @internal */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` of a date, or `null` for none. @internal */
export function isoDayOrNull(date: Date | null | undefined): string | null {
  return date == null ? null : isoDay(date);
}

/** Full ISO 8601 instant of a date, or `null` for none. @internal */
export function isoOrNull(date: Date | null | undefined): string | null {
  return date == null ? null : date.toISOString();
}
