import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinRules, RULE_IDS } from "../src/index.js";
import { rulesReference } from "../src/rules/reference.js";

describe("rules metadata and reference", () => {
  it("has one built-in rule per public rule id, in the documented order", () => {
    expect(builtinRules.map((rule) => rule.id)).toEqual([...RULE_IDS]);
  });

  it.each(builtinRules.map((rule) => [rule.id, rule] as const))(
    "%s documents itself",
    (_id, rule) => {
      expect(rule.title.length).toBeGreaterThan(5);
      expect(rule.description.length).toBeGreaterThan(40);
      expect(rule.remediation.length).toBeGreaterThan(20);
      expect(rule.controls).toContain("ISO27001:2022/A.5.6");
      // Every threshold the description names is declared, so the reference shows its default.
      for (const key of rule.description.match(/`([a-z]+Days|minRelevance|maxGroupsPerOwner)`/g) ??
        []) {
        expect(rule.policyKeys).toContain(key.replaceAll("`", ""));
      }
    },
  );

  it("docs/rules.md is what the metadata generates", () => {
    const committed = readFileSync(new URL("../../../docs/rules.md", import.meta.url), "utf8");
    // If this fails, run `pnpm --filter @sigreg/core rules:doc` and commit docs/rules.md.
    expect(committed).toBe(rulesReference());
  });
});

describe("register format reference", () => {
  it("docs/register-format.md is what the schemas generate", async () => {
    const { registerFormatReference } = await import("../src/format-reference.js");
    const committed = readFileSync(
      new URL("../../../docs/register-format.md", import.meta.url),
      "utf8",
    );
    // If this fails, run `pnpm --filter @sigreg/core format:doc` and commit docs/register-format.md.
    expect(committed).toBe(registerFormatReference());
    expect(committed).toContain("| `owner` | string |  | Person id of the named internal owner. |");
  });
});
