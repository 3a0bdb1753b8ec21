import { canonicalJson, type JsonObject, type JsonValue } from "@sigreg/core";
import { isMap, isSeq, type Node, type YAMLMap, type YAMLSeq } from "yaml";
import { blockOps, editableBlockMap, editableBlockSeq } from "./block.js";
import { flowOps } from "./flow.js";
import {
  type Anchor,
  type ContainerOps,
  type EditContext,
  itemsOf,
  keyOf,
  type NewPair,
  pairsOf,
} from "./ops.js";
import { hintOf, type StyleHint } from "./render.js";

/** Replaces a value wholesale, keeping the style of the old one where it can. @internal */
export type Replace = (value: JsonValue, hint: StyleHint) => void;

/** The edits of a mapping: which pairs go, which change (and how), which are added. @internal */
export interface MapPlan {
  deleted: Set<number>;
  changed: Array<{ index: number; apply: (replace: Replace) => void }>;
  added: NewPair[];
  /** Key order new pairs follow: a new key goes after the closest earlier key already there. */
  order: readonly string[];
}

/** The operations for a collection node, or `undefined` when it is replaced wholesale. @internal */
export function opsFor(ctx: EditContext, node: Node | null): ContainerOps | undefined {
  if (!(isMap(node) || isSeq(node)) || node.items.length === 0) return undefined;
  if (node.flow === true) return ctx.style.format === "json" ? flowOps(ctx) : undefined;
  const editable = isMap(node)
    ? editableBlockMap(ctx.text, node)
    : editableBlockSeq(ctx.text, node);
  return editable ? blockOps(ctx) : undefined;
}

/** Applies a mapping plan; `false` (and no edit) when no pair would survive. @internal */
export function applyMapPlan(ctx: EditContext, map: YAMLMap, plan: MapPlan): boolean {
  const ops = opsFor(ctx, map);
  const pairs = pairsOf(map);
  const keys = pairs.map(keyOf);
  const firstKept = keys.findIndex((_, index) => !plan.deleted.has(index));
  if (ops === undefined || firstKept === -1) return false;
  if (plan.deleted.size > 0) ops.deletePairs(map, plan.deleted);
  for (const { index, apply } of plan.changed)
    apply((value, hint) => ops.replaceValue(map, index, value, hint));
  const groups = new Map<string, { anchor: Anchor; pairs: NewPair[] }>();
  for (const pair of plan.added) {
    const anchor = anchorFor(pair.key, keys, plan, firstKept);
    const id = JSON.stringify(anchor);
    const group = groups.get(id) ?? { anchor, pairs: [] };
    group.pairs.push(pair);
    groups.set(id, group);
  }
  for (const { anchor, pairs: added } of groups.values()) ops.insertPairs(map, anchor, added);
  return true;
}

function anchorFor(key: string, keys: string[], plan: MapPlan, firstKept: number): Anchor {
  const position = plan.order.indexOf(key);
  for (let at = position - 1; at >= 0; at--) {
    const index = keys.indexOf(plan.order[at] as string);
    if (index !== -1 && !plan.deleted.has(index)) return { after: index };
  }
  return { before: firstKept };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const same = (a: JsonValue | undefined, b: JsonValue | undefined) =>
  canonicalJson(a) === canonicalJson(b);

/**
 * Edits `node` (whose parsed value was `before`) so that it reads as `after`, written as `form`
 * (the file form of `after`). Unchanged parts keep their bytes; what cannot be edited in place is
 * handed to `replace`.
 * @internal
 */
export function diffValue(
  ctx: EditContext,
  node: Node | null,
  before: JsonValue | undefined,
  after: JsonValue,
  form: JsonValue,
  replace: Replace,
): void {
  if (isMap(node) && isObject(before) && isObject(after) && isObject(form)) {
    if (diffMap(ctx, node, before, after, form)) return;
  } else if (isSeq(node) && Array.isArray(before) && Array.isArray(after) && Array.isArray(form)) {
    if (node.items.length === before.length && diffSeq(ctx, node, before, after, form)) return;
  }
  replace(form, hintOf(node));
}

function diffMap(
  ctx: EditContext,
  map: YAMLMap,
  before: JsonObject,
  after: JsonObject,
  form: JsonObject,
): boolean {
  const plan: MapPlan = { deleted: new Set(), changed: [], added: [], order: Object.keys(form) };
  const present = new Set<string>();
  pairsOf(map).forEach((pair, index) => {
    const key = keyOf(pair);
    present.add(key);
    const value = form[key];
    if (value === undefined) plan.deleted.add(index);
    else if (!same(before[key], after[key]))
      plan.changed.push({
        index,
        apply: (replace) =>
          diffValue(ctx, pair.value, before[key], after[key] ?? null, value, replace),
      });
  });
  for (const [key, value] of Object.entries(form))
    if (!present.has(key)) plan.added.push({ key, value });
  return applyMapPlan(ctx, map, plan);
}

/** Items matched by a longest common subsequence; the rest paired by position, or added/removed. */
function diffSeq(
  ctx: EditContext,
  seq: YAMLSeq,
  before: JsonValue[],
  after: JsonValue[],
  form: JsonValue[],
): boolean {
  const ops = opsFor(ctx, seq);
  if (ops === undefined || after.length === 0) return false;
  const matches = commonSubsequence(before.map(canonicalJson), after.map(canonicalJson));
  const deleted = new Set<number>();
  const changed: Array<[number, number]> = [];
  const added: Array<{ anchor: number; values: JsonValue[] }> = [];
  let oldAt = 0;
  let newAt = 0;
  for (const [oldMatch, newMatch] of [...matches, [before.length, after.length] as const]) {
    const olds = range(oldAt, oldMatch);
    const news = range(newAt, newMatch);
    const paired = Math.min(olds.length, news.length);
    for (let k = 0; k < paired; k++) changed.push([olds[k] as number, news[k] as number]);
    for (const index of olds.slice(paired)) deleted.add(index);
    const last = paired > 0 ? (olds[paired - 1] as number) : oldAt - 1;
    const extra = news.slice(paired).map((index) => form[index] as JsonValue);
    if (extra.length > 0) added.push({ anchor: last, values: extra });
    oldAt = oldMatch + 1;
    newAt = newMatch + 1;
  }
  const firstKept = before.findIndex((_, index) => !deleted.has(index));
  if (firstKept === -1) return false;
  if (deleted.size > 0) ops.deleteItems(seq, deleted);
  const items = itemsOf(seq);
  for (const [oldIndex, newIndex] of changed)
    diffValue(
      ctx,
      items[oldIndex] ?? null,
      before[oldIndex],
      after[newIndex] ?? null,
      form[newIndex] ?? null,
      (value, hint) => ops.replaceItem(seq, oldIndex, value, hint),
    );
  for (const { anchor, values } of added) {
    let previous = anchor;
    while (previous >= 0 && deleted.has(previous)) previous--;
    ops.insertItems(seq, previous >= 0 ? { after: previous } : { before: firstKept }, values);
  }
  return true;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
}

/** Index pairs of a longest common subsequence of two lists of strings. */
function commonSubsequence(a: string[], b: string[]): Array<[number, number]> {
  const lengths = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      (lengths[i] as number[])[j] =
        a[i] === b[j]
          ? ((lengths[i + 1] as number[])[j + 1] as number) + 1
          : Math.max(
              (lengths[i + 1] as number[])[j] as number,
              (lengths[i] as number[])[j + 1] as number,
            );
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (
      ((lengths[i + 1] as number[])[j] as number) >= ((lengths[i] as number[])[j + 1] as number)
    )
      i++;
    else j++;
  }
  return pairs;
}
