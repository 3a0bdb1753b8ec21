import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "./helpers.js";

const example = fileURLToPath(
  new URL("../../../examples/ai-company/register.yaml", import.meta.url),
);

describe("examples/ai-company", () => {
  it("shows exactly the deliberate gaps its README lists, as of 2026-11-23", async () => {
    const { code, stdout, stderr } = await run([
      "check",
      example,
      "--as-of",
      "2026-11-23",
      "--format",
      "json",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      verdict: string;
      findings: { ruleId: string; severity: string; subject: { id: string } }[];
    };
    expect(report.verdict).toBe("nonconformity");
    expect(report.findings.map((f) => `${f.severity} ${f.ruleId} ${f.subject.id}`)).toEqual([
      "minor group-owner-inactive bsi",
      "minor social-media-unformalised bluesky-ai-researchers",
      "minor group-relevance-undocumented pytorch-security",
      "minor alert-untriaged al-2026-012",
      "observation group-dormant mitre-atlas",
      "observation membership-lapsed isc2",
      "observation authority-in-register ico",
      "observation coverage-gap technology:postgresql",
    ]);
  });
});
