import { describe, expect, it } from "vitest";
import {
  builtInExporters,
  CROSSWALK,
  CROSSWALK_RELATIONSHIPS,
  csvExporter,
  type ExportInput,
  escapeMarkdown,
  evaluate,
  findingsCsvExporter,
  jsonExporter,
  markdownExporter,
  neutraliseFormula,
  REGISTER_COLUMNS,
  withCrosswalk,
} from "../src/index.js";
import { buildRegister, day } from "./helpers/build.js";

const ASOF = day("2026-11-23");
const GENERATED = new Date("2026-11-23T09:30:00Z");

/** A register whose user text tries Markdown, HTML and spreadsheet formula injection. */
function hostileInput(): ExportInput {
  const register = buildRegister({
    organisation: { name: "Acme | <b>Corp</b>" },
    people: [{ id: "ann", name: '=Ann "the" Owner' }],
    groups: [
      {
        id: "xss",
        name: "<img src=x onerror=alert(1)>",
        kind: "isac",
        url: "https://isac.example/",
        contact: '+1 555, "desk"',
        owner: "ann",
        relevance: "*bold* [link](javascript:alert(1)) | pipe\nnew line",
        informationExchanged: "@SUM(A1:A9)",
        expectedCadence: "weekly",
        flow: "-2+3 into #soc",
        lastReviewed: "2026-10-01",
        membership: { status: "active", since: "2025-01-01" },
      },
      { id: "quiet", name: "=cmd|' /C calc'!A0", kind: "technical-forum" },
    ],
    reviews: [{ date: "2026-10-01", reviewer: "ann", scope: "all" }],
  } as never);
  return { register, evaluation: evaluate(register, { asOf: ASOF }), generatedAt: GENERATED };
}

describe("neutraliseFormula", () => {
  it.each(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\0x"])(
    "prefixes %j with a quote",
    (text) => {
      expect(neutraliseFormula(text)).toBe(`'${text}`);
    },
  );
  it("leaves ordinary text alone", () => {
    expect(neutraliseFormula("CERT-EU")).toBe("CERT-EU");
    expect(neutraliseFormula("a=b")).toBe("a=b");
  });
});

describe("escapeMarkdown", () => {
  it("makes HTML, emphasis, links and pipes inert and keeps one line", () => {
    expect(escapeMarkdown("<img src=x> *a* [l](u) |b\nc")).toBe(
      "&lt;img src=x&gt; \\*a\\* \\[l\\](u) \\|b c",
    );
  });
});

describe("markdownExporter", () => {
  it("renders the register and findings as tables with user text escaped", async () => {
    const out = await markdownExporter.export(hostileInput());
    const text = out.content as string;
    expect(out).toMatchObject({ mediaType: "text/markdown; charset=utf-8", extension: "md" });
    expect(text).toContain("# A.5.6 special interest groups: Acme \\| &lt;b&gt;Corp&lt;/b&gt;");
    expect(text).toContain("| &lt;img src=x onerror=alert(1)&gt; | isac |");
    expect(text).not.toContain("<img");
    expect(text).toContain("\\*bold\\* \\[link\\](javascript:alert(1)) \\| pipe new line");
    // Every table line has as many unescaped pipes as the header: no cell broke out.
    const lines = text.split("\n").filter((line) => line.startsWith("| "));
    const header = lines[0] as string;
    const pipes = (line: string) => line.replace(/\\\|/g, "").split("|").length;
    for (const line of lines.slice(0, 4)) expect(pipes(line)).toBe(pipes(header));
    expect(text).toContain("## Findings");
    expect(text).toContain("group-owner-missing");
  });

  it("says so when there are no groups and no findings", async () => {
    const register = buildRegister({ reviews: [{ date: "2026-11-01", reviewer: "x" }] } as never);
    const evaluation = evaluate(register, { asOf: ASOF });
    const text = (await markdownExporter.export({ register, evaluation, generatedAt: GENERATED }))
      .content as string;
    expect(text).toContain("_No groups._");
  });
});

describe("csvExporter", () => {
  it("writes RFC 4180 CSV with a BOM, CRLF, quoted fields and neutralised formulas", async () => {
    const out = await csvExporter.export(hostileInput());
    const text = out.content as string;
    expect(out.mediaType).toBe("text/csv; charset=utf-8; header=present");
    expect(text.startsWith("\uFEFFID,Name,Type,Contact,Website,Owner,Relevance score,")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text).toContain(`"'+1 555, ""desk"""`);
    expect(text).toContain(`"'=Ann ""the"" Owner"`);
    expect(text).toContain("'@SUM(A1:A9)");
    expect(text).toContain("'-2+3 into #soc");
    expect(text).toContain("quiet,'=cmd|' /C calc'!A0,technical-forum");
    // A line break inside a cell stays inside its quotes.
    expect(text).toContain('"*bold* [link](javascript:alert(1)) | pipe\nnew line"');
    const header = text.slice(1).split("\r\n")[0] as string;
    expect(header.split(",")).toHaveLength(REGISTER_COLUMNS.length);
  });

  it("writes the review state and the owner's name", async () => {
    const text = (await csvExporter.export(hostileInput())).content as string;
    const row = text.split("\r\n").find((line) => line.startsWith("xss,")) as string;
    expect(row).toContain(",2026-10-01,");
    expect(row).toContain(",weekly,");
    expect(row).toContain(",active");
  });

  it("exports the findings with remediation and mapped controls", async () => {
    const text = (await findingsCsvExporter.export(hostileInput())).content as string;
    expect(text.split("\r\n")[0]).toBe(
      "\uFEFFSeverity,Rule,Subject,Finding,Remediation,Controls,Mapped controls (crosswalk)",
    );
    expect(text).toContain("ISO27001:2013/A.6.1.4 (predecessor)");
  });
});

