import { readFileSync } from "node:fs";
import { join } from "node:path";
import { normaliseTechnology, TECHNOLOGY_ALIASES } from "@sigreg/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  catalogIndex,
  kevItem,
  type MatchableAlert,
  matchCatalog,
  matchTechnologies,
  parseKevCatalog,
  textTokens,
} from "../src/index.js";
import { alertText } from "../src/relevance/text-match.js";

/** What the per-alert scorer finds for every (profile, alert) pair, by brute force. */
function perAlert(
  alerts: readonly MatchableAlert[],
  technologies: readonly string[],
  tokens = alerts.map((alert) => textTokens(alertText(alert))),
) {
  return alerts
    .map((alert, index) => ({
      alert: index,
      matches: matchTechnologies(technologies, alert.products ?? [], tokens[index] as Set<string>),
    }))
    .filter((hit) => hit.matches.length > 0);
}

const catalog: MatchableAlert[] = [
  { title: "Microsoft Exchange Server RCE", products: ["Microsoft/Exchange Server"] },
  { title: "Apache Tomcat path traversal", products: ["Apache/Tomcat"] },
  { title: "Node.js HTTP request smuggling", summary: "Affects node servers." },
  { title: "Windows SMB flaw", products: ["Microsoft/Windows"] },
  { title: "Nothing of ours", products: ["Acme/Widget"] },
];

describe("catalogIndex", () => {
  it("finds alerts by product, by vendor (0.6) and by text, in catalog order", () => {
    const hits = catalogIndex(catalog).match(["microsoft/exchange-server", "apache", "nodejs"]);
    expect(hits.toArray()).toEqual([
      {
        alert: 0,
        matches: [{ technology: "microsoft/exchange-server", strength: 1, via: "product" }],
      },
      { alert: 1, matches: [{ technology: "apache", strength: 1, via: "product" }] },
      { alert: 2, matches: [{ technology: "nodejs", strength: 0.8, via: "text" }] },
      {
        alert: 3,
        matches: [{ technology: "microsoft/exchange-server", strength: 0.6, via: "product" }],
      },
    ]);
  });

  it("keeps every result intact across many calls of one index, small and large", () => {
    const many = (count: number): MatchableAlert[] =>
      Array.from({ length: count }, (_, i) => ({
        title: `Advisory ${i}`,
        products: [i % 2 === 0 ? "Acme/Widget" : "Acme/Gadget"],
      }));
    // The index reuses its scratch arrays from call to call: no result may depend on them.
    const small = catalogIndex(many(3000));
    const results = Array.from({ length: 100 }, (_, i) =>
      small.match(i % 2 === 0 ? ["acme"] : ["acme/widget"]),
    );
    const vendor = [...Array(3000).keys()];
    results.forEach((hits, i) => {
      expect(Array.from(hits.alerts)).toEqual(vendor);
      expect(hits.matchesAt(1)).toEqual([
        i % 2 === 0
          ? { technology: "acme", strength: 1, via: "product" }
          : { technology: "acme/widget", strength: 0.6, via: "product" },
      ]);
      expect(hits.strengthAt(0)).toBe(1);
    });
    const big = catalogIndex(many(70_000)).match(["acme/gadget"]);
    expect(big.alerts.length).toBe(70_000);
    expect(big.matchesAt(0)).toEqual([
      { technology: "acme/gadget", strength: 0.6, via: "product" },
    ]);
    expect(big.matchesAt(1)).toEqual([{ technology: "acme/gadget", strength: 1, via: "product" }]);
    expect(Array.from(results[98]?.alerts ?? [])).toEqual(vendor);
  });

  it("matches a technology that is a product under a catalog vendor-only entry", () => {
    const index = catalogIndex([{ title: "Fortinet products", products: ["Fortinet"] }]);
    expect(index.match(["fortinet/fortios"]).toArray()).toEqual([
      { alert: 0, matches: [{ technology: "fortinet/fortios", strength: 1, via: "product" }] },
    ]);
  });

  it("gives nothing for a profile without technologies or naming none of the catalog", () => {
    const index = catalogIndex(catalog);
    expect(index.match([]).toArray()).toEqual([]);
    expect(index.match(["terraform", "kafka"]).alerts.length).toBe(0);
    expect(index.size).toBe(5);
  });

  it("answers the same when asked twice (no state leaks between calls)", () => {
    const index = catalogIndex(catalog);
    const first = index.match(["microsoft", "apache/tomcat"]).toArray();
    index.match(["nodejs"]);
    expect(index.match(["microsoft", "apache/tomcat"]).toArray()).toEqual(first);
  });

  it("equals the per-alert scorer on generated catalogs and profiles", () => {
    const words = ["microsoft", "windows", "apache", "tomcat", "node", "golang", "k8s", "acme"];
    const name = fc
      .array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 })
      .map((parts) => parts.join(" "));
    const alert = fc.record(
      {
        title: fc.array(fc.constantFrom(...words), { maxLength: 6 }).map((w) => w.join(" ")),
        products: fc.array(
          fc.tuple(name, name).map(([vendor, product]) => `${vendor}/${product}`),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: ["title"] },
    );
    const technology = fc
      .oneof(
        name,
        fc.tuple(name, name).map(([vendor, product]) => `${vendor}/${product}`),
      )
      .map(normaliseTechnology);
    fc.assert(
      fc.property(
        fc.array(alert, { maxLength: 12 }),
        fc.array(technology, { maxLength: 6 }),
        (alerts, technologies) => {
          const found = catalogIndex(alerts).match(technologies);
          const expected = perAlert(alerts, technologies);
          expect(found.toArray()).toEqual(expected);
          const best = expected.map((hit) => Math.max(...hit.matches.map((m) => m.strength)));
          expect(expected.map((_, i) => found.strengthAt(i))).toEqual(best);
        },
      ),
      { numRuns: 300 },
    );
  });
});

