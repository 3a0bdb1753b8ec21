import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  fromJson,
  parseRegisterText,
  recordIdOf,
  registerSchema,
  registerToInput,
  toFileJson,
  toJson,
} from "../src/index.js";

const example = readFileSync(
  new URL("../../../examples/ai-company/register.yaml", import.meta.url),
);
const register = parseRegisterText(example, { file: "register.yaml" })._unsafeUnwrap();

describe("storage codec", () => {
  it("revives every date of every collection from the stored JSON", () => {
    for (const collection of ["people", "groups", "activities", "alerts", "reviews"] as const) {
      for (const entity of register[collection]) {
        expect(fromJson(collection, toJson(entity))).toEqual(entity);
      }
    }
    const profile = { organisation: register.organisation, policy: register.policy };
    expect(fromJson("profile", toJson(profile))).toEqual(profile);
  });

  it("leaves text that looks like a date alone (only schema date fields are revived)", () => {
    const activity = { ...register.activities[0], summary: "2026-01-01T00:00:00.000Z" };
    const back = fromJson("activities", toJson(activity));
    expect(back.summary).toBe("2026-01-01T00:00:00.000Z");
    expect(back.date).toBeInstanceOf(Date);
  });

  it("gives an activity without an id the same digest id for the same content, and another for other content", () => {
    const [first] = register.activities;
    if (first === undefined) throw new Error("example has activities");
    const { id: _id, ...anonymous } = toJson(first);
    const again = recordIdOf("activities", { ...anonymous });
    expect(recordIdOf("activities", anonymous)).toBe(again);
    expect(again).toMatch(/^act-[0-9a-f]{24}$/);
    expect(recordIdOf("activities", { ...anonymous, summary: "other" })).not.toBe(again);
    expect(recordIdOf("groups", toJson(register.groups[0] ?? {}))).toBe(register.groups[0]?.id);
  });

  it("writes file JSON with short dates and without empty lists, which parses back to the same register", () => {
    const group = toFileJson("groups", {
      ...register.groups[0],
      lastReviewed: new Date("2026-03-01T00:00:00Z"),
    });
    expect(group.lastReviewed).toBe("2026-03-01");
    expect(Object.values(group).some((value) => Array.isArray(value) && value.length === 0)).toBe(
      false,
    );
    expect(registerSchema.parse(registerToInput(register))).toEqual(register);
  });

  it("keeps an empty list inside plugin extensions", () => {
    const group = { ...register.groups[0], extensions: { tags: [] } };
    expect(toFileJson("groups", group).extensions).toEqual({ tags: [] });
  });

  it("writes canonical JSON whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe(
      canonicalJson({ a: [{ c: null, d: 2 }], b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});

describe("storage codec: reviving dates", () => {
  const revived = (text: string) => {
    const activity = fromJson("activities", {
      group: "g",
      date: text,
      type: "meeting",
      actions: [],
    });
    return (activity.date as unknown as Date).getTime();
  };
  const same = (text: string) => {
    const expected = new Date(text).getTime();
    expect(Number.isNaN(revived(text)) ? "invalid" : revived(text)).toEqual(
      Number.isNaN(expected) ? "invalid" : expected,
    );
  };

  it("reads every stored date-time to the same instant as Date does, edge cases included", () => {
    for (const text of [
      "2024-11-14T11:18:16.000Z",
      "2024-02-29T23:59:59.999Z",
      "2023-02-29T00:00:00.000Z",
      "2024-02-30T00:00:00.000Z",
      "2024-04-31T10:00:00.000Z",
      "2024-12-31T00:00:00.000Z",
      "2024-01-01T24:00:00.000Z",
      "2024-01-01T23:60:00.000Z",
      "2024-01-01T23:59:60.000Z",
      "2024-13-01T00:00:00.000Z",
      "2024-00-10T00:00:00.000Z",
      "2024-01-00T00:00:00.000Z",
      "0099-01-01T00:00:00.000Z",
      "0999-12-31T23:59:59.999Z",
      "1000-01-01T00:00:00.000Z",
      "1900-02-29T00:00:00.000Z",
      "2000-02-29T00:00:00.000Z",
      "9999-12-31T23:59:59.999Z",
      "+010000-01-01T00:00:00.000Z",
      "-000001-01-01T00:00:00.000Z",
      "2024-1a-01T00:00:00.000Z",
      "2024-01-01T0-:00:00.000Z",
      "2024-01-01T00:00:00.00-Z",
      "2024-01-01T00:00:00.000z",
      "2024-01-01T00:00:00Z",
      "2024-01-01",
      "2024-01-01T00:00:00.000+01:00",
      "2024/01/01T00:00:00.000Z",
    ])
      same(text);
  });

  it("agrees with Date on random date-times across the years", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(-5000, 0, 1), max: Date.UTC(12000, 0, 1) }), (time) =>
        same(new Date(time).toISOString()),
      ),
      { numRuns: 2000 },
    );
  });
});
