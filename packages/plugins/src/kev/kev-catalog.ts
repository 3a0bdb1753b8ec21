import { err, ok, type Result } from "neverthrow";
import { z } from "zod";
import type { FeedItem } from "../sdk/types.js";

/** Collapses runs of white space and trims, for the catalog's stray spaces (`"SimpleHelp "`). */
const clean = z.string().transform((value) => value.replace(/\s+/g, " ").trim());
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date such as 2025-08-25");

/** One entry of the CISA Known Exploited Vulnerabilities catalog, as published. */
export const kevEntrySchema = z.object({
  cveID: z
    .string()
    .trim()
    .regex(/^CVE-\d{4}-\d{4,}$/i, "expected a CVE id such as CVE-2024-3094")
    .describe("The CVE id."),
  vendorProject: clean
    .pipe(z.string().min(1, "expected a vendor or project name"))
    .describe("Vendor or project, trimmed."),
  product: clean.pipe(z.string().min(1, "expected a product name")).describe("Product, trimmed."),
  vulnerabilityName: clean.describe("CISA's name for the vulnerability."),
  dateAdded: day.describe("When CISA added it to the catalog."),
  shortDescription: clean.describe("What the vulnerability is."),
  requiredAction: clean.optional().describe("What federal agencies must do."),
  dueDate: day.optional().describe("When federal agencies must have done it."),
  knownRansomwareCampaignUse: clean
    .optional()
    .describe("`Known` when ransomware campaigns use it, else `Unknown`."),
  notes: clean.optional().describe("References, several joined with ` ; `."),
  cwes: z.array(z.string()).optional().describe("CWE ids."),
});
/** A CISA KEV entry. */
export type KevEntry = z.infer<typeof kevEntrySchema>;

const catalogShape = z.object({
  catalogVersion: clean.pipe(z.string().min(1, "expected the catalog version")),
  vulnerabilities: z.array(z.unknown()),
});

/** A catalog as read: its version, the entries that were well-formed, and what was skipped. */
export interface KevCatalog {
  /** `catalogVersion`, e.g. `2025.08.25`. */
  version: string;
  /** Well-formed entries, in catalog order. */
  entries: KevEntry[];
  /** Entries skipped, each naming its path and what was expected. */
  problems: string[];
}

/**
 * Reads a KEV catalog document. The whole document is refused only when its shape is wrong (no
 * version or no list); a malformed entry is skipped and named in `problems`.
 */
export function parseKevCatalog(source: string, json: unknown): Result<KevCatalog, string> {
  const shape = catalogShape.safeParse(json);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    return err(`${source}: ${issue?.path.join(".") || "(document)"}: ${issue?.message}`);
  }
  const entries: KevEntry[] = [];
  const problems: string[] = [];
  shape.data.vulnerabilities.forEach((raw, index) => {
    const entry = kevEntrySchema.safeParse(raw);
    if (entry.success) entries.push(entry.data);
    else
      for (const issue of entry.error.issues)
        problems.push(
          `${source}: vulnerabilities[${index}].${issue.path.join(".")}: ${issue.message}`,
        );
  });
  return ok({ version: shape.data.catalogVersion, entries, problems });
}

/** A KEV entry as a feed item: NVD link, `vendor/product`, due date and ransomware use. */
export function kevItem(entry: KevEntry): FeedItem {
  const cve = entry.cveID.toUpperCase();
  const ransomware = entry.knownRansomwareCampaignUse?.toLowerCase() === "known";
  const summary = [
    entry.shortDescription,
    entry.requiredAction && `Required action: ${entry.requiredAction}`,
  ]
    .filter(Boolean)
    .join(" ");
  const item: FeedItem = {
    id: cve,
    title: entry.vulnerabilityName === "" ? cve : `${cve}: ${entry.vulnerabilityName}`,
    link: `https://nvd.nist.gov/vuln/detail/${cve}`,
    published: new Date(`${entry.dateAdded}T00:00:00Z`),
    categories: entry.cwes?.map((cwe) => cwe.trim()).filter(Boolean) ?? [],
    // Known exploitation makes every entry at least high; known ransomware use makes it critical.
    severity: ransomware ? "critical" : "high",
    cves: [cve],
    products: [`${entry.vendorProject}/${entry.product}`],
    ransomware,
  };
  if (summary !== "") item.summary = summary;
  if (entry.dueDate !== undefined) item.dueDate = new Date(`${entry.dueDate}T00:00:00Z`);
  return item;
}