// The real CISA KEV catalog (see ../shared/data/README.md). CI always sets SIGREG_CORPUS; without
// it these tests skip rather than pass on invented data.
const corpus = process.env.SIGREG_CORPUS;

// Needs SIGREG_CORPUS (the shared real data); .ci/run always sets it.
describe.skipIf(corpus === undefined)("real data: matchCatalog on the KEV catalog", () => {
  it("gives the per-alert scorer's matches for 60 generated profiles × 1,404 entries", () => {
    const file = join(corpus as string, "kev", "known_exploited_vulnerabilities.json");
    const catalogue = parseKevCatalog(file, JSON.parse(readFileSync(file, "utf8")));
    const alerts = catalogue._unsafeUnwrap().entries.map(kevItem);
    expect(alerts.length).toBe(1404);
    // Seeded profiles: KEV vendor/product names, bare vendors, alias spellings and noise.
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
    const aliases = Object.keys(TECHNOLOGY_ALIASES);
    const profiles = Array.from({ length: 60 }, () => {
      const technologies = Array.from({ length: 5 + Math.floor(next() * 36) }, () => {
        const entry = pick(alerts);
        const [vendor = "", product = ""] = (entry.products?.[0] ?? "").split("/");
        const roll = next();
        if (roll < 0.45) return `${vendor}/${product}`;
        if (roll < 0.7) return vendor;
        if (roll < 0.8) return pick(aliases);
        return pick(["terraform", "kafka", "react", "internal-wiki", "ldap", "vpn", "sap"]);
      });
      return { technologies: [...new Set(technologies.map(normaliseTechnology))] };
    });
    const fast = matchCatalog(alerts, profiles);
    const tokens = alerts.map((alert) => textTokens(alertText(alert)));
    let matched = 0;
    profiles.forEach((profile, i) => {
      const expected = perAlert(alerts, profile.technologies, tokens);
      matched += expected.length;
      expect(fast[i]?.toArray()).toEqual(expected);
    });
    expect(matched).toBeGreaterThan(1000); // the sample exercises real matches, not only misses
    // The brute-force side is the slow one (60 × 1,404 pairs); a loaded CI machine gets room.
  }, 60_000);
});
