import { describe, expect, it } from "vitest";
import { coverageGaps, evaluate, type RegisterInput } from "../src/index.js";
import { buildRegister, day, findingsFor } from "./helpers/build.js";

const AS_OF = "2026-06-30";

type GroupInput = RegisterInput["groups"][number];

const professionalBody: GroupInput = {
  id: "isaca",
  name: "ISACA",
  kind: "professional-body",
  url: "https://www.isaca.org/",
};

function gapSubjects(input: Partial<RegisterInput>): string[] {
  return findingsFor(buildRegister(input), "coverage-gap", AS_OF).map((f) => {
    expect(f.subject.type).toBe("register");
    return f.subject.id;
  });
}

describe("coverage-gap", () => {
  it("reports one finding per gap, with its subject", () => {
    const register = buildRegister({
      organisation: {
        name: "Acme",
        jurisdictions: ["GB"],
        technologies: ["postgresql"],
        sectors: ["finance"],
      },
      groups: [],
    });
    const findings = findingsFor(register, "coverage-gap", AS_OF);
    expect(findings.map((f) => f.subject)).toEqual([
      { type: "register", id: "jurisdiction:GB" },
      { type: "register", id: "technology:postgresql" },
      { type: "register", id: "sector:finance" },
      { type: "register", id: "professional-body:any" },
    ]);
    for (const finding of findings) {
      expect(finding.severity).toBe("observation");
      expect(finding.controls).toEqual(["ISO27001:2022/A.5.6"]);
    }
    const byId = new Map(findings.map((f) => [f.subject.id, f]));
    expect(byId.get("jurisdiction:GB")?.message).toContain("GB");
    expect(byId.get("jurisdiction:GB")?.remediation).toContain("jurisdictions [GB]");
    expect(byId.get("technology:postgresql")?.message).toContain('"postgresql"');
    expect(byId.get("sector:finance")?.message).toContain('"finance"');
    expect(byId.get("professional-body:any")?.message).toContain("professional body");
  });

  it("reports nothing when every part of the profile is covered", () => {
    expect(
      gapSubjects({
        organisation: {
          name: "Acme",
          jurisdictions: ["GB"],
          technologies: ["postgresql"],
          sectors: ["finance"],
        },
        groups: [
          { id: "ncsc", name: "NCSC", kind: "government-cert", jurisdictions: ["GB"] },
          {
            id: "pg",
            name: "PostgreSQL security",
            kind: "vendor-bulletin",
            topics: { technologies: ["postgresql"] },
          },
          { id: "fs-isac", name: "FS-ISAC", kind: "isac", topics: { sectors: ["finance"] } },
          professionalBody,
        ],
      }),
    ).toEqual([]);
  });

  it("matches sectors as the relevance score does: a finance group covers finance/banking", () => {
    const input = {
      organisation: { name: "Acme", sectors: ["finance/banking", "health"] },
      groups: [
        { id: "fs-isac", name: "FS-ISAC", kind: "isac" as const, topics: { sectors: ["finance"] } },
        {
          id: "h-isac",
          name: "Health-ISAC",
          kind: "isac" as const,
          topics: { sectors: ["health/hospitals"] },
        },
        professionalBody,
      ],
    };
    // The narrower group sector does not cover the organisation's broader one, as in the score.
    expect(gapSubjects(input)).toEqual(["sector:health"]);
    const register = buildRegister(input);
    expect(coverageGaps(register.groups, register.organisation)).toEqual([
      { dimension: "sector", value: "health" },
    ]);
    const fsIsac = evaluate(register, { asOf: day(AS_OF) }).groups.find((g) => g.id === "fs-isac");
    expect(fsIsac?.relevance.factors.find((f) => f.id === "sectors")?.contribution).toBeGreaterThan(
      0,
    );
  });

  it("covers a jurisdiction only with a government CERT", () => {
    expect(
      gapSubjects({
        organisation: { name: "Acme", jurisdictions: ["GB"] },
        groups: [
          { id: "uk-isac", name: "UK ISAC", kind: "isac", jurisdictions: ["GB"] },
          professionalBody,
        ],
      }),
    ).toEqual(["jurisdiction:GB"]);
  });

  it("counts a government CERT serving EU as serving DE (and its subdivisions), not GB", () => {
    expect(
      gapSubjects({
        organisation: { name: "Acme", jurisdictions: ["DE", "DE-BY", "GB"] },
        groups: [
          { id: "cert-eu", name: "CERT-EU", kind: "government-cert", jurisdictions: ["EU"] },
          professionalBody,
        ],
      }),
    ).toEqual(["jurisdiction:GB"]);
  });

  it("counts a national CERT serving GB as serving GB-SCT, but not the other way round", () => {
    expect(
      gapSubjects({
        organisation: { name: "Acme", jurisdictions: ["GB-SCT"] },
        groups: [
          { id: "ncsc", name: "NCSC", kind: "government-cert", jurisdictions: ["GB"] },
          professionalBody,
        ],
      }),
    ).toEqual([]);
    expect(
      gapSubjects({
        organisation: { name: "Acme", jurisdictions: ["GB"] },
        groups: [
          { id: "sc3", name: "Scottish CERT", kind: "government-cert", jurisdictions: ["gb-sct"] },
          professionalBody,
        ],
      }),
    ).toEqual(["jurisdiction:GB"]);
  });

  it("counts a group covering a vendor as covering its products, not the other way round", () => {
    expect(
      gapSubjects({
        organisation: { name: "Acme", technologies: ["aws/lambda"] },
        groups: [
          {
            id: "aws",
            name: "AWS bulletins",
            kind: "vendor-bulletin",
            topics: { technologies: ["aws"] },
          },
          professionalBody,
        ],
      }),
    ).toEqual([]);
    expect(
      gapSubjects({
        organisation: { name: "Acme", technologies: ["aws"] },
        groups: [
          {
            id: "lambda",
            name: "Lambda forum",
            kind: "technical-forum",
            topics: { technologies: ["aws/lambda"] },
          },
          professionalBody,
        ],
      }),
    ).toEqual(["technology:aws"]);
  });

  it("does not treat a shared prefix as a vendor (aw does not cover aws/lambda)", () => {
    expect(
      gapSubjects({
        organisation: { name: "Acme", technologies: ["aws/lambda"] },
        groups: [
          { id: "aw", name: "AW", kind: "technical-forum", topics: { technologies: ["aw"] } },
          professionalBody,
        ],
      }),
    ).toEqual(["technology:aws/lambda"]);
  });

  it("normalises technology aliases on both sides", () => {
    expect(
      gapSubjects({
        organisation: { name: "Acme", technologies: ["Amazon Web Services", "Postgres"] },
        groups: [
          {
            id: "aws",
            name: "AWS bulletins",
            kind: "vendor-bulletin",
            topics: { technologies: ["aws"] },
          },
          {
            id: "pg",
            name: "PostgreSQL",
            kind: "vendor-bulletin",
            topics: { technologies: ["PostgreSQL"] },
          },
          professionalBody,
        ],
      }),
    ).toEqual([]);
    // The gap names the canonical token.
    expect(
      gapSubjects({
        organisation: { name: "Acme", technologies: ["Amazon Web Services"] },
        groups: [professionalBody],
      }),
    ).toEqual(["technology:aws"]);
  });

  it("does not count groups whose membership ended", () => {
    const ended = { status: "ended" as const, endedOn: "2025-01-01" };
    expect(
      gapSubjects({
        organisation: {
          name: "Acme",
          jurisdictions: ["GB"],
          technologies: ["postgresql"],
          sectors: ["finance"],
        },
        groups: [
          {
            id: "ncsc",
            name: "NCSC",
            kind: "government-cert",
            jurisdictions: ["GB"],
            membership: ended,
          },
          {
            id: "pg",
            name: "PostgreSQL",
            kind: "vendor-bulletin",
            topics: { technologies: ["postgresql"] },
            membership: ended,
          },
          {
            id: "fs-isac",
            name: "FS-ISAC",
            kind: "isac",
            topics: { sectors: ["finance"] },
            membership: ended,
          },
          { ...professionalBody, membership: ended },
        ],
      }),
    ).toEqual([
      "jurisdiction:GB",
      "technology:postgresql",
      "sector:finance",
      "professional-body:any",
    ]);
  });

  it("can be switched off by the policy", () => {
    const register = buildRegister({
      organisation: { name: "Acme", jurisdictions: ["GB"] },
      policy: { rules: { "coverage-gap": { enabled: false } } },
    });
    expect(findingsFor(register, "coverage-gap", AS_OF)).toEqual([]);
  });
});

describe("coverageGaps()", () => {
  it("returns the gaps as dimension and value, in profile order", () => {
    const register = buildRegister({
      organisation: {
        name: "Acme",
        jurisdictions: ["GB", "FR"],
        technologies: ["postgresql", "k8s"],
        sectors: ["finance", "health"],
      },
      groups: [
        { id: "anssi", name: "CERT-FR", kind: "government-cert", jurisdictions: ["FR"] },
        {
          id: "cncf",
          name: "CNCF security",
          kind: "technical-forum",
          topics: { technologies: ["kubernetes"], sectors: ["health"] },
        },
      ],
    });
    expect(coverageGaps(register.groups, register.organisation)).toEqual([
      { dimension: "jurisdiction", value: "GB" },
      { dimension: "technology", value: "postgresql" },
      { dimension: "sector", value: "finance" },
      { dimension: "professional-body", value: "any" },
    ]);
  });

  it("reports only the missing professional body for an empty profile", () => {
    expect(coverageGaps([], { jurisdictions: [], technologies: [], sectors: [] })).toEqual([
      { dimension: "professional-body", value: "any" },
    ]);
  });
});
