import { describe, expect, it } from "vitest";
import { parseAsOf } from "../src/index.js";

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
