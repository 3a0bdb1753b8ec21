import { isMap, isSeq, type Node, type Pair } from "yaml";

/** A replacement of `text.slice(start, end)`; an insertion when `start === end`. @internal */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies non-overlapping edits to a text. Insertions at the same offset keep the order they were
 * made in, and come before a deletion that starts there.
 * @internal
 */
export function applyEdits(text: string, edits: readonly Edit[], eol: string): string {
  const sorted = edits
    .map((edit, order) => ({ edit, order }))
    .sort(
      (a, b) =>
        a.edit.start - b.edit.start ||
        Number(a.edit.end > a.edit.start) - Number(b.edit.end > b.edit.start) ||
        a.order - b.order,
    );
  let out = "";
  let cursor = 0;
  for (const { edit } of sorted) {
    if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`);
    out += text.slice(cursor, edit.start) + edit.text.replace(/\r?\n/g, eol);
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/** Offset of the first character of the line holding `offset`. @internal */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Offset just past the newline that ends the line holding `offset` (or the end of the text). @internal */
export function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf("\n", offset);
  return newline === -1 ? text.length : newline + 1;
}

/** Offset of the newline that ends the line holding `offset`, newline excluded. @internal */
export function lineBreak(text: string, offset: number): number {
  const end = lineEnd(text, offset);
  if (end === text.length && !text.endsWith("\n")) return end;
  return text[end - 2] === "\r" ? end - 2 : end - 1;
}

/** Column of `offset` in its line. @internal */
export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Whether only spaces precede `offset` on its line. @internal */
export function startsLine(text: string, offset: number): boolean {
  return text.slice(lineStart(text, offset), offset).trim() === "";
}

/** Whether the line holding `offset` is blank. @internal */
export function isBlankLine(text: string, offset: number): boolean {
  return text.slice(lineStart(text, offset), lineEnd(text, offset)).trim() === "";
}

/** Where a node starts in the source. @internal */
export function startOf(node: Node): number {
  return node.range?.[0] ?? 0;
}

/**
 * Where a node's own content ends: the last character of its value, without the comments, blank
 * lines and newlines the parser counts into it.
 * @internal
 */
export function endOf(text: string, node: Node | null | undefined, fallback = 0): number {
  if (node === null || node === undefined || node.range === undefined || node.range === null)
    return fallback;
  if ((isMap(node) || isSeq(node)) && node.flow !== true) {
    const last = node.items.at(-1);
    if (last === undefined) return trimEnd(text, node.range[1]);
    return isMap(node) ? pairEnd(text, last as Pair) : endOf(text, last as Node, fallback);
  }
  return Math.max(fallback, trimEnd(text, node.range[1]));
}

/** Where a pair's content ends (its value, or its key when the value is empty). @internal */
export function pairEnd(text: string, pair: Pair): number {
  const keyEnd = endOf(text, pair.key as Node);
  return Math.max(keyEnd, endOf(text, pair.value as Node, keyEnd));
}

function trimEnd(text: string, end: number): number {
  let at = end;
  while (at > 0 && /\s/.test(text[at - 1] ?? "")) at--;
  return at;
}

/** Offset of the `-` that introduces a block sequence item. @internal */
export function dashOf(text: string, item: Node): number {
  let at = startOf(item) - 1;
  while (at > 0 && /\s/.test(text[at] ?? "")) at--;
  return text[at] === "-" ? at : startOf(item);
}
