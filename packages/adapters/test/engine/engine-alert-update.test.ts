import { memoryStorage } from "@sigreg/adapters/memory";
import { alertSchema, createSigreg, type SigregTenant } from "@sigreg/core";
import { beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE, steppingClock } from "./fixtures.js";

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const ingested = {
  id: "kev-cve-2025-0001",
  group: "cisa",
  title: "Acme Widget RCE",
  received: "2026-11-20",
  severity: "high" as const,
  cves: ["CVE-2025-0001"],
  summary: "Acme Widget allows remote code execution.",
  products: ["acme/widget"],
  dueDate: "2026-12-11",
  ransomware: true,
  source: {
    feed: "https://www.cisa.gov/kev.json",
    itemId: "CVE-2025-0001",
    hash: "0123456789abcdef",
  },
  relevance: { score: 72, push: true, reasons: ["technology acme/widget is ours"] },
};

describe("alert content fields and updateAlert", () => {
  let acme: SigregTenant;
  beforeEach(async () => {
    acme = createSigreg({ storage: memoryStorage(), clock: steppingClock() }).tenant("t1");
    (await acme.importRegister(EXAMPLE))._unsafeUnwrap();
  });

  it("stores the optional ingestion fields and reads them back with dates revived", async () => {
    (await acme.recordAlert(ingested))._unsafeUnwrap();
    const [stored] = (await collect(acme.alerts())).filter((alert) => alert.id === ingested.id);
    expect(stored?.dueDate).toEqual(new Date("2026-12-11T00:00:00Z"));
    expect(stored?.source).toEqual(ingested.source);
    expect(stored?.ransomware).toBe(true);
    expect(stored?.relevance?.push).toBe(true);
  });

  it("refuses a malformed source hash and an out-of-range score, naming the path", () => {
    const bad = alertSchema.safeParse({
      ...ingested,
      source: { ...ingested.source, hash: "not-hex" },
      relevance: { score: 140, push: true },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["source.hash", "relevance.score"]));
  });

  it("updates an alert's content and keeps its triage", async () => {
    (
      await acme.recordAlert({
        ...ingested,
        tickets: [{ system: "jira", key: "SEC-42", opened: "2026-11-21" }],
      })
    )._unsafeUnwrap();
    (
      await acme.triageAlert({
        alert: ingested.id,
        by: "priya-raman",
        decision: { type: "dismiss", reason: "we do not run Acme Widget" },
      })
    )._unsafeUnwrap();
    const updated = await acme.updateAlert({
      ...ingested,
      title: "Acme Widget RCE (updated)",
      state: "new",
      source: { ...ingested.source, hash: "fedcba9876543210" },
    });
    const value = updated._unsafeUnwrap().value;
    expect(value.title).toBe("Acme Widget RCE (updated)");
    expect(value.state).toBe("dismissed");
    expect(value.dismissedReason).toBe("we do not run Acme Widget");
    expect(value.triagedBy).toBe("priya-raman");
    expect(value.tickets).toEqual([expect.objectContaining({ system: "jira", key: "SEC-42" })]);
    const actions = (await collect(acme.evidence())).map((entry) => entry.action);
    expect(actions.at(-1)).toBe("alert.update");
    const verified = await acme.verifyEvidence();
    expect(verified.problem).toBeUndefined();
  });

  it("answers NOT_FOUND for an unknown alert and CONFLICT for a stale version", async () => {
    const missing = await acme.updateAlert({ ...ingested, id: "nope" });
    expect(missing._unsafeUnwrapErr()).toMatchObject({ code: "NOT_FOUND", id: "nope" });
    (await acme.recordAlert(ingested))._unsafeUnwrap();
    const stale = await acme.updateAlert(ingested, { expectedVersion: 99 });
    expect(stale._unsafeUnwrapErr()).toMatchObject({ code: "CONFLICT" });
  });

  it("refuses invalid content with the loader's message and path", async () => {
    (await acme.recordAlert(ingested))._unsafeUnwrap();
    const bad = await acme.updateAlert({ ...ingested, dueDate: "soon" });
    const error = bad._unsafeUnwrapErr();
    expect(error.code).toBe("REGISTER_INVALID");
    expect(JSON.stringify(error)).toContain("dueDate");
  });
});
