import { describe, expect, it } from "vitest";
import { evaluate, type Register } from "../src/index.js";
import { buildRegister, day, daysBefore } from "./helpers/build.js";

const AS_OF = "2026-06-30";
const asOf = day(AS_OF);

describe("evaluate: the groups of the result", () => {
  it("keeps one entry per group, in register order, even for a repeated id (a register assembled without the loader)", () => {
    const parsed = buildRegister({
      organisation: { name: "Acme" },
      groups: [
        { id: "a", name: "First A", kind: "technical-forum", url: "https://a.example" },
        { id: "b", name: "B", kind: "technical-forum", url: "https://b.example" },
      ],
      activities: [{ group: "a", date: daysBefore(AS_OF, 4), type: "meeting" }],
    });
    const second = { ...(parsed.groups[0] as Register["groups"][number]), name: "Second A" };
    const register: Register = { ...parsed, groups: [...parsed.groups, second] };
    const result = evaluate(register, { asOf });
    expect(result.groups.map((group) => [group.id, group.name])).toEqual([
      ["a", "First A"],
      ["b", "B"],
      ["a", "Second A"],
    ]);
    const [first, , repeated] = result.groups;
    expect(repeated?.relevance).toBe(first?.relevance);
    expect(repeated?.review).toBe(first?.review);
    expect(repeated?.lastActivity).toEqual(day(daysBefore(AS_OF, 4)));
    expect(repeated?.lastActivity).not.toBe(first?.lastActivity);
  });

  it("refuses a rule's question about a group the register does not hold", () => {
    const register = buildRegister({
      organisation: { name: "Acme" },
      groups: [{ id: "a", name: "A", kind: "technical-forum", url: "https://a.example" }],
    });
    const rule = {
      id: "asks-unknown",
      title: "Asks about an unknown group",
      description: "A plugin rule that reads the relevance of a group that is not there.",
      severity: "observation" as const,
      controls: [],
      remediation: "None.",
      policyKeys: [],
      check: (context: { relevance(id: string): unknown }) => {
        context.relevance("missing");
        return [];
      },
    };
    expect(() => evaluate(register, { asOf, rules: [rule] })).toThrow(
      new RangeError('evaluate: unknown group "missing"'),
    );
    const reviewRule = {
      ...rule,
      check: (context: { review(id: string): unknown }) => {
        context.review("missing");
        return [];
      },
    };
    expect(() => evaluate(register, { asOf, rules: [reviewRule] })).toThrow(
      new RangeError('evaluate: unknown group "missing"'),
    );
  });
});
