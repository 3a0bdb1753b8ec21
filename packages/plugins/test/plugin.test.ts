import { defineRule, evaluate, registerSchema } from "@sigreg/core";
import { describe, expect, it } from "vitest";
import { definePlugin, PLUGIN_API_VERSION, rulesOf, validatePlugin } from "../src/index.js";

const noFeeds = defineRule({
  id: "acme-no-feeds",
  title: "Group publishes no feed",
  description: "A group lists no feeds.",
  severity: "opportunity",
  controls: ["ISO27001:2022/A.5.6"],
  remediation: "Add the group's feed.",
  policyKeys: [],
  check: ({ register }) =>
    register.groups
      .filter((group) => group.feeds.length === 0)
      .map((group) => ({
        subject: { type: "group", id: group.id },
        message: `${group.name} lists no feed.`,
      })),
});

const acme = () =>
  definePlugin({ id: "acme", version: "1.0.0", apiVersion: PLUGIN_API_VERSION, rules: [noFeeds] });

describe("plugins", () => {
  it("contributes its rules to an evaluation", () => {
    const register = registerSchema.parse({
      organisation: { name: "Acme" },
      groups: [{ id: "g", name: "G", kind: "other", url: "https://example.org" }],
    });
    const { findings } = evaluate(register, {
      asOf: new Date("2026-01-01"),
      rules: rulesOf([acme()]),
    });
    expect(findings.filter((finding) => finding.ruleId === "acme-no-feeds")).toEqual([
      expect.objectContaining({ severity: "opportunity", subject: { type: "group", id: "g" } }),
    ]);
  });

  it("refuses a plugin written for another API version, saying which", () => {
    expect(validatePlugin({ id: "old", version: "0.1.0", apiVersion: 0 })).toEqual([
      "expected apiVersion 1, got 0",
    ]);
    expect(() => rulesOf([{ id: "old", version: "0.1.0", apiVersion: 0 }])).toThrow(
      /plugin "old": expected apiVersion 1/,
    );
  });

  it("refuses non-objects, missing ids and duplicate registrations", () => {
    expect(validatePlugin(null)).toEqual(["expected a plugin object"]);
    expect(validatePlugin({ version: "1", apiVersion: 1 })).toContain(
      "expected a non-empty string `id`",
    );
    expect(() => rulesOf([acme(), acme()])).toThrow(/registered twice/);
  });
});