describe("jsonExporter", () => {
  it("has a stable documented shape with ISO dates and findings with their crosswalk", async () => {
    const input = hostileInput();
    const json = JSON.parse((await jsonExporter.export(input)).content as string);
    expect(Object.keys(json)).toEqual([
      "format",
      "version",
      "generatedAt",
      "asOf",
      "organisation",
      "verdict",
      "kpis",
      "columns",
      "register",
      "findings",
      "crosswalk",
    ]);
    expect(json).toMatchObject({
      format: "sigreg-export",
      version: 1,
      generatedAt: "2026-11-23T09:30:00.000Z",
      asOf: "2026-11-23T00:00:00.000Z",
      organisation: "Acme | <b>Corp</b>",
    });
    expect(json.register[0]).toMatchObject({
      id: "xss",
      owner: '=Ann "the" Owner',
      frequency: "weekly",
    });
    expect(json.findings.length).toBe(input.evaluation.findings.length);
    const mapped = json.findings[0].mappedControls as string[];
    expect(mapped).toContain("ISO27001:2013/A.6.1.4");
    // Each mapped control is described once, with its source, in the top-level crosswalk.
    const described = json.crosswalk.map((row: { to: string }) => row.to);
    expect(new Set(described).size).toBe(described.length);
    for (const to of mapped) expect(described).toContain(to);
    expect(json.crosswalk[0].source.url).toMatch(/^https:\/\//);
  });
});

describe("crosswalk", () => {
  it("ships only rows with a source URL, a title, a note and a known relationship", () => {
    expect(CROSSWALK.length).toBeGreaterThanOrEqual(9);
    for (const row of CROSSWALK) {
      expect(row.from).toBe("ISO27001:2022/A.5.6");
      expect(CROSSWALK_RELATIONSHIPS).toContain(row.relationship);
      expect(new URL(row.source.url).protocol).toBe("https:");
      expect(row.source.title.length).toBeGreaterThan(0);
      expect(row.source.note.length).toBeGreaterThan(0);
    }
  });

  it("marks CSF 2.0, SOC 2 and PCI DSS as indirect, through SCF GOV-07", () => {
    for (const to of ["NIST-CSF-2.0/ID.RA-02", "SOC2-TSC-2017/CC2.3", "PCI-DSS-4.0/6.3.1"]) {
      const row = CROSSWALK.find((candidate) => candidate.to === to);
      expect(row?.relationship).toBe("indirect");
      expect(row?.source.note).toContain("GOV-07");
    }
  });

  it("cites NIST's own OLIR file for PM-15 and SI-5, and says where each row was read", () => {
    for (const to of ["NIST-SP-800-53r5/PM-15", "NIST-SP-800-53r5/SI-5"]) {
      const row = CROSSWALK.find((candidate) => candidate.to === to);
      expect(new URL(row?.source.url ?? "").host).toBe("csrc.nist.gov");
      expect(row?.source.note).toContain("A.5.6");
      expect(row?.source.note).toContain("not opened here");
    }
  });

  it("attaches the rows of a finding's controls without repeating controls it names", () => {
    const finding = {
      ruleId: "alert-untriaged",
      severity: "minor" as const,
      subject: { type: "alert" as const, id: "a1" },
      message: "m",
      remediation: "r",
      controls: ["ISO27001:2022/A.5.6", "NIST-SP-800-53r5/SI-5"],
    };
    const targets = withCrosswalk(finding).crosswalk.map((row) => row.to);
    expect(targets).toContain("NIST-SP-800-53r5/PM-15");
    expect(targets).not.toContain("NIST-SP-800-53r5/SI-5");
    expect(withCrosswalk({ ...finding, controls: ["DORA/Art.45(3)"] }).crosswalk).toEqual([]);
  });
});

describe("builtInExporters", () => {
  it("lists each core format once, none of which mutates its input", async () => {
    expect(builtInExporters.map((exporter) => exporter.id)).toEqual([
      "md",
      "csv",
      "findings-csv",
      "json",
      "oscal",
    ]);
    const input = hostileInput();
    const before = JSON.stringify(input);
    for (const exporter of builtInExporters) await exporter.export(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});
