import { normaliseTechnology, TECHNOLOGY_ALIASES, topicMatches } from "@sigreg/core";

const CVE_PATTERN = /\bCVE-\d{4}-\d{4,7}\b/gi;

/** CVE ids in a text, upper-cased and de-duplicated, in order of appearance. */
export function extractCves(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(CVE_PATTERN)) found.add(match[0].toUpperCase());
  return [...found];
}

/** The text of an alert that relevance reads for technologies and themes: title, summary, products. @internal */
export function alertText(alert: {
  title?: string;
  summary?: string;
  products?: readonly string[];
}): string {
  return [alert.title ?? "", alert.summary ?? "", ...(alert.products ?? [])].join(" ");
}

/**
 * The technology tokens a text names: each word and each pair of adjacent words (`node js`,
 * `apache tomcat`), in token form, through the alias table (`golang` → `go`).
 */
export function textTokens(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9.+#]+/)
    .map((word) => word.replace(/^\.+|\.+$/g, ""))
    .filter((word) => word !== "");
  const tokens = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    tokens.add(TECHNOLOGY_ALIASES[word] ?? word);
    const next = words[i + 1];
    if (next !== undefined) {
      const pair = `${word}-${next}`;
      tokens.add(TECHNOLOGY_ALIASES[pair] ?? pair);
    }
  }
  return tokens;
}

/** How one of the organisation's technologies matched an alert. */
export interface TechnologyMatch {
  /** The organisation's technology (`vendor` or `vendor/product`). */
  technology: string;
  /** 1 for the same product (or a vendor the organisation uses wholesale), 0.6 for the vendor only. */
  strength: number;
  /** Where it matched: a product the source names, or the alert's text. */
  via: "product" | "text";
}

/**
 * Matches the organisation's technologies against an alert's products (`vendor/product`, as KEV
 * names them) and, failing that, against the words of its title, summary and categories.
 */
export function matchTechnologies(
  ours: readonly string[],
  products: readonly string[],
  tokens: ReadonlySet<string>,
): TechnologyMatch[] {
  const normalised = products.map(normaliseTechnology);
  const matches: TechnologyMatch[] = [];
  for (const technology of ours) {
    const product = productStrength(technology, normalised);
    if (product > 0) {
      matches.push({ technology, strength: product, via: "product" });
      continue;
    }
    const parts = technology.split("/");
    const name = parts.at(-1) as string;
    if (tokens.has(technology) || (name.length >= 3 && tokens.has(name)))
      matches.push({ technology, strength: parts.length > 1 ? 1 : 0.8, via: "text" });
  }
  return matches;
}

function productStrength(technology: string, products: readonly string[]): number {
  let best = 0;
  for (const product of products) {
    if (topicMatches(product, technology) || topicMatches(technology, product)) return 1;
    const vendor = product.split("/")[0];
    if (vendor !== undefined && technology.split("/")[0] === vendor) best = 0.6;
  }
  return best;
}
