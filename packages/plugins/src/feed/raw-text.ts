import { decodeHTML } from "entities";
import { isWhiteSpace } from "./text.js";

/**
 * The text of an element from its raw inner XML, as feedsmith reads it: comments dropped, CDATA
 * sections kept verbatim, HTML entities decoded once outside them, child markup kept as written
 * (the way an unescaped HTML summary arrives), then trimmed; `undefined` when nothing is left.
 * @internal
 */
export function rawText(raw: string): string | undefined {
  if (raw === "") return undefined;
  const text = withoutComments(raw);
  let out = "";
  let at = 0;
  let open = text.indexOf("<![CDATA[");
  // The common shape, one CDATA section with only white space around it, as a slice of the
  // text (same result; no string is built from pieces).
  if (open !== -1) {
    const close = text.indexOf("]]>", open + 9);
    if (close !== -1 && isBlank(text, 0, open) && isBlank(text, close + 3, text.length))
      return text.slice(open + 9, close).trim() || undefined;
  }
  while (open !== -1) {
    const close = text.indexOf("]]>", open + 9);
    if (close === -1) return decoded(text).trim() || undefined;
    out += decoded(text.slice(at, open)) + text.slice(open + 9, close);
    at = close + 3;
    open = text.indexOf("<![CDATA[", at);
  }
  out += decoded(text.slice(at));
  return out.trim() || undefined;
}

/** Whether `text[start, end)` is all white space (as `trim` sees it). */
function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isWhiteSpace(text.charCodeAt(i))) return false;
  return true;
}

function decoded(text: string): string {
  const amp = text.indexOf("&");
  return amp !== -1 && text.indexOf(";", amp) !== -1 ? decodeHTML(text) : text;
}

function withoutComments(text: string): string {
  let open = text.indexOf("<!--");
  if (open === -1) return text;
  let out = "";
  let at = 0;
  while (open !== -1) {
    out += text.slice(at, open);
    const close = text.indexOf("-->", open + 4);
    if (close === -1) return text;
    at = close + 3;
    open = text.indexOf("<!--", at);
  }
  return out + text.slice(at);
}
