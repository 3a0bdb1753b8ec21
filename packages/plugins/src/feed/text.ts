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
  return text.replace(
    /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/g,
    (whole, ref) => decodeReference(ref) ?? whole,
  );
}

/** The character a reference (`amp`, `#233`, `#xE9`: what stands between `&` and `;`) stands for, if known. */
function decodeReference(ref: string): string | undefined {
  if (ref.charCodeAt(0) !== 0x23) return Object.hasOwn(NAMED, ref) ? NAMED[ref] : undefined;
  const hex = ref.charCodeAt(1) === 0x78 || ref.charCodeAt(1) === 0x58;
  const code = hex ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
  const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
  return valid ? String.fromCodePoint(code) : undefined;
}

/**
 * HTML (or text) as one line of plain text: tags dropped, entities decoded, spaces collapsed.
 *
 * One left-to-right pass giving exactly what these steps give, in this order: script and style
 * blocks (`<script …>…</script >`, any case) replaced by a space, then every tag (`<` to the next
 * `>`) by a space, then {@link decodeEntities}, then every run of white space made one space and
 * the ends trimmed; longer than `maxLength`, the text is cut to `maxLength - 1` characters and `…`.
 * Only the first 100,000 characters are read, and reading stops once the kept text is longer than
 * `maxLength` (nothing later can change it).
 */
export function plainText(html: string | undefined, maxLength = 2000): string | undefined {
  if (html === undefined) return undefined;
  const text = html.length > 100_000 ? html.slice(0, 100_000) : html;
  const end = text.length;
  // Once the kept text is longer than `maxLength`, its first `maxLength - 1` characters are final.
  const limit = maxLength >= 1 ? maxLength + 1 : Number.POSITIVE_INFINITY;
  let out = "";
  let length = 0;
  let space = false; // white space seen since the last character kept
  let run = -1; // start of the literal text being copied as it is, or -1

  let i = 0;
  while (i < end) {
    let code = text.charCodeAt(i);
    if (code !== 0x3c && code !== 0x26 && !(code === 0x20 ? run === -1 : isWhiteSpace(code))) {
      // Up to the next character that needs a look, the text is copied as it is.
      SPECIAL.lastIndex = i;
      const at = SPECIAL.test(text) ? SPECIAL.lastIndex - 1 : end;
      if (run === -1) run = i;
      i = at;
      if (i === end) break;
      code = text.charCodeAt(i);
    } else if (code === 0x20 && run === -1 && i + 1 < end && isPlain(text.charCodeAt(i + 1))) {
      // A single space before a literal character, with no run open: white space.
      space = true;
      run = i + 1;
      i++;
      continue;
    }
    let next = -1; // where the scan goes on after markup, an entity or white space
    let decoded: string | undefined;
    if (code === 0x3c) {
      // Script and style blocks go first (the first step), wherever a tag would end; a block
      // can only start at a `<` the scan meets, here or inside a tag's span below.
      const block = blockEndAt(text, i);
      if (block !== -1) next = block;
      else {
        // A tag runs to the next `>` left once script and style blocks are gone (the blocks it
        // spans go with it); with no `>` left, the `<` is text.
        let close = text.indexOf(">", i + 1);
        let inner = text.indexOf("<", i + 1);
        while (close !== -1 && inner !== -1 && inner < close) {
          const innerEnd = blockEndAt(text, inner);
          if (innerEnd === -1) inner = text.indexOf("<", inner + 1);
          else {
            close = text.indexOf(">", innerEnd);
            inner = text.indexOf("<", innerEnd);
          }
        }
        if (close !== -1) next = close + 1;
      }
    } else if (code === 0x26) {
      const semicolon = entityEnd(text, i + 1, end);
      if (semicolon !== -1) {
        decoded = decodeReference(text.slice(i + 1, semicolon));
        if (decoded !== undefined) next = semicolon + 1;
      }
    } else {
      next = i + 1;
      while (next < end && isWhiteSpace(text.charCodeAt(next))) next++;
    }
    if (next === -1) {
      // A `<` that opens no tag, or an `&` that is no reference: literal text.
      if (run === -1) run = i;
      i++;
      continue;
    }
    if (run !== -1) {
      if (space && length > 0) {
        out += " ";
        length++;
      }
      out += text.slice(run, i);
      length += i - run;
      space = false;
      run = -1;
      if (length >= limit) break;
    }
    if (decoded === undefined || (decoded.length === 1 && isWhiteSpace(decoded.charCodeAt(0))))
      space = true;
    else {
      if (space && length > 0) {
        out += " ";
        length++;
      }
      out += decoded;
      length += decoded.length;
      space = false;
      if (length >= limit) break;
    }
    i = next;
  }
  if (run !== -1 && length < limit) {
    if (space && length > 0) {
      out += " ";
      length++;
    }
    out += text.slice(run, end);
    length += end - run;
  }
  if (length === 0) return undefined;
  return length > maxLength ? `${out.slice(0, maxLength - 1)}…` : out;
}

/**
 * A character {@link plainText} must look at: `<`, `&`, white space other than a space, or a
 * space that is not followed by a character copied as it is.
 */
const SPECIAL = /[<&]|[^\S ]| (?![^\s<&])/g;

/** Where the script or style block starting at `at` ends, or -1 when none starts there. */
function blockEndAt(text: string, at: number): number {
  if ((text.charCodeAt(at + 1) | 0x20) !== 0x73) return -1; // `s`, for both names
  BLOCK.lastIndex = at;
  return BLOCK.test(text) ? BLOCK.lastIndex : -1;
}

/** Whether a character after a single space makes the space part of a literal run. */
function isPlain(code: number): boolean {
  return code !== 0x3c && code !== 0x26 && !isWhiteSpace(code);
}

const BLOCK = /<(script|style)\b[\s\S]*?<\/\1\s*>/iy;

/** What `\s` matches (and `trim` removes): ECMAScript white space and line terminators. */
export function isWhiteSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Where the `;` of a reference starting at `from` (just after `&`) is, when the characters
 * between have the shape {@link decodeEntities} reads (`#` and 1–7 digits, `#x` and 1–6 hex digits,
 * or 2–8 letters); -1 otherwise.
 */
function entityEnd(text: string, from: number, end: number): number {
  let i = from;
  let count = 0;
  if (text.charCodeAt(i) === 0x23) {
    i++;
    const x = text.charCodeAt(i) | 0x20;
    if (x === 0x78) {
      i++;
      while (i < end && count < 7 && isHex(text.charCodeAt(i))) {
        i++;
        count++;
      }
      return count >= 1 && count <= 6 && text.charCodeAt(i) === 0x3b ? i : -1;
    }
    while (i < end && count < 8 && isDigit(text.charCodeAt(i))) {
      i++;
      count++;
    }
    return count >= 1 && count <= 7 && text.charCodeAt(i) === 0x3b ? i : -1;
  }
  while (i < end && count < 9 && isLetter(text.charCodeAt(i))) {
    i++;
    count++;
  }
  return count >= 2 && count <= 8 && text.charCodeAt(i) === 0x3b ? i : -1;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isHex(code: number): boolean {
  return isDigit(code) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x66);
}

function isLetter(code: number): boolean {
  return (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
}
