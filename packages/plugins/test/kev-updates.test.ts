import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinSources, createPluginHost, ingestFeed, type SourceState } from "../src/index.js";
import { alertsOf, tenantWith } from "./helpers/engine.js";
import { type LocalServer, localFetch, serve } from "./helpers/serve.js";

// The two real KEV catalog versions (see ../shared/data/README.md). CI always sets SIGREG_CORPUS;
// without it these tests skip rather than pass on invented fixtures.
const corpus = process.env.SIGREG_CORPUS;
const firstDay = new Date("2026-03-16T00:00:00Z");
const nextDay = new Date("2026-03-17T00:00:00Z");

type Entry = Record<string, unknown> & { cveID: string };
const catalog = (name: string) =>
  (
    JSON.parse(readFileSync(join(corpus as string, "kev", name), "utf8")) as {
      vulnerabilities: Entry[];
    }
  ).vulnerabilities;

/** Entries of `after` also in `before` whose fields an alert shows (all but `notes`) differ. */
function changedBetween(before: Entry[], after: Entry[]): string[] {
  const shown = ({ notes: _notes, ...rest }: Entry) => JSON.stringify(rest);
  const old = new Map(before.map((entry) => [entry.cveID, shown(entry)]));
  return after
    .filter((entry) => old.has(entry.cveID) && old.get(entry.cveID) !== shown(entry))
    .map((entry) => entry.cveID);
}

// Needs SIGREG_CORPUS (the shared real data); .ci/run always sets it.
describe.skipIf(corpus === undefined)(
  "real data: a KEV entry edited between catalog versions",
  () => {
    let server: LocalServer;
    const host = createPluginHost([builtinSources()])._unsafeUnwrap();
    beforeAll(async () => {
      server = await serve(corpus);
    });
    afterAll(() => server?.close());

    it("the second version adds the 22 new entries and updates the changed ones; a third run changes nothing", async () => {
      const earlierEntries = catalog("known_exploited_vulnerabilities.earlier.json");
      const currentEntries = catalog("known_exploited_vulnerabilities.json");
      const before = new Set(earlierEntries.map((entry) => entry.cveID));
      const added = currentEntries.map((e) => e.cveID).filter((cve) => !before.has(cve));
      const changed = changedBetween(earlierEntries, currentEntries);
      expect(added.length).toBe(22);
      // Both turned knownRansomwareCampaignUse from Unknown to Known.
      expect(changed.sort()).toEqual(["CVE-2025-53770", "CVE-2025-5777"]);

      const feed = (name: string) => ({
        url: `${server.url}/kev/${name}`,
        format: "cisa-kev" as const,
      });
      const { tenant, group } = await tenantWith({
        id: "cisa",
        name: "CISA",
        kind: "government-cert",
      });
      const run = async (name: string, now: Date, state?: SourceState) =>
        (
          await ingestFeed({
            tenant,
            host,
            group,
            feed: feed(name),
            fetch: localFetch,
            now,
            ...(state === undefined ? {} : { state }),
          })
        )._unsafeUnwrap();
      const alertOf = async (cve: string) =>
        (await alertsOf(tenant)).find((alert) => alert.id === `cisa.${cve.toLowerCase()}`);

      const first = await run("known_exploited_vulnerabilities.earlier.json", firstDay);
      expect(first.summary.created.length).toBe(1382);
      expect(await alertOf("CVE-2025-53770")).toMatchObject({
        ransomware: false,
        severity: "high",
      });
      const receivedBefore = (await alertOf("CVE-2025-53770"))?.received;

      const second = await run("known_exploited_vulnerabilities.json", nextDay, first.state);
      expect(second.summary.created.sort()).toEqual(
        added.map((cve) => `cisa.${cve.toLowerCase()}`).sort(),
      );
      expect(second.summary.updated.sort()).toEqual(
        changed.map((cve) => `cisa.${cve.toLowerCase()}`).sort(),
      );
      // Only what is new or changed is read as an item: the 1,380 unchanged entries are skipped.
      expect(second.summary.seen).toBe(added.length + changed.length);
      expect(second.summary.unchanged).toBe(0);
      const updated = await alertOf("CVE-2025-53770");
      expect(updated).toMatchObject({ ransomware: true, severity: "critical" });
      expect(updated?.summary).toContain(
        "This vulnerability could be chained with CVE-2025-53771.",
      );
      // The same alert, updated in place: it keeps the date it was first received.
      expect(updated?.received).toEqual(receivedBefore);
      expect(receivedBefore).toEqual(firstDay);
      expect(await alertOf("CVE-2025-5777")).toMatchObject({
        ransomware: true,
        severity: "critical",
      });
      expect((await alertsOf(tenant)).length).toBe(1404);

      const head = (await tenant.verifyEvidence()).head;
      const third = await run("known_exploited_vulnerabilities.json", nextDay, second.state);
      expect(third.summary).toMatchObject({ seen: 0, created: [], updated: [], unchanged: 0 });
      expect(third.state).toEqual(second.state);
      expect((await tenant.verifyEvidence()).head).toEqual(head);
      expect((await alertsOf(tenant)).length).toBe(1404);
    }, 60_000);
  },
);
