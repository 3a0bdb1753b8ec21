import type { JsonValue } from "@sigreg/core";
import type { Node, YAMLMap, YAMLSeq } from "yaml";
import { type Anchor, type ContainerOps, type EditContext, itemsOf, pairsOf } from "./ops.js";
import { renderJson, renderPair } from "./render.js";
import { endOf, lineStart, pairEnd, startOf } from "./text.js";

interface Entry {
  start: number;
  end: number;
}

/** Edits of JSON objects and arrays (flow collections), commas included. @internal */
export function flowOps(ctx: EditContext): ContainerOps {
  const { text } = ctx;
  const pairEntries = (map: YAMLMap): Entry[] =>
    pairsOf(map).map((pair) => ({ start: startOf(pair.key), end: pairEnd(text, pair) }));
  const itemEntries = (seq: YAMLSeq): Entry[] =>
    itemsOf(seq).map((item) => ({ start: startOf(item), end: endOf(text, item) }));
  /** How entries are separated, and the column new ones start at. */
  const layout = (container: Node, entries: Entry[]) => {
    const first = entries[0] as Entry;
    const open = startOf(container);
    const multiLine = text.slice(open, first.start).includes("\n");
    const indent = multiLine ? text.slice(lineStart(text, first.start), first.start) : "";
    return { separator: multiLine ? `\n${indent}` : " ", column: indent.length };
  };
  const remove = (entries: Entry[], deleted: ReadonlySet<number>) => {
    const firstKept = entries.findIndex((_, index) => !deleted.has(index));
    const kept = entries[firstKept];
    if (kept === undefined) return;
    for (const index of deleted) {
      const entry = entries[index];
      if (entry === undefined) continue;
      if (index < firstKept) {
        if (index === 0) ctx.edits.push({ start: entry.start, end: kept.start, text: "" });
        continue;
      }
      // Everything from the end of the previous entry: its comma and the line break.
      const previous = entries[index - 1] as Entry;
      ctx.edits.push({ start: previous.end, end: entry.end, text: "" });
    }
  };
  const insert = (
    container: Node,
    entries: Entry[],
    anchor: Anchor,
    render: (column: number) => string[],
  ) => {
    const { separator, column } = layout(container, entries);
    const rendered = render(column);
    if ("after" in anchor) {
      const at = (entries[anchor.after] as Entry).end;
      ctx.edits.push({
        start: at,
        end: at,
        text: rendered.map((r) => `,${separator}${r}`).join(""),
      });
    } else {
      const at = (entries[anchor.before] as Entry).start;
      ctx.edits.push({
        start: at,
        end: at,
        text: rendered.map((r) => `${r},${separator}`).join(""),
      });
    }
  };
  const replace = (node: Node | null, value: JsonValue, fallback: Entry) => {
    const start = node === null ? fallback.end : startOf(node);
    const end = node === null ? fallback.end : endOf(text, node);
    const column = text.slice(lineStart(text, start)).search(/\S/);
    ctx.edits.push({ start, end, text: renderJson(value, Math.max(0, column), ctx.style) });
  };
  return {
    deletePairs: (map, deleted) => remove(pairEntries(map), deleted),
    insertPairs: (map, anchor, pairs) =>
      insert(map, pairEntries(map), anchor, (column) =>
        pairs.map(({ key, value }) => renderPair(key, value, column, {}, ctx.style)),
      ),
    replaceValue(map, index, value) {
      const pair = pairsOf(map)[index];
      const entry = pairEntries(map)[index];
      if (pair !== undefined && entry !== undefined) replace(pair.value, value, entry);
    },
    deleteItems: (seq, deleted) => remove(itemEntries(seq), deleted),
    insertItems: (seq, anchor, values) =>
      insert(seq, itemEntries(seq), anchor, (column) =>
        values.map((value) => renderJson(value, column, ctx.style)),
      ),
    replaceItem(seq, index, value) {
      const item = itemsOf(seq)[index];
      const entry = itemEntries(seq)[index];
      if (item !== undefined && entry !== undefined) replace(item, value, entry);
    },
  };
}
