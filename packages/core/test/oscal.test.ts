import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ExportInput,
  evaluate,
  oscalControlId,
  oscalExporter,
  toOscalAssessmentResults,
  uriReference,
  uuidV5,
} from "../src/index.js";
import { buildRegister, day } from "./helpers/build.js";

// NIST's schema and examples are real data kept outside the repo; CI always sets SIGREG_CORPUS.
// Without it the schema tests cannot run, so they skip rather than pass vacuously.
const corpus = process.env.SIGREG_CORPUS;
const withCorpus = describe.skipIf(corpus === undefined);

function input(): ExportInput {
  const register = buildRegister({
    organisation: { name: "Acme <Corp>" },
    people: [{ id: "ann", name: "Ann" }],
    groups: [
      {
        id: "cert-eu",
        name: "CERT-EU",
        kind: "government-cert",
        url: "https://cert.europa.eu/",
        owner: "ann",
      },
      { id: "forum", name: "=Forum", kind: "technical-forum" },
    ],
    activities: [
      {
        group: "cert-eu",
        date: "2026-10-02",
        type: "meeting",
        summary: "Quarterly briefing",
        url: "https://cert.europa.eu/briefing",
        actions: [{ type: "ticket", ref: "SEC-1", url: "https://jira.example/browse/SEC-1" }],
      },
      { group: "forum", date: "2026-09-01", type: "newsletter" },
    ],
    alerts: [
      {
        id: "a1",
        group: "cert-eu",
        title: "Advisory 2026-001",
        received: "2026-11-01",
        url: "https://cert.europa.eu/a1",
      },
    ],
  } as never);
  return {
    register,
    evaluation: evaluate(register, { asOf: day("2026-11-23") }),
    generatedAt: new Date("2026-11-23T10:00:00Z"),
  };
}

describe("oscal ids", () => {
  it("computes RFC 4122 version 5 UUIDs (the RFC's DNS example)", () => {
    expect(uuidV5("python.org", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe(
      "886313e1-3b8a-5372-9b90-0c9aee199e5d",
    );
  });
  it("turns control ids into OSCAL tokens", () => {
    expect(oscalControlId("ISO27001:2022/A.5.6")).toBe("iso27001_2022_a.5.6");
    expect(oscalControlId("NIST-SP-800-53r5/SI-5")).toBe("nist-sp-800-53r5_si-5");
    expect(oscalControlId("27001")).toBe("_27001");
  });
  it("writes register URLs as RFC 3986 references, as OSCAL's href requires", () => {
    // Real shapes from CISA's KEV notes, which the register's lenient URL check accepts.
    expect(uriReference("https://example.com/a b|c^d")).toBe("https://example.com/a%20b%7Cc%5Ed");
    expect(uriReference("https://nuuo.com/EOL＿letter.pdf")).toBe(
      "https://nuuo.com/EOL%EF%BC%BFletter.pdf",
    );
    expect(uriReference("https://[::1]:8080/p[1]")).toBe("https://[::1]:8080/p%5B1%5D");
    expect(uriReference("mailto:soc@acme.example")).toBe("mailto:soc@acme.example");
    expect(uriReference("not a url")).toBeUndefined();
  });
});

describe("oscalExporter", () => {
  it("gives identical documents for the same input, and different ones for another date", async () => {
    const first = (await oscalExporter.export(input())).content;
    expect((await oscalExporter.export(input())).content).toBe(first);
    const other = { ...input(), generatedAt: new Date("2026-11-24T10:00:00Z") };
    expect((await oscalExporter.export(other)).content).not.toBe(first);
  });

  it("writes each finding with its observation and target control, and evidence with links", () => {
    const doc = toOscalAssessmentResults(input()) as {
      "assessment-results": { results: Array<Record<string, never>> };
    };
    const [result] = doc["assessment-results"].results as unknown as Array<{
      findings: Array<{
        target: { "target-id": string };
        "related-observations": Array<{ "observation-uuid": string }>;
        props: Array<{ name: string; value: string }>;
      }>;
      observations: Array<{ uuid: string; types: string[]; links?: Array<{ href: string }> }>;
    }>;
    const evaluation = input().evaluation;
    expect(result?.findings).toHaveLength(evaluation.findings.length);
    const observationIds = new Set(result?.observations.map((observation) => observation.uuid));
    for (const finding of result?.findings ?? []) {
      expect(
        observationIds.has(finding["related-observations"][0]?.["observation-uuid"] as string),
      ).toBe(true);
      expect(finding.target["target-id"]).toMatch(/^iso27001_2022_a\.5\.6$|^nist/);
      expect(finding.props.some((p) => p.name === "mapped-control")).toBe(true);
    }
    const historic = result?.observations.filter(
      (observation) => observation.types[0] === "historic",
    );
    expect(historic).toHaveLength(3);
    expect(historic?.[0]?.links?.map((link) => link.href)).toEqual([
      "https://cert.europa.eu/briefing",
      "https://jira.example/browse/SEC-1",
    ]);
    expect(historic?.[1]?.links).toBeUndefined();
  });
});

withCorpus("OSCAL 1.1.3 complete schema", () => {
  let validate: ValidateFunction;
  beforeAll(() => {
    const schema = JSON.parse(
      readFileSync(join(corpus as string, "oscal", "oscal_complete_schema-1-1-3.json"), "utf8"),
    );
    const ajv = new Ajv({ allErrors: true, strict: false });
    // ajv-formats is CommonJS: under NodeNext its function is the default export's `default`.
    const addFormats = (formats as unknown as { default: (ajv: Ajv) => Ajv }).default;
    addFormats(ajv);
    validate = ajv.compile(schema);
  });

  it.each([
    "ifa_assessment-results-example.json",
    "ifa_plan-of-action-and-milestones.json",
    "example-component-definition.json",
  ])("accepts NIST's own example %s (a check on the validator)", (file) => {
    const doc = JSON.parse(readFileSync(join(corpus as string, "oscal", file), "utf8"));
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it("rejects a document missing a required field (the validator is not vacuous)", () => {
    const doc = toOscalAssessmentResults(input()) as {
      "assessment-results": Record<string, unknown>;
    };
    delete doc["assessment-results"]["import-ap"];
    expect(validate(doc)).toBe(false);
  });

  it("accepts sigreg's assessment results", async () => {
    const doc = JSON.parse((await oscalExporter.export(input())).content as string);
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5), null, 1)).toBe(true);
  });

  it("accepts the assessment results of an empty register (no groups, no evidence)", async () => {
    const register = buildRegister({});
    const evaluation = evaluate(register, { asOf: day("2026-11-23") });
    const doc = toOscalAssessmentResults({ register, evaluation, generatedAt: new Date(0) });
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5), null, 1)).toBe(true);
  });
});
