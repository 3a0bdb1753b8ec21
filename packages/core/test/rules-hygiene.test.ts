import { describe, expect, it } from "vitest";
import { evaluate, type RegisterInput } from "../src/index.js";
import { buildRegister, day, daysBefore, findingsFor } from "./helpers/build.js";

const AS_OF = "2026-06-30";

type GroupInput = RegisterInput["groups"][number];

/** A group with nothing wrong as far as the hygiene rules are concerned; override what matters. */
function group(overrides: Partial<GroupInput> & { id: string }): GroupInput {
  return {
    name: `Group ${overrides.id}`,
    kind: "technical-forum",
    url: "https://example.org/",
    relevance: "Covers our stack.",
    ...overrides,
  };
}

const subjects = (findings: { subject: { type: string; id: string } }[]) =>
  findings.map((finding) => `${finding.subject.type}:${finding.subject.id}`);

describe("authority-in-register", () => {
  it("fires for a group of kind authority, citing A.5.5 and A.5.6", () => {
    const register = buildRegister({
      groups: [
        group({ id: "ico", name: "Information Commissioner's Office", kind: "authority" }),
        group({ id: "forum" }),
      ],
    });
    const findings = findingsFor(register, "authority-in-register", AS_OF);
    expect(subjects(findings)).toEqual(["group:ico"]);
    const [finding] = findings;
    expect(finding?.severity).toBe("observation");
    expect(finding?.controls).toContain("ISO27001:2022/A.5.5");
    expect(finding?.controls).toContain("ISO27001:2022/A.5.6");
    expect(finding?.message).toContain("Information Commissioner's Office");
    expect(finding?.message).toContain("A.5.5");
  });

  it("does not fire for any other kind", () => {
    const register = buildRegister({
      groups: [
        group({ id: "cert", kind: "government-cert", jurisdictions: ["GB"] }),
        group({ id: "other", kind: "other" }),
      ],
    });
    expect(findingsFor(register, "authority-in-register", AS_OF)).toEqual([]);
  });
});

describe("social-media-unformalised", () => {
  it("fires for a social-media source with no accounts", () => {
    const register = buildRegister({
      groups: [group({ id: "infosec-x", name: "Infosec on X", kind: "social-media" })],
    });
    const findings = findingsFor(register, "social-media-unformalised", AS_OF);
    expect(subjects(findings)).toEqual(["group:infosec-x"]);
    expect(findings[0]?.severity).toBe("minor");
    expect(findings[0]?.message).toContain("Infosec on X");
  });

  it("does not fire once a watched account is listed", () => {
    const register = buildRegister({
      groups: [
        group({
          id: "infosec-x",
          kind: "social-media",
          accounts: [{ platform: "mastodon", handle: "@cisa@infosec.exchange" }],
        }),
      ],
    });
    expect(findingsFor(register, "social-media-unformalised", AS_OF)).toEqual([]);
  });

  it("does not fire for other kinds without accounts", () => {
    const register = buildRegister({ groups: [group({ id: "forum", kind: "technical-forum" })] });
    expect(findingsFor(register, "social-media-unformalised", AS_OF)).toEqual([]);
  });
});

describe("group-contact-missing", () => {
  it("fires when a group has neither url nor contact", () => {
    const register = buildRegister({
      groups: [group({ id: "nowhere", name: "Nowhere Forum", url: undefined })],
    });
    const findings = findingsFor(register, "group-contact-missing", AS_OF);
    expect(subjects(findings)).toEqual(["group:nowhere"]);
    expect(findings[0]?.severity).toBe("minor");
    expect(findings[0]?.message).toContain("Nowhere Forum");
  });

  it("is cleared by a url alone", () => {
    const register = buildRegister({
      groups: [group({ id: "web", url: "https://forum.example.org/" })],
    });
    expect(findingsFor(register, "group-contact-missing", AS_OF)).toEqual([]);
  });

  it("is cleared by a contact alone", () => {
    const register = buildRegister({
      groups: [group({ id: "mail", url: undefined, contact: "liaison@forum.example.org" })],
    });
    expect(findingsFor(register, "group-contact-missing", AS_OF)).toEqual([]);
  });
});

describe("group-relevance-undocumented", () => {
  it("fires for a group with no relevance statement, only that group", () => {
    const register = buildRegister({
      groups: [
        group({ id: "why", name: "Why Are We Here", relevance: undefined }),
        group({ id: "documented", relevance: "Early warning of PostgreSQL CVEs." }),
      ],
    });
    const findings = findingsFor(register, "group-relevance-undocumented", AS_OF);
    expect(subjects(findings)).toEqual(["group:why"]);
    expect(findings[0]?.severity).toBe("minor");
    expect(findings[0]?.message).toContain("Why Are We Here");
  });
});

