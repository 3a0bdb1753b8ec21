import {
  alertSchema,
  groupSchema,
  normaliseTechnology,
  organisationProfileSchema,
} from "@sigreg/core";
import { describe, expect, it } from "vitest";
import { extractCves, scoreAlert, textTokens } from "../src/index.js";

const asOf = new Date("2026-03-16T00:00:00Z");
const profile = organisationProfileSchema.parse({
  name: "Acme",
  technologies: ["Microsoft", "apache/tomcat", "node.js"],
  riskThemes: ["ransomware", "supply chain"],
});
const cert = groupSchema.parse({
  id: "cisa",
  name: "CISA",
  kind: "government-cert",
  purposes: ["vulnerability-advisories"],
});
const alert = (fields: Record<string, unknown>) =>
  alertSchema.parse({ id: "a", group: "cisa", received: "2026-03-16", title: "T", ...fields });

describe("scoreAlert", () => {
  it("pushes a KEV entry for a product we run, explaining each factor", () => {
    const result = scoreAlert(
      alert({
        title: "CVE-2025-1: Windows SMB flaw",
        products: ["Microsoft/Windows"],
        severity: "critical",
        ransomware: true,
        cves: ["CVE-2025-1234"],
      }),
      cert,
      profile,
      { asOf },
    );
    expect(result.push).toBe(true);
    expect(result.score).toBeGreaterThanOrEqual(80);
    const byId = Object.fromEntries(result.factors.map((factor) => [factor.id, factor]));
    expect(byId.technology?.reason).toBe("names our microsoft (product)");
    expect(byId.severity?.reason).toContain("known use in ransomware campaigns");
    expect(byId.riskThemes?.reason).toBe("names our risk theme ransomware");
    expect(byId.group?.reason).toMatch(/^from CISA, relevance \d+\/100$/);
    const sum = result.factors.reduce((total, factor) => total + factor.contribution, 0);
    expect(Math.round(sum)).toBe(result.score);
  });

  it("does not push a severe alert about a product we do not run", () => {
    const result = scoreAlert(
      alert({
        title: "Fortinet FortiOS heap overflow",
        products: ["Fortinet/FortiOS"],
        severity: "high",
      }),
      cert,
      profile,
      { asOf },
    );
    expect(result.factors.find((factor) => factor.id === "technology")?.value).toBe(0);
    expect(result.push).toBe(false);
  });

  it("matches technologies named in the text through aliases, and a vendor-only product more weakly", () => {
    const node = scoreAlert(alert({ title: "Node.js HTTP request smuggling" }), cert, profile, {
      asOf,
    });
    expect(node.factors[0]?.reason).toBe("names our nodejs (text)");
    const tomcat = scoreAlert(
      alert({ title: "x", products: ["Apache/HTTP Server"] }),
      cert,
      profile,
      { asOf },
    );
    expect(tomcat.factors[0]).toMatchObject({
      value: 0.6,
      reason: "names our apache/tomcat (product)",
    });
  });

  it("gives half credit to an alert from a feed about one of our ecosystems", () => {
    const npmFeed = groupSchema.parse({
      id: "gh-npm",
      name: "GitHub npm",
      kind: "vendor-bulletin",
      topics: { technologies: ["node"] },
    });
    const result = scoreAlert(
      alert({ title: "[left-pad] prototype pollution", group: "gh-npm" }),
      npmFeed,
      profile,
      { asOf },
    );
    expect(result.factors[0]).toMatchObject({ value: 0.5, reason: "from a feed about our nodejs" });
    const unrelated = scoreAlert(
      alert({ title: "[left-pad] prototype pollution" }),
      cert,
      profile,
      { asOf },
    );
    expect(unrelated.factors[0]?.value).toBe(0);
  });

  it("takes the threshold and weights from options", () => {
    const input = alert({ title: "Fortinet FortiOS", severity: "low" });
    expect(scoreAlert(input, cert, profile, { asOf, threshold: 0 }).push).toBe(true);
    const onlySeverity = scoreAlert(input, cert, profile, {
      asOf,
      weights: { technology: 0, group: 0, riskThemes: 0, cve: 0 },
    });
    expect(onlySeverity.score).toBe(25);
  });

  it("adds plugin scorer factors and reports a throwing scorer by plugin and id", () => {
    const result = scoreAlert(alert({ title: "x" }), cert, profile, {
      asOf,
      scorers: [
        {
          plugin: "crown",
          value: {
            id: "crown-jewels",
            score: () => ({ value: 1, weight: 100, reason: "touches billing" }),
          },
        },
        {
          plugin: "broken",
          value: {
            id: "oops",
            score: () => {
              throw new Error("bad");
            },
          },
        },
      ],
    });
    expect(result.factors.at(-1)).toMatchObject({ id: "crown-jewels", reason: "touches billing" });
    expect(result.score).toBeGreaterThan(90);
    expect(result.diagnostics).toEqual([
      {
        code: "PLUGIN_THREW",
        plugin: "broken",
        hook: "scorers.oops",
        message: 'plugin "broken" scorers.oops threw: bad',
      },
    ]);
  });

  it("gives a scorer's non-numeric weight no say instead of poisoning the score", () => {
    const result = scoreAlert(alert({ title: "x" }), cert, profile, {
      asOf,
      scorers: [
        {
          plugin: "odd",
          value: { id: "nan", score: () => ({ value: 1, weight: Number.NaN, reason: "?" }) },
        },
      ],
    });
    expect(Number.isFinite(result.score)).toBe(true);
    expect(result.factors.at(-1)).toMatchObject({ id: "nan", weight: 0, contribution: 0 });
  });

  it("leaves topic factors out when the organisation lists none", () => {
    const bare = organisationProfileSchema.parse({ name: "Bare" });
    const result = scoreAlert(alert({ title: "x", severity: "critical" }), cert, bare, { asOf });
    expect(
      result.factors.filter((factor) => !factor.applicable).map((factor) => factor.id),
    ).toEqual(["technology", "riskThemes"]);
  });
});

describe("text matching", () => {
  it("extracts CVE ids once each, upper-cased", () => {
    expect(extractCves("see cve-2024-3094 and CVE-2024-3094, CVE-2023-12345.")).toEqual([
      "CVE-2024-3094",
      "CVE-2023-12345",
    ]);
  });

  it("tokenises words and word pairs through the alias table", () => {
    const tokens = textTokens("Amazon Web Services and Golang");
    expect(tokens.has("go")).toBe(true);
    expect(tokens.has("aws")).toBe(true);
  });

  it("keeps words that name properties of plain objects as words", () => {
    // The alias table is looked up with every word of an alert: `constructor` used to give
    // Object's constructor function instead of the word.
    expect([...textTokens("The constructor. of __proto__ toString")]).toEqual([
      "the",
      "the-constructor",
      "constructor",
      "constructor-of",
      "of",
      "of-proto",
      "proto",
      "proto-tostring",
      "tostring",
    ]);
    expect(normaliseTechnology("Constructor")).toBe("constructor");
    expect(normaliseTechnology("Constructor/Exchange")).toBe("constructor/exchange");
  });

  it("tokenises in order: each pair between its two words, dots trimmed at the ends", () => {
    // `node.js` is then an alias of `nodejs`.
    expect([...textTokens("..Node.js. 20 released")]).toEqual([
      "nodejs",
      "node.js-20",
      "20",
      "20-released",
      "released",
    ]);
  });
});
