import { describe, expect, it } from "vitest";
import { escapeHtml } from "../src/notify/escape.js";
import { renderHtmlReport } from "../src/report/index.js";
import { dataRows, kevInput } from "./helpers/report-fixtures.js";

const corpus = process.env.SIGREG_CORPUS;

// The KEV catalog is real data kept outside the repository (see /work/shared/data/README.md);
// without SIGREG_CORPUS there is nothing to read, so this skips. CI always sets it.
describe.skipIf(corpus === undefined)(
  "HTML report of a register built from the CISA KEV catalog",
  () => {
    it("renders 230 vendor groups and 1,404 real alerts, counting, escaping and linking them right", async () => {
      const { input, entries, vendors } = await kevInput(corpus as string);
      const started = performance.now();
      const html = renderHtmlReport(input);
      const elapsed = performance.now() - started;

      // The chart window is the 12 calendar months ending with the catalog's month (2025-08),
      // counted here from the raw strings, independently of the report's date arithmetic.
      const inWindow = entries.filter(
        (entry) => entry.dateAdded >= "2024-09-01" && entry.dateAdded <= "2025-08-25",
      ).length;
      expect(inWindow).toBeGreaterThan(100);
      expect(dataRows(html, "Alert funnel")[1]).toBe(`Received|alerts received|${inWindow}|100%`);
      expect(html).toContain(
        `${inWindow} activities and alerts across ${vendors.length} groups from 2024-09 to 2025-08`,
      );

      expect(html).toContain(`<caption>${entries.length} alerts, newest first</caption>`);
      expect(html).toContain(`<caption>${vendors.length} groups, as of 2025-08-25</caption>`);
      for (const vendor of vendors) expect(html).toContain(escapeHtml(vendor));
      expect(html).toContain("Veeam Backup &amp; Replication Remote Code Execution Vulnerability");
      expect(html).not.toContain("Backup & Replication");
      // Every entry's notes carry an https link; each alert title links to its first one.
      const alertLinks =
        html.match(/<tr><th scope="row"><a href="https:\/\/[^"]+" rel="noopener noreferrer">/g) ??
        [];
      expect(alertLinks.length).toBe(entries.length);
      expect(elapsed).toBeLessThan(5000);
    });
  },
);