describe("group-low-relevance", () => {
  const organisation = {
    name: "Acme Bank",
    sectors: ["finance"],
    jurisdictions: ["GB"],
    technologies: ["aws", "postgresql"],
    regulations: ["dora"],
    riskThemes: ["ransomware"],
  };

  /** Topics that match nothing in the profile, kind `other`, no activity: a score of about 6. */
  const offTopic = group({
    id: "knitting",
    name: "Knitting Security Circle",
    kind: "other",
    topics: {
      sectors: ["textiles"],
      technologies: ["cobol"],
      regulations: ["hipaa"],
      riskThemes: ["espionage"],
    },
  });

  const wellMatched = group({
    id: "fs-isac",
    name: "FS-ISAC",
    kind: "isac",
    jurisdictions: ["GB"],
    purposes: ["threat-alerts"],
    expectedCadence: "weekly",
    topics: {
      sectors: ["finance"],
      technologies: ["aws", "postgresql"],
      regulations: ["dora"],
      riskThemes: ["ransomware"],
    },
  });

  const activities = [0, 7, 14, 21].map((ago) => ({
    group: "fs-isac",
    date: daysBefore(AS_OF, ago),
    type: "newsletter" as const,
  }));

  it("fires as an opportunity for an off-topic, silent group, stating its score", () => {
    const register = buildRegister({ organisation, groups: [offTopic, wellMatched], activities });
    const result = evaluate(register, { asOf: day(AS_OF) });
    const score = result.groups.find((g) => g.id === "knitting")?.relevance.score;
    expect(score).toBeDefined();
    expect(score).toBeLessThan(30);
    const findings = result.findings.filter((f) => f.ruleId === "group-low-relevance");
    expect(subjects(findings)).toEqual(["group:knitting"]);
    expect(findings[0]?.severity).toBe("opportunity");
    expect(findings[0]?.message).toContain(`scores ${score} for relevance`);
    expect(findings[0]?.message).toContain("minimum 30");
    expect(findings[0]?.message).toContain("Knitting Security Circle");
  });

  it("does not fire for a well-matched, active group", () => {
    const register = buildRegister({ organisation, groups: [wellMatched], activities });
    const result = evaluate(register, { asOf: day(AS_OF) });
    expect(result.groups[0]?.relevance.score).toBeGreaterThanOrEqual(30);
    expect(result.findings.filter((f) => f.ruleId === "group-low-relevance")).toEqual([]);
  });

  it("follows the register's minRelevance: a score equal to it passes, one below it fires", () => {
    const base = buildRegister({ organisation, groups: [wellMatched], activities });
    const score = evaluate(base, { asOf: day(AS_OF) }).groups[0]?.relevance.score as number;
    expect(score).toBeGreaterThan(30);

    const atScore = buildRegister({
      organisation,
      groups: [wellMatched],
      activities,
      policy: { minRelevance: score },
    });
    expect(findingsFor(atScore, "group-low-relevance", AS_OF)).toEqual([]);

    const aboveScore = buildRegister({
      organisation,
      groups: [wellMatched],
      activities,
      policy: { minRelevance: score + 1 },
    });
    const findings = findingsFor(aboveScore, "group-low-relevance", AS_OF);
    expect(subjects(findings)).toEqual(["group:fs-isac"]);
    expect(findings[0]?.message).toContain(`minimum ${score + 1}`);
  });

  it("follows a minRelevance passed to evaluate, over the register's", () => {
    const register = buildRegister({ organisation, groups: [offTopic] });
    expect(findingsFor(register, "group-low-relevance", AS_OF)).toHaveLength(1);
    expect(
      findingsFor(register, "group-low-relevance", AS_OF, { policy: { minRelevance: 0 } }),
    ).toEqual([]);
  });

  it("skips authority groups, however low they score", () => {
    const register = buildRegister({
      organisation,
      groups: [{ ...offTopic, id: "police", name: "Police Cyber Unit", kind: "authority" }],
    });
    const result = evaluate(register, { asOf: day(AS_OF) });
    expect(result.groups[0]?.relevance.score).toBeLessThan(30);
    expect(result.findings.filter((f) => f.ruleId === "group-low-relevance")).toEqual([]);
    // It is reported, but as an authority.
    expect(subjects(result.findings.filter((f) => f.ruleId === "authority-in-register"))).toEqual([
      "group:police",
    ]);
  });
});

describe("ended memberships", () => {
  const ended = { status: "ended" as const, since: "2020-01-01", endedOn: "2025-01-01" };

  it("are skipped by every hygiene rule", () => {
    const register = buildRegister({
      organisation: { name: "Acme", sectors: ["finance"], technologies: ["aws"] },
      groups: [
        { id: "old-authority", name: "Old authority", kind: "authority", membership: ended },
        { id: "old-social", name: "Old social", kind: "social-media", membership: ended },
        {
          id: "old-other",
          name: "Old other",
          kind: "other",
          topics: { sectors: ["textiles"] },
          membership: ended,
        },
      ],
    });
    for (const ruleId of [
      "authority-in-register",
      "social-media-unformalised",
      "group-contact-missing",
      "group-relevance-undocumented",
      "group-low-relevance",
    ]) {
      expect(findingsFor(register, ruleId, AS_OF), ruleId).toEqual([]);
    }
  });

  it("while the same groups, not ended, would fire", () => {
    const register = buildRegister({
      organisation: { name: "Acme", sectors: ["finance"], technologies: ["aws"] },
      groups: [
        { id: "old-authority", name: "Old authority", kind: "authority" },
        { id: "old-social", name: "Old social", kind: "social-media" },
        { id: "old-other", name: "Old other", kind: "other", topics: { sectors: ["textiles"] } },
      ],
    });
    expect(findingsFor(register, "authority-in-register", AS_OF)).toHaveLength(1);
    expect(findingsFor(register, "social-media-unformalised", AS_OF)).toHaveLength(1);
    expect(findingsFor(register, "group-contact-missing", AS_OF)).toHaveLength(3);
    expect(findingsFor(register, "group-relevance-undocumented", AS_OF)).toHaveLength(3);
    // The social-media source names no topics (general, half credit) and scores above 30.
    expect(subjects(findingsFor(register, "group-low-relevance", AS_OF))).toEqual([
      "group:old-other",
    ]);
  });
});
