import { describe, expect, it } from "vitest";
import { parseAsOf } from "../src/index.js";
import { isoDay } from "../src/util/dates.js";

describe("parseAsOf", () => {
  it("reads a date as UTC midnight and a date-time with its offset", () => {
    expect(parseAsOf("2026-11-23")._unsafeUnwrap().toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(parseAsOf("2026-11-23T10:00:00+02:00")._unsafeUnwrap().toISOString()).toBe(
      "2026-11-23T08:00:00.000Z",
    );
  });

  it("refuses what is not an ISO date, and dates that do not exist, saying what was expected", () => {
    expect(parseAsOf("23/11/2026")._unsafeUnwrapErr()).toMatch(
      /expected an ISO 8601 date such as 2026-11-23/,
    );
    expect(parseAsOf("2026-02-30")._unsafeUnwrapErr()).toMatch(/expected a real calendar date/);
    expect(parseAsOf("2026-13-01").isErr()).toBe(true);
  });
});

describe("isoDay", () => {
  it("writes YYYY-MM-DD as toISOString does, inside and outside four-digit years", () => {
    for (const iso of [
      "2026-01-01T00:00:00.000Z",
      "2026-12-31T23:59:59.999Z",
      "2024-02-29T12:00:00.000Z",
      "1000-01-01T00:00:00.000Z",
      "9999-12-31T23:59:59.999Z",
    ]) {
      expect(isoDay(new Date(iso))).toBe(iso.slice(0, 10));
    }
    const far = new Date(Date.UTC(10000, 0, 1));
    expect(isoDay(far)).toBe(far.toISOString().slice(0, 10)); // "+010000-01", as before
    const early = new Date(Date.UTC(2000, 0, 1));
    early.setUTCFullYear(999);
    expect(isoDay(early)).toBe("0999-01-01");
  });

  it("throws on an invalid date, as toISOString does", () => {
    expect(() => isoDay(new Date(Number.NaN))).toThrow(RangeError);
  });
});
