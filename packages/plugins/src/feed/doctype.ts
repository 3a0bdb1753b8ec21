/**
 * Removes a document type declaration (and its internal subset) from the prolog of an XML
 * document, in one linear pass. Feeds never need one, and without it no entity can be declared:
 * billion-laughs and quadratic blow-up payloads stay as short literal text, and an external
 * entity (XXE) is never resolved or read. Returns `undefined` for an unterminated declaration.
 */
export function stripDoctype(xml: string): string | undefined {
  const start = doctypeStart(xml);
  if (start === -1) return xml;
  let depth = 0;
  let quote = "";
  for (let i = start + 9; i < xml.length; i++) {
    const c = xml[i];
    if (quote !== "") {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (c === ">" && depth <= 0) return xml.slice(0, start) + xml.slice(i + 1);
  }
  return undefined;
}

/** Where `<!DOCTYPE` starts, if it comes before the root element. */
function doctypeStart(xml: string): number {
  const at = xml.search(/<!DOCTYPE/i);
  if (at === -1) return -1;
  // Only the prolog may hold one: before it, only the declaration, comments, PIs and space.
  const before = xml.slice(0, at).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|\s+/g, "");
  return before === "" || before === "\uFEFF" ? at : -1;
}
