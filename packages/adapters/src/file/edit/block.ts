import { isCollection, isScalar, type Node, Scalar, type YAMLMap, type YAMLSeq } from "yaml";
import { type ContainerOps, type EditContext, itemsOf, pairsOf } from "./ops.js";
import { renderInline, renderItem, renderPair } from "./render.js";
import {
  columnOf,
  dashOf,
  endOf,
  isBlankLine,
  lineBreak,
  lineEnd,
  lineStart,
  pairEnd,
  startOf,
  startsLine,
} from "./text.js";

/** Whether a block mapping can be edited pair by pair: every key but the first starts a line. */
export function editableBlockMap(text: string, map: YAMLMap): boolean {
  return pairsOf(map).every(
    (pair, index) => isScalar(pair.key) && (index === 0 || startsLine(text, startOf(pair.key))),
  );
}

/** Whether a block sequence can be edited item by item: every item's dash starts a line. */
export function editableBlockSeq(text: string, seq: YAMLSeq): boolean {
  return itemsOf(seq).every((item) => item !== null && startsLine(text, dashOf(text, item)));
}

/** A value written on the same line as its key or dash, when the old one was too. */
function inline(ctx: EditContext, node: Node | null, value: Parameters<typeof renderInline>[0]) {
  if (node === null || node.range === undefined || node.range === null) return undefined;
  if (isScalar(node) && (node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL))
    return undefined;
  // An empty `[]` or `{}` is no reason to write what replaces it in flow style.
  if (isCollection(node) && node.items.length === 0) return undefined;
  const start = startOf(node);
  const end = endOf(ctx.text, node);
  if (ctx.text.slice(start, end).includes("\n")) return undefined;
  const hint = isScalar(node) ? { type: node.type } : { flow: true };
  const rendered = renderInline(value, hint, ctx.style);
  return rendered === undefined ? undefined : { start, end, text: rendered };
}

/** Edits of block-style YAML mappings and sequences. @internal */
export function blockOps(ctx: EditContext): ContainerOps {
  const { text } = ctx;
  const eofBreak = (at: number) => (at === text.length && !text.endsWith("\n") ? "\n" : "");
  const blankBetweenItems = (seq: YAMLSeq) => {
    const second = itemsOf(seq)[1];
    if (second === undefined) return false;
    const dash = lineStart(text, dashOf(text, second));
    return dash > 0 && isBlankLine(text, dash - 1);
  };
  return {
    deletePairs(map, deleted) {
      const pairs = pairsOf(map);
      const firstKept = pairs.findIndex((_, index) => !deleted.has(index));
      const kept = pairs[firstKept];
      const first = pairs[0];
      if (first === undefined || kept === undefined) return;
      // The first key may share its line with `- `: the leading deleted pairs go up to the first
      // surviving key, which then takes that place.
      const sharesLine = !startsLine(text, startOf(first.key));
      for (const index of deleted) {
        const pair = pairs[index];
        if (pair === undefined) continue;
        if (sharesLine && index < firstKept) {
          if (index === 0)
            ctx.edits.push({ start: startOf(first.key), end: startOf(kept.key), text: "" });
          continue;
        }
        const start = lineStart(text, startOf(pair.key));
        ctx.edits.push({ start, end: lineEnd(text, pairEnd(text, pair) - 1), text: "" });
      }
    },
    insertPairs(map, anchor, pairs) {
      const all = pairsOf(map);
      const column = columnOf(text, startOf(all[0]?.key as Node));
      const lines = pairs.map(
        ({ key, value }) => `${renderPair(key, value, column, {}, ctx.style)}\n`,
      );
      if ("after" in anchor) {
        const after = all[anchor.after];
        if (after === undefined) return;
        const at = lineEnd(text, pairEnd(text, after) - 1);
        const body = lines.map((line) => " ".repeat(column) + line).join("");
        ctx.edits.push({ start: at, end: at, text: eofBreak(at) + body });
        return;
      }
      const keyStart = startOf(all[anchor.before]?.key as Node);
      if (startsLine(text, keyStart)) {
        const at = lineStart(text, keyStart);
        const body = lines.map((line) => " ".repeat(column) + line).join("");
        ctx.edits.push({ start: at, end: at, text: body });
      } else {
        const body = lines.map((line) => line + " ".repeat(column)).join("");
        ctx.edits.push({ start: keyStart, end: keyStart, text: body });
      }
    },
    replaceValue(map, index, value, hint) {
      const pair = pairsOf(map)[index];
      if (pair === undefined) return;
      const same = inline(ctx, pair.value, value);
      if (same !== undefined) {
        ctx.edits.push(same);
        return;
      }
      const keyStart = startOf(pair.key);
      const key = String((pair.key as Scalar).value);
      const rendered = renderPair(key, value, columnOf(text, keyStart), hint, ctx.style);
      const end = pairEnd(text, pair);
      // A multi-line value takes the rest of its last line: a comment left there would join it.
      const stop = rendered.includes("\n") ? lineBreak(text, end - 1) : end;
      ctx.edits.push({ start: keyStart, end: Math.max(stop, end), text: rendered });
    },
    deleteItems(seq, deleted) {
      const items = itemsOf(seq);
      for (const index of deleted) {
        const item = items[index];
        if (item === undefined) continue;
        let start = lineStart(text, dashOf(text, item));
        // One blank line goes with the item, so that the blank lines between items stay single.
        if (start > 0 && isBlankLine(text, start - 1)) start = lineStart(text, start - 1);
        ctx.edits.push({ start, end: lineEnd(text, endOf(text, item) - 1), text: "" });
      }
    },
    insertItems(seq, anchor, values) {
      const items = itemsOf(seq);
      const column = columnOf(text, dashOf(text, items[0] as Node));
      const gap = blankBetweenItems(seq) ? "\n" : "";
      const lines = values.map(
        (value) => `${" ".repeat(column)}- ${renderItem(value, column, {}, ctx.style)}\n`,
      );
      if ("after" in anchor) {
        const at = lineEnd(text, endOf(text, items[anchor.after] as Node) - 1);
        const body = lines.map((line) => gap + line).join("");
        ctx.edits.push({ start: at, end: at, text: eofBreak(at) + body });
        return;
      }
      const at = lineStart(text, dashOf(text, items[anchor.before] as Node));
      ctx.edits.push({ start: at, end: at, text: lines.map((line) => line + gap).join("") });
    },
    replaceItem(seq, index, value, hint) {
      const item = itemsOf(seq)[index];
      if (item === undefined) return;
      const same = inline(ctx, item, value);
      if (same !== undefined) {
        ctx.edits.push(same);
        return;
      }
      const column = columnOf(text, dashOf(text, item));
      const rendered = renderItem(value, column, hint, ctx.style);
      const end = endOf(text, item);
      const stop = rendered.includes("\n") ? lineBreak(text, end - 1) : end;
      ctx.edits.push({ start: startOf(item), end: Math.max(stop, end), text: rendered });
    },
  };
}
