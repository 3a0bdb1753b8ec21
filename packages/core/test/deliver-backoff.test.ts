import { retryDelay } from "@sigreg/core";
import { describe, expect, it } from "vitest";

describe("retryDelay", () => {
  it("doubles with each attempt, with jitter in the upper half, up to the maximum", () => {
    const low = (attempts: number) => retryDelay({ attempts, random: () => 0 });
    const high = (attempts: number) => retryDelay({ attempts, random: () => 0.999999 });
    expect([1, 2, 3, 4].map(low)).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map(high)).toEqual([999, 1999, 3999, 7999]);
    expect(low(40)).toBe(1_800_000);
    expect(retryDelay({ attempts: 5, random: () => 1, backoff: { baseMs: 10, maxMs: 50 } })).toBe(
      50,
    );
  });

  it("never retries sooner than Retry-After asked, but not later than the maximum", () => {
    expect(retryDelay({ attempts: 1, random: () => 0, retryAfterMs: 120_000 })).toBe(120_000);
    expect(
      retryDelay({
        attempts: 1,
        random: () => 0,
        retryAfterMs: 10_000_000,
        backoff: { maxMs: 60_000 },
      }),
    ).toBe(60_000);
  });
});
