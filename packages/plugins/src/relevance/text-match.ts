import { normaliseTechnology, TECHNOLOGY_ALIASES, topicMatches } from "@sigreg/core";

const CVE_PATTERN = /\bCVE-\d{4}-\d{4,7}\b/gi;

/** CVE ids in a text, upper-cased and de-duplicated, in order of appearance. */
export function extractCves(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(CVE_PATTERN)) found.add(match[0].toUpperCase());
  return [...found];
}

/**
 * The text of an alert that relevance reads for technologies and themes: title, summary, products
 * and categories (an advisory tagged `Apache Tomcat` names Tomcat as surely as its title would).
 * @internal
 */
export function alertText(alert: {
  title?: string;
  summary?: string;
  products?: readonly string[];
  categories?: readonly string[];
}): string {
  return [
    alert.title ?? "",
    alert.summary ?? "",
    ...(alert.products ?? []),
    ...(alert.categories ?? []),
  ].join(" ");
}

/**
 * The technology tokens a text names: each word and each pair of adjacent words (`node js`,
 * `apache tomcat`), in token form, through the alias table (`golang` → `go`).
 */
export function textTokens(text: string): Set<string> {
  const tokens = new Set<string>();
  eachTextToken(text, (token) => tokens.add(token));
  return tokens;
}

/**
 * Gives each token of {@link textTokens} to `visit`, in the same order, repeats included (for a
 * caller that keeps them its own way, without a Set per text). @internal
 */
export function eachTextToken(text: string, visit: (token: string) => void): void {
  let previous: string | undefined;
  for (let word of text.toLowerCase().split(WORD_BREAK)) {
    // Dots at either end are not part of a word (`node.js.` is `node.js`).
    if (word.charCodeAt(0) === DOT || word.charCodeAt(word.length - 1) === DOT)
      word = word.replace(END_DOTS, "");
    if (word === "") continue;
    // Each pair of adjacent words comes just before its second word.
    if (previous !== undefined) {
      const pair = `${previous}-${word}`;
      visit(TECHNOLOGY_ALIASES[pair] ?? pair);
    }
    visit(TECHNOLOGY_ALIASES[word] ?? word);
    previous = word;
  }
}

const WORD_BREAK = /[^a-z0-9.+#]+/;
const END_DOTS = /^\.+|\.+$/g;
const DOT = 0x2e;

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
