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
    if (ref[0] !== "#") return NAMED[ref] ?? whole;
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
  // Most feed text holds no markup at all: skip both scans then (same result, less work).
  const text = decodeEntities(
    bounded.includes("<")
      ? bounded.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ").replace(/<[^>]*>/g, " ")
      : bounded,
  )
    .replace(/\s+/g, " ")
    .trim();
  if (text === "") return undefined;
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
