import { join } from "node:path";
import { CATALOGUE_VERSION, catalogue } from "@sigreg/core";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/index.js";
import { run, withFiles } from "./helpers.js";

const EXAMPLE = new URL("../../../examples/ai-company/register.yaml", import.meta.url).pathname;

const BANK_YAML = `organisation:
  name: Thames Bank
  sectors: [banking]
  jurisdictions: [GB]
  regulations: [DORA]
groups:
  - id: our-ncsc
    name: NCSC
    kind: government-cert
    url: https://ncsc.gov.uk
`;

/** The group ids of a text report, in order. */
function listed(text: string): string[] {
  return [...text.matchAll(/^ {2,}([a-z0-9-]+) · /gm)].map((match) => match[1] as string);
}

describe("suggest", () => {
  it("lists the most relevant catalogue groups the example register lacks, with the reason", async () => {
    const { code, stdout, stderr } = await run(["suggest", EXAMPLE, "--limit", "3"]);
    expect(code).toBe(EXIT.ok);
    expect(stderr).toBe("");
    expect(stdout).toContain(
      "Groups to consider for Northwind AI Ltd (3 of the 36 catalogue groups",
    );
    expect(listed(stdout)).toEqual(["cosai", "enisa", "cert-eu"]);
    expect(stdout).toContain(
      " 1. CoSAI (Coalition for Secure AI, an OASIS Open Project)  64/100\n".slice(1),
    );
    expect(stdout).toContain(
      "matches sector artificial-intelligence; technology llms; risk themes data-poisoning, model-theft, prompt-injection, supply-chain",
    );
    expect(stdout).toContain(
      `Catalogue ${CATALOGUE_VERSION}: ${catalogue().length} groups, 11 already`,
    );
    for (const have of ["owasp-genai", "mitre-atlas", "cisa", "ncsc-uk"])
      expect(stdout).not.toContain(`${have} · `);
  });

  it("shows ten by default, and the feeds of each", async () => {
    const { stdout } = await run(["suggest", EXAMPLE]);
    expect(listed(stdout)).toHaveLength(10);
    expect(stdout).toContain("feed (rss): https://isc.sans.edu/rssfeed.xml");
  });

  it("suggests FS-ISAC to a UK bank, recognises NCSC UK under another id, and puts other countries' CERTs last", async () => {
    const dir = await withFiles({ "register.yaml": BANK_YAML });
    const { code, stdout } = await run(["suggest", "--limit", "100"], { cwd: dir });
    expect(code).toBe(EXIT.ok);
    const ids = listed(stdout);
    expect(ids[0]).toBe("fs-isac");
    expect(stdout).toContain("matches sector banking; regulation dora");
    expect(ids).not.toContain("ncsc-uk");
    expect(ids.at(-1)).not.toBe("fs-isac");
    const heading = stdout.indexOf("Serving other jurisdictions than the organisation's:");
    expect(heading).toBeGreaterThan(0);
    expect(stdout.indexOf("cisa · ")).toBeGreaterThan(heading);
  });

  it("prints JSON with --format json", async () => {
    const { code, stdout } = await run(["suggest", EXAMPLE, "--format", "json", "--limit", "2"]);
    expect(code).toBe(EXIT.ok);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({
      catalogueVersion: CATALOGUE_VERSION,
      organisation: "Northwind AI Ltd",
      catalogueSize: catalogue().length,
      notInRegister: 36,
    });
    expect(json.suggestions).toHaveLength(2);
    expect(json.suggestions[0]).toMatchObject({
      score: 64,
      elsewhere: false,
      matched: { sectors: ["artificial-intelligence"], technologies: ["llms"] },
      group: { id: "cosai", kind: "technical-forum", url: "https://www.coalitionforsecureai.org/" },
    });
    expect(json.suggestions[0].verifiedBy[0]).toMatchObject({ source: "public-code" });
  });

  it("reads the register from a store", async () => {
    const dir = await withFiles({ "bank.yaml": BANK_YAML });
    const { code, stdout } = await run([
      "suggest",
      "--store",
      `file:${join(dir, "bank.yaml")}`,
      "--limit",
      "1",
    ]);
    expect(code).toBe(EXIT.ok);
    expect(listed(stdout)).toEqual(["fs-isac"]);
  });

  it("says so when the register already has every catalogue group", async () => {
    const groups = catalogue()
      .map(({ group }) => `  - id: ${group.id}\n    name: x\n    kind: other\n`)
      .join("");
    const dir = await withFiles({
      "register.yaml": `organisation:\n  name: All In\ngroups:\n${groups}`,
    });
    const text = await run(["suggest"], { cwd: dir });
    expect(text.code).toBe(EXIT.ok);
    expect(text.stdout).toBe(
      `Every group of the catalogue (${CATALOGUE_VERSION}, ${catalogue().length} groups) is already in the register of All In.\n`,
    );
    const json = JSON.parse((await run(["suggest", "--format", "json"], { cwd: dir })).stdout);
    expect(json).toMatchObject({ notInRegister: 0, suggestions: [] });
  });

  it.each([
    ["0", '"0"'],
    ["-2", '"-2"'],
    ["1.5", '"1.5"'],
    ["ten", '"ten"'],
  ])("refuses --limit %s", async (limit, shown) => {
    const { code, stdout, stderr } = await run(["suggest", EXAMPLE, `--limit=${limit}`]);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `sigreg suggest: --limit expects a whole number of at least 1, got ${shown}\n`,
    );
  });

  it("refuses an unknown --format, an unknown store, and a file with --store or --tenant", async () => {
    const format = await run(["suggest", EXAMPLE, "--format", "csv"]);
    expect(format.code).toBe(EXIT.usage);
    expect(format.stderr).toContain(
      "sigreg suggest: invalid --format 'csv': expected text or json",
    );
    const store = await run(["suggest", "--store", "redis://cache:6379/0"]);
    expect(store.code).toBe(EXIT.usage);
    expect(store.stderr).toContain(
      "sigreg suggest: --store redis://cache:6379/0: unknown scheme 'redis:'",
    );
    const both = await run(["suggest", EXAMPLE, "--store", "file:x.yaml"]);
    expect(both.stderr).toContain("sigreg suggest: give a register file or --store, not both");
    const tenant = await run(["suggest", EXAMPLE, "--tenant", "acme"]);
    expect(tenant.stderr).toContain("sigreg suggest: --tenant needs --store");
    const two = await run(["suggest", "a.yaml", "b.yaml"]);
    expect(two.code).toBe(EXIT.usage);
    expect(two.stderr).toContain("expected at most one register file, got 2: a.yaml b.yaml");
    const unknown = await run(["suggest", "--top", "3"]);
    expect(unknown.stderr).toContain("sigreg suggest: unknown option '--top'");
  });

  it("names the file, the path inside it and what was expected for an invalid register", async () => {
    const dir = await withFiles({
      "bad.yaml": "organisation:\n  name: Bad\n  sectors: banking\ngroups: []\n",
    });
    const { code, stdout, stderr } = await run(["suggest", "bad.yaml"], { cwd: dir });
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      'bad.yaml:3:12 organisation.sectors: expected a list, got the text "banking" [SCHEMA_MISMATCH]',
    );
    expect(stderr).toContain("sigreg suggest: bad.yaml: 1 problem; nothing was suggested.");
  });

  it("says which store has no register, and how to make one", async () => {
    const dir = await withFiles({});
    const { code, stderr } = await run(["suggest", "--store", "file:missing.yaml"], { cwd: dir });
    expect(code).toBe(EXIT.usage);
    expect(stderr).toBe(
      "sigreg suggest: file:missing.yaml: no such register file; create it with: sigreg init, or sigreg import FILE --store file:missing.yaml\n",
    );
  });

  it("is listed in the overview and has its own help", async () => {
    expect((await run(["--help"])).stdout).toContain("suggest [file]    Suggest well-known groups");
    const help = await run(["help", "suggest"]);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toContain("Usage: sigreg suggest [file] [options]");
    expect((await run(["suggest", "-h"])).stdout).toBe(help.stdout);
  });
});
