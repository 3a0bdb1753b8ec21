/**
 * Reads an OASIS CSAF 2.0 advisory (a `csaf_security_advisory` JSON document) into one sigreg
 * `FeedItem`: the advisory is what a team triages, with every CVE it covers. Pure: no I/O.
 */
import type { FeedItem } from "@sigreg/plugins";
import { err, ok, type Result } from "neverthrow";

/** What a CSAF document gave: the item, and entries skipped as malformed. */
export interface CsafReading {
  /** The advisory as a feed item. */
  item: FeedItem;
  /** Entries skipped, each naming the path in the document and what was expected. */
  problems: string[];
}

type Json = Record<string, unknown>;

const CVE = /^CVE-\d{4}-\d{4,}$/i;
/** CVSS v3 base severities (and the CSAF aggregate severity words) to sigreg alert severities. */
const SEVERITY: Record<string, FeedItem["severity"]> = {
  critical: "critical",
  high: "high",
  important: "high",
  medium: "medium",
  moderate: "medium",
  low: "low",
  none: "info",
};
const RANK = ["info", "low", "medium", "high", "critical"] as const;
/** Product statuses that mean "this product is affected". */
const AFFECTED = ["known_affected", "first_affected", "last_affected", "under_investigation"];

/**
 * Parses a CSAF 2.0 document. A document without `document.title` or `document.tracking.id` is
 * refused with the path of what is missing; a malformed vulnerability is skipped and reported.
 * @example
 * const reading = parseCsaf(JSON.parse(text), "https://psirt.example.com/sa.json");
 */
export function parseCsaf(document: unknown, file: string): Result<CsafReading, string> {
  const root = asObject(document);
  const head = asObject(root?.document);
  if (head === undefined) return err(`${file}: document: expected the CSAF document object`);
  const title = text(head.title);
  if (title === undefined) return err(`${file}: document.title: expected a non-empty string`);
  const tracking = asObject(head.tracking);
  const id = text(tracking?.id);
  if (id === undefined) return err(`${file}: document.tracking.id: expected the advisory id`);
  const problems: string[] = [];
  const published = date(tracking?.initial_release_date);
  const updated = date(tracking?.current_release_date);
  if (tracking?.current_release_date !== undefined && updated === undefined)
    problems.push(`${file}: document.tracking.current_release_date: expected an ISO 8601 date`);

  const products = productNames(root?.product_tree);
  const cves: string[] = [];
  const affected = new Set<string>();
  const categories = new Set<string>();
  const exploited: string[] = [];
  let severity = SEVERITY[(text(asObject(head.aggregate_severity)?.text) ?? "").toLowerCase()];
  for (const [index, entry] of asArray(root?.vulnerabilities).entries()) {
    const where = `${file}: vulnerabilities[${index}]`;
    const vulnerability = asObject(entry);
    if (vulnerability === undefined) {
      problems.push(`${where}: expected a vulnerability object`);
      continue;
    }
    const cve = text(vulnerability.cve);
    if (cve !== undefined && !CVE.test(cve))
      problems.push(`${where}.cve: expected a CVE id such as CVE-2024-3094, got "${cve}"`);
    else if (cve !== undefined) cves.push(cve.toUpperCase());
    const cwe = text(asObject(vulnerability.cwe)?.id);
    if (cwe !== undefined) categories.add(cwe);
    const status = asObject(vulnerability.product_status);
    for (const key of AFFECTED)
      for (const productId of asArray(status?.[key]))
        if (typeof productId === "string") affected.add(productId);
    for (const score of asArray(vulnerability.scores)) {
      const cvss = asObject(asObject(score)?.cvss_v3);
      severity = higher(severity, SEVERITY[(text(cvss?.baseSeverity) ?? "").toLowerCase()]);
    }
    for (const threat of asArray(vulnerability.threats)) {
      const t = asObject(threat);
      if (t?.category === "exploit_status" && text(t.details))
        exploited.push(text(t.details) ?? "");
    }
  }
  const names = [...affected].flatMap((productId) => products.get(productId) ?? []);
  const summary = [
    noteText(head.notes, "summary"),
    ...new Set(exploited.map((details) => `Exploit status: ${details}`)),
  ]
    .filter((part) => part !== undefined)
    .join(" ");
  const item: FeedItem = {
    id,
    title,
    categories: [...categories],
    ...optional("link", selfLink(head.references)),
    ...optional("summary", summary || undefined),
    ...optional("published", published),
    ...optional("updated", updated),
    ...optional("severity", severity),
    ...(cves.length > 0 ? { cves: [...new Set(cves)] } : {}),
    ...(names.length > 0 ? { products: [...new Set(names)] } : {}),
  };
  return ok({ item, problems });
}

/** Product id → `vendor/product` from the product tree's vendor and product_name branches. */
function productNames(tree: unknown): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (branches: unknown, vendor?: string, product?: string) => {
    for (const node of asArray(branches)) {
      const branch = asObject(node);
      if (branch === undefined) continue;
      const name = text(branch.name);
      const nextVendor = branch.category === "vendor" ? name : vendor;
      const nextProduct = branch.category === "product_name" ? name : product;
      const productId = text(asObject(branch.product)?.product_id);
      if (productId !== undefined && nextVendor !== undefined && nextProduct !== undefined)
        names.set(productId, `${nextVendor}/${nextProduct}`);
      walk(branch.branches, nextVendor, nextProduct);
    }
  };
  walk(asObject(tree)?.branches);
  return names;
}

function selfLink(references: unknown): string | undefined {
  for (const reference of asArray(references)) {
    const r = asObject(reference);
    if (r?.category === "self" && typeof r.url === "string" && /^https?:\/\//.test(r.url))
      return r.url;
  }
  return undefined;
}

function noteText(notes: unknown, category: string): string | undefined {
  for (const note of asArray(notes))
    if (asObject(note)?.category === category) return text(asObject(note)?.text);
  return undefined;
}

function higher(a: FeedItem["severity"], b: FeedItem["severity"]): FeedItem["severity"] {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return RANK.indexOf(a) >= RANK.indexOf(b) ? a : b;
}

function date(value: unknown): Date | undefined {
  if (typeof value !== "string") return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function asObject(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function optional<TKey extends string, TValue>(
  key: TKey,
  value: TValue | undefined,
): { [K in TKey]?: TValue } {
  return (value === undefined ? {} : { [key]: value }) as { [K in TKey]?: TValue };
}
