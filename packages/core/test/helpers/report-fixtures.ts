/**
 * Registers for the HTML report tests: the shipped example, and a small register whose every
 * user-supplied string is an XSS probe (some URLs are set after parsing, as a register read from a
 * store that skipped validation could carry them).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import {
  type ExportInput,
  evaluate,
  loadRegisterFile,
  type Register,
  registerSchema,
} from "../../src/index.js";
import { buildRegister, day } from "./build.js";

/** The day the reports are evaluated for. */
export const AS_OF = day("2026-11-23");
/** A fixed generation time, so two renders can be compared byte for byte. */
export const GENERATED_AT = new Date("2026-11-23T10:00:00Z");

/** Probes that must render as text, never as markup. */
export const PROBES = {
  group: "<img src=x onerror=alert(1)>",
  organisation: "</title><script>alert('org')</script>",
  alert: '<svg onload="alert(2)">',
  channel: '"><script>alert(3)</script>',
  person: "<b onmouseover=alert(4)>Mallory</b>",
  notes: "</td></tr></table><iframe srcdoc='<script>alert(5)</script>'></iframe>",
  summary: "<a href='javascript:alert(6)'>click</a>",
} as const;

/** The example register shipped in `examples/ai-company`. */
export async function exampleInput(): Promise<ExportInput> {
  const path = fileURLToPath(
    new URL("../../../../examples/ai-company/register.yaml", import.meta.url),
  );
  const loaded = await loadRegisterFile(path);
  if (loaded.isErr())
    throw new Error(`example register does not load: ${JSON.stringify(loaded.error)}`);
  return inputFor(loaded.value);
}

/** An export input for a register evaluated as of {@link AS_OF}. */
export function inputFor(register: Register): ExportInput {
  return { register, evaluation: evaluate(register, { asOf: AS_OF }), generatedAt: GENERATED_AT };
}

/** A register whose names, titles, channels and notes are XSS probes, with `javascript:` URLs. */
export function probeRegister(): Register {
  const register = buildRegister({
    organisation: { name: PROBES.organisation, jurisdictions: ["GB"], technologies: ["linux"] },
    people: [{ id: "mallory", name: PROBES.person }],
    groups: [
      {
        id: "evil",
        name: PROBES.group,
        kind: "isac",
        owner: "mallory",
        url: "https://example.org/isac",
        membership: { status: "active", since: "2026-01-10" },
        topics: { technologies: ["linux"] },
      },
    ],
    activities: [
      {
        group: "evil",
        date: "2026-10-02",
        type: "meeting",
        summary: PROBES.summary,
        actions: [{ type: "awareness", on: "2026-10-03", note: PROBES.summary }],
      },
    ],
    alerts: [
      {
        id: "al-1",
        group: "evil",
        title: PROBES.alert,
        received: "2026-11-01",
        severity: "high",
        state: "actioned",
        triagedBy: "mallory",
        triagedOn: "2026-11-02",
        sharedTo: [{ channel: PROBES.channel, on: "2026-11-02" }],
        actions: [
          {
            type: "ticket",
            ref: "SEC-1",
            url: "https://tickets.example.org/SEC-1",
            on: "2026-11-03",
          },
        ],
      },
    ],
    reviews: [{ date: "2026-06-01", reviewer: "mallory", notes: PROBES.notes }],
  });
  const group = register.groups[0];
  const alert = register.alerts[0];
  if (group === undefined || alert === undefined) throw new Error("probe register lost its data");
  // Unvalidated data can reach an exporter (a store, a plugin): the report must not trust URLs.
  group.url = "javascript:alert(7)";
  alert.url = "JaVaScRiPt:alert(8)";
  const action = alert.actions[0];
  if (action !== undefined) action.url = " javascript:alert(9)";
  return register;
}

/** The text of a chart's fallback data table, row by row, cells joined with `|`. */
export function dataRows(html: string, caption: string): string[] {
  const start = html.indexOf(`<caption>${caption}</caption>`);
  expect(start, `data table "${caption}"`).toBeGreaterThan(-1);
  const table = html.slice(start, html.indexOf("</table>", start));
  return [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? "").matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => cell[1]).join("|"),
  );
}

/** One entry of CISA's Known Exploited Vulnerabilities catalog, the fields the tests use. */
export interface KevEntry {
  cveID: string;
  vendorProject: string;
  vulnerabilityName: string;
  dateAdded: string;
  notes: string;
}

/**
 * A register built from the real KEV catalog under `corpus`: one vendor-bulletin group per vendor
 * and one alert per entry (received on `dateAdded`, linked to the first https URL of its notes),
 * evaluated as of the catalog's release date.
 */
export async function kevInput(
  corpus: string,
): Promise<{ input: ExportInput; entries: KevEntry[]; vendors: string[] }> {
  const path = join(corpus, "kev", "known_exploited_vulnerabilities.json");
  const catalog = JSON.parse(await readFile(path, "utf8")) as {
    dateReleased: string;
    vulnerabilities: KevEntry[];
  };
  const entries = catalog.vulnerabilities;
  const vendors = [...new Set(entries.map((entry) => entry.vendorProject.trim()))];
  const groupId = new Map(vendors.map((vendor, index) => [vendor, `vendor-${index}`]));
  const register = registerSchema.parse({
    organisation: { name: "KEV reader" },
    groups: vendors.map((vendor) => ({
      id: groupId.get(vendor),
      name: vendor,
      kind: "vendor-bulletin",
    })),
    alerts: entries.map((entry) => ({
      id: entry.cveID,
      group: groupId.get(entry.vendorProject.trim()),
      title: entry.vulnerabilityName,
      received: entry.dateAdded,
      cves: [entry.cveID],
      url: /https:\/\/[^\s;]+/.exec(entry.notes)?.[0],
    })),
  });
  const asOf = new Date(catalog.dateReleased);
  return {
    input: { register, evaluation: evaluate(register, { asOf }), generatedAt: asOf },
    entries,
    vendors,
  };
}
