import { readFileSync } from "node:fs";
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
