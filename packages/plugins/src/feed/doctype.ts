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

/** Whether the prolog of an XML document holds a document type declaration. @internal */
export function hasDoctype(xml: string): boolean {
  return doctypeStart(xml) !== -1;
}

/**
 * Where `<!DOCTYPE` starts, if it comes before the root element: the prolog (a byte-order mark,
 * the XML declaration, processing instructions, comments and space) is walked, never the body,
 * so a large feed costs nothing here and a comment that mentions a DOCTYPE hides no real one.
 */
function doctypeStart(xml: string): number {
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
    if (xml.startsWith("<?", i)) i = after(xml, "?>", i + 2);
    else if (xml.startsWith("<!--", i)) i = after(xml, "-->", i + 4);
    else return /^<!DOCTYPE/i.test(xml.slice(i, i + 9)) ? i : -1;
    if (i === -1) return -1;
  }
}

function after(xml: string, end: string, from: number): number {
  const at = xml.indexOf(end, from);
  return at === -1 ? -1 : at + end.length;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
