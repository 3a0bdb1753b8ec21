const NAMED: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  copy: "©",
  reg: "®",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
};

/**
 * Decodes the standard named entities and numeric character references in one pass; an unknown
 * name, an out-of-range code point or a surrogate stays as written. Never recursive, so decoded
 * text is never decoded again.
 * @example decodeEntities("A &amp;amp; B &#233;") // "A &amp; B é"
 */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/g, (whole, ref) => {
    if (ref[0] !== "#") return Object.hasOwn(NAMED, ref) ? (NAMED[ref] as string) : whole;
    const code =
      ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : whole;
  });
}

/** HTML (or text) as one line of plain text: tags dropped, entities decoded, spaces collapsed. */
export function plainText(html: string | undefined, maxLength = 2000): string | undefined {
  if (html === undefined) return undefined;
  // Bounding the input keeps every regex below linear in practice, whatever the feed sends.
  const bounded = html.slice(0, 100_000);
  const fromPrefix = bounded.length > maxLength * 4 ? prefixText(bounded, maxLength) : undefined;
  if (fromPrefix !== undefined) return fromPrefix;
  const text = toText(bounded).trim();
  if (text === "") return undefined;
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

function stripTags(html: string): string {
  return html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ").replace(/<[^>]*>/g, " ");
}

function toText(html: string): string {
  // Most feed text holds no markup at all: skip both scans then (same result, less work).
  return collapseSpaces(decodeEntities(html.includes("<") ? stripTags(html) : html));
}

/**
 * Every run of white space as one space, like `.replace(/\s+/g, " ")`, without rewriting the
 * single spaces that make up most of it: a run of two or more, or one other white-space
 * character, is what gets replaced.
 */
function collapseSpaces(text: string): string {
  return text.replace(/\s\s+|[^\S ]/g, " ");
}

/**
 * The truncated result of a long body read from a prefix only, when that is provably the same
 * as reading it all: the prefix ends just after a `>`, so no tag, entity or script/style block
 * found in it continues past the cut (checked: none is left open), and it yields more text than
 * is kept. Otherwise `undefined`, and the whole body is read.
 */
function prefixText(html: string, maxLength: number): string | undefined {
  const close = html.indexOf(">", maxLength * 4);
  if (close === -1) return undefined;
  const head = html.slice(0, close + 1);
  const withoutBlocks = head.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ");
  if (!withoutBlocks.endsWith(">") || /<(script|style)\b/i.test(withoutBlocks)) return undefined;
  const text = collapseSpaces(decodeEntities(withoutBlocks.replace(/<[^>]*>/g, " "))).trimStart();
  return text.length >= maxLength + 2 ? `${text.slice(0, maxLength - 1)}…` : undefined;
}
