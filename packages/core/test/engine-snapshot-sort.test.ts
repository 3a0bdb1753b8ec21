import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sortByTime } from "../src/engine/snapshot.js";

type Item = { time: number; position: number };
const timeOf = (item: Item) => item.time;
const bySort = (items: Item[]) => [...items].sort((a, b) => a.time - b.time);

describe("sortByTime (the order a register is read back in)", () => {
  it("orders like the stable comparator sort, ties in their original order", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: -5, max: 5 }),
            fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }),
            fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }),
            fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 0.5, -0),
          ),
          { maxLength: 300 },
        ),
        (times) => {
          const items = times.map((time, position) => ({ time, position }));
          expect(sortByTime([...items], timeOf)).toEqual(bySort(items));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps equal dates in the order they were listed (by id), on a list as long as a tenant's", () => {
    const items = Array.from({ length: 5000 }, (_, position) => ({
      time: Date.UTC(2026, 0, 1 + (position % 37)),
      position,
    }));
    const sorted = sortByTime([...items], timeOf);
    expect(sorted).toEqual(bySort(items));
    expect(sorted[0]).toEqual({ time: Date.UTC(2026, 0, 1), position: 0 });
    expect(sorted[1]).toEqual({ time: Date.UTC(2026, 0, 1), position: 37 });
  });
});
