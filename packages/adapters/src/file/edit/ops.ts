import type { JsonValue } from "@sigreg/core";
import type { Node, Pair, YAMLMap, YAMLSeq } from "yaml";
import type { RenderStyle, StyleHint } from "./render.js";
import type { Edit } from "./text.js";

/** The text being edited and the edits collected so far. @internal */
export interface EditContext {
  /** The source text; offsets of every edit refer to it. */
  text: string;
  /** How new text is written. */
  style: RenderStyle;
  /** Edits collected. */
  edits: Edit[];
}

/** Where to insert: after an existing entry, or before one. @internal */
export type Anchor = { after: number } | { before: number };

/** A key and value to insert into a mapping. @internal */
export interface NewPair {
  key: string;
  value: JsonValue;
}

/**
 * Structural edits of a mapping or a sequence, written the way its syntax needs (block YAML or
 * JSON): each keeps every byte of the entries it does not touch.
 * @internal
 */
export interface ContainerOps {
  /** Removes pairs; at least one pair of the mapping must survive. */
  deletePairs(map: YAMLMap, deleted: ReadonlySet<number>): void;
  /** Inserts pairs, in order, at the anchor. */
  insertPairs(map: YAMLMap, anchor: Anchor, pairs: readonly NewPair[]): void;
  /** Replaces the value of a pair. */
  replaceValue(map: YAMLMap, index: number, value: JsonValue, hint: StyleHint): void;
  /** Removes items; at least one item of the sequence must survive. */
  deleteItems(seq: YAMLSeq, deleted: ReadonlySet<number>): void;
  /** Inserts items, in order, at the anchor. */
  insertItems(seq: YAMLSeq, anchor: Anchor, values: readonly JsonValue[]): void;
  /** Replaces an item. */
  replaceItem(seq: YAMLSeq, index: number, value: JsonValue, hint: StyleHint): void;
}

/** The pairs of a mapping, typed. @internal */
export function pairsOf(map: YAMLMap): Pair<Node, Node | null>[] {
  return map.items as Pair<Node, Node | null>[];
}

/** The items of a sequence, typed. @internal */
export function itemsOf(seq: YAMLSeq): Node[] {
  return seq.items as Node[];
}

/** The key of a pair as a string. @internal */
export function keyOf(pair: Pair<unknown, unknown>): string {
  const key = pair.key as { value?: unknown } | null;
  return String(key?.value ?? key);
}
