import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOGUE_SOURCES } from "../src/catalogue/catalogue.js";
import { catalogueReference } from "../src/catalogue/reference.js";
import {
  CATALOGUE_VERSION,
  type CatalogueEntry,
  catalogue,
  GROUP_KINDS,
  groupSchema,
  type OrganisationProfile,
  organisationProfileSchema,
  parseRegisterText,
  suggestGroups,
} from "../src/index.js";

const example = parseRegisterText(
  readFileSync(new URL("../../../examples/ai-company/register.yaml", import.meta.url)),
  { file: "register.yaml" },
)._unsafeUnwrap();

function profile(input: Partial<OrganisationProfile> & { name?: string }): OrganisationProfile {
  return organisationProfileSchema.parse({ name: "Acme", ...input });
}

function ids(list: readonly { group: { id: string } }[]): string[] {
  return list.map((entry) => entry.group.id);
}

describe("the catalogue", () => {
  it("has a version and at least 40 entries, each parsed by the core group schema", () => {
    expect(CATALOGUE_VERSION).toMatch(/^\d{4}\.\d{2}\.\d+$/);
    expect(CATALOGUE_SOURCES.length).toBeGreaterThanOrEqual(40);
    for (const source of CATALOGUE_SOURCES) {
      const parsed = groupSchema.safeParse(source.group);
      expect(parsed.success, `${source.group.id}: ${parsed.error?.message}`).toBe(true);
    }
    expect(catalogue()).toHaveLength(CATALOGUE_SOURCES.length);
    expect(catalogue()).toBe(catalogue());
  });

  it("has unique ids and unique websites", () => {
    const all = catalogue();
    expect(new Set(ids(all)).size).toBe(all.length);
    expect(new Set(all.map((entry) => entry.group.url)).size).toBe(all.length);
  });

  it("gives every entry an http(s) website, and only http(s) feed URLs", () => {
    for (const { group } of catalogue()) {
      expect(group.url, group.id).toMatch(/^https?:\/\//);
      for (const feed of group.feeds) expect(feed.url, group.id).toMatch(/^https?:\/\//);
    }
  });

  it("records evidence for the website and every feed of every entry, and for nothing else", () => {
    for (const { group, verifiedBy } of catalogue()) {
      const urls = [group.url, ...group.feeds.map((feed) => feed.url)];
      const evidenced = new Set(verifiedBy.map((evidence) => evidence.url));
      for (const url of urls)
        expect(evidenced.has(url as string), `${group.id}: ${url}`).toBe(true);
      for (const url of evidenced) expect(urls, `${group.id}: stray evidence`).toContain(url);
      for (const evidence of verifiedBy) {
        expect(evidence.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(evidence.ref.length).toBeGreaterThan(5);
        if (evidence.source === "public-code") {
          // The string searched for is part of the URL, or names its host (a page on the same site).
          const ref = evidence.ref.replaceAll('"', "").toLowerCase();
          const host = new URL(evidence.url).hostname.replace(/^www\./, "");
          const fits = evidence.url.toLowerCase().includes(ref) || ref.includes(host);
          expect(fits, `${group.id}: ${evidence.ref}`).toBe(true);
        }
      }
    }
  });

  it("files no regulator or police force (those are A.5.5 authorities, not groups)", () => {
    expect(catalogue().filter((entry) => entry.group.kind === "authority")).toEqual([]);
  });

  it("covers every kind of group the catalogue is about", () => {
    const kinds = new Set(catalogue().map((entry) => entry.group.kind));
    for (const kind of [
      "government-cert",
      "isac",
      "technical-forum",
      "research-community",
      "professional-body",
      "vendor-bulletin",
      "standards-body",
    ] as const) {
      expect(GROUP_KINDS).toContain(kind);
      expect(kinds.has(kind), kind).toBe(true);
    }
  });
});

describe("docs/catalogue.md", () => {
  it("is what the catalogue data generates", () => {
    const committed = readFileSync(new URL("../../../docs/catalogue.md", import.meta.url), "utf8");
    // If this fails, run `pnpm --filter @sigreg/core catalogue:doc` and commit docs/catalogue.md.
    expect(committed).toBe(catalogueReference());
    expect(committed).toContain(
      "| `fs-isac` | https://www.fsisac.com/ | public-page | https://www.fsisac.com/faqs (2026-11-23) |",
    );
  });
});

describe("suggestGroups", () => {
  it("puts the AI-security groups near the top for an AI company", () => {
    const top = suggestGroups(example.organisation, { limit: 6 });
    expect(top[0]?.group.id).toBe("owasp-genai");
    expect(top[0]?.reason).toContain("risk themes data-poisoning, model-theft, prompt-injection");
    expect(ids(top)).toContain("mitre-atlas");
  });

  it("ranks national bodies of other jurisdictions last, and says why", () => {
    const all = suggestGroups(example.organisation, { limit: 100 });
    const jpcert = all.find((entry) => entry.group.id === "jpcert-cc");
    expect(jpcert?.reason).toMatch(/; serves JP, none of ours$/);
    expect(jpcert?.elsewhere).toBe(true);
    const firstElsewhere = all.findIndex((entry) => entry.elsewhere);
    expect(firstElsewhere).toBeGreaterThan(10);
    expect(all.slice(firstElsewhere).every((entry) => entry.elsewhere)).toBe(true);
    // ENISA serves the EU, so it serves our DE office: not elsewhere.
    const enisa = all.find((entry) => entry.group.id === "enisa");
    expect(enisa?.elsewhere).toBe(false);
    expect(enisa?.reason).toContain("serves DE");
  });

  it("suggests none of the groups the example register already has, by id or by website", () => {
    const suggestions = suggestGroups(example.organisation, { register: example, limit: 100 });
    const have = new Set(example.groups.map((group) => group.id));
    expect(ids(suggestions).filter((id) => have.has(id))).toEqual([]);
    for (const id of ["owasp-genai", "mitre-atlas", "cisa", "ncsc-uk", "bsi", "isaca", "isc2"])
      expect(ids(suggestions)).not.toContain(id);
    // Same host as github-advisories, but another page: still suggested.
    expect(ids(suggestions)).not.toContain("github-advisories");
    expect(ids(suggestions)).toContain("postgresql-security");
    expect(suggestions.length).toBe(catalogue().length - 11);
  });

  it("recognises a group the register files under another id by its website", () => {
    const register = {
      groups: [
        { id: "our-fs-isac", url: "http://fsisac.com" },
        { id: "k8s", url: "https://kubernetes.io/docs/reference/issues-security/security/" },
        { id: "mail-only", url: "mailto:soc@example.com" },
      ],
    };
    const suggested = ids(
      suggestGroups(profile({ sectors: ["finance"] }), { register, limit: 100 }),
    );
    expect(suggested).not.toContain("fs-isac");
    expect(suggested).not.toContain("kubernetes-security");
    expect(suggested).toContain("health-isac");
  });

  it("suggests FS-ISAC first to a bank, and says it matched the sector", () => {
    const [first] = suggestGroups(profile({ sectors: ["banking"], jurisdictions: ["US"] }));
    expect(first?.group.id).toBe("fs-isac");
    expect(first?.reason).toContain("sector banking");
    expect(first?.matched.sectors).toEqual(["banking"]);
  });

  it("suggests NCSC UK to a UK organisation, naming the jurisdiction, and ranks other national CERTs below", () => {
    const suggestions = suggestGroups(profile({ jurisdictions: ["GB"] }), { limit: 100 });
    const ncsc = suggestions.find((entry) => entry.group.id === "ncsc-uk");
    expect(ncsc?.reason).toContain("serves GB");
    const rank = (id: string) => ids(suggestions).indexOf(id);
    expect(rank("ncsc-uk")).toBeLessThan(3);
    expect(rank("ncsc-uk")).toBeLessThan(rank("jpcert-cc"));
    expect(rank("ncsc-uk")).toBeLessThan(rank("cisa"));
  });

  it("names technologies and regulations in the reason, products under a vendor included", () => {
    const suggestions = suggestGroups(
      profile({ technologies: ["Amazon Web Services", "aws/lambda"], regulations: ["DORA"] }),
      { limit: 100 },
    );
    const aws = suggestions.find((entry) => entry.group.id === "aws-security-bulletins");
    expect(aws?.reason).toBe("matches technologies aws, aws/lambda");
    const fs = suggestions.find((entry) => entry.group.id === "fs-isac");
    expect(fs?.reason).toBe("matches regulation dora");
  });

  it("says so when nothing of the profile matched", () => {
    const [first] = suggestGroups(profile({}), {
      entries: catalogue().filter((entry) => entry.group.id === "first"),
    });
    expect(first?.reason).toBe("no topic of ours named; a general technical-forum");
  });

  it("is deterministic, sorted by score within each part, and leaves the signal factor out", () => {
    const a = suggestGroups(example.organisation, { limit: 100 });
    const b = suggestGroups(example.organisation, { limit: 100 });
    expect(a).toEqual(b);
    for (let i = 1; i < a.length; i++) {
      const [before, after] = [a[i - 1], a[i]];
      if (before?.elsewhere === after?.elsewhere)
        expect(before?.score ?? 0).toBeGreaterThanOrEqual(after?.score ?? 0);
    }
    for (const suggestion of a) {
      expect(suggestion.factors.map((factor) => factor.id)).not.toContain("signal");
      expect(suggestion.score).toBeGreaterThanOrEqual(0);
      expect(suggestion.score).toBeLessThanOrEqual(100);
    }
  });

  it("returns at most limit suggestions (10 by default) and refuses a limit that is not a positive integer", () => {
    expect(suggestGroups(example.organisation)).toHaveLength(10);
    expect(suggestGroups(example.organisation, { limit: 3 })).toHaveLength(3);
    for (const limit of [0, -1, 2.5, Number.NaN])
      expect(() => suggestGroups(example.organisation, { limit })).toThrow(RangeError);
  });

  it("ranks the entries it is given instead of the catalogue", () => {
    const only: CatalogueEntry[] = catalogue().filter((entry) => entry.group.kind === "isac");
    const suggested = suggestGroups(profile({ sectors: ["health"] }), {
      entries: only,
      limit: 100,
    });
    expect(suggested).toHaveLength(only.length);
    expect(suggested[0]?.group.id).toBe("health-isac");
  });
});
