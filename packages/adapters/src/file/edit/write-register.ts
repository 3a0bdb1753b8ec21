import {
  type Collection,
  canonicalJson,
  type JsonObject,
  type JsonValue,
  PROFILE_ID,
} from "@sigreg/core";
import { type Document, isMap, isSeq, type Node, parseDocument, visit, type YAMLSeq } from "yaml";
import { fileFormOf } from "../file-form.js";
import { LIST_COLLECTIONS, type RegisterEntries, type RegisterEntry } from "../read-register.js";
import { applyMapPlan, diffValue, type MapPlan, opsFor, type Replace } from "./diff.js";
import { type EditContext, itemsOf, keyOf, pairsOf } from "./ops.js";
import { hintOf, type RenderStyle, renderDocument } from "./render.js";
import { applyEdits } from "./text.js";

/** The records of a tenant after a change, per collection, by id (new ids last). @internal */
export type RecordsAfter = Record<Collection, ReadonlyMap<string, JsonObject>>;

/** What `writeRegister` needs. @internal */
export interface RegisterWrite {
  /** The file's text, or `undefined` when it does not exist yet. */
  text: string | undefined;
  /** `json` for a `.json` file. */
  format: "yaml" | "json";
  /** The entries read from `text`. */
  before: RegisterEntries;
  /** The records to write. */
  after: RecordsAfter;
  /** Rewrite each changed entity whole instead of field by field (the fallback). */
  coarse?: boolean;
}

const ORDER = [
  "$schema",
  "organisation",
  "people",
  "groups",
  "activities",
  "alerts",
  "reviews",
  "policy",
];

const same = (a: JsonValue | undefined, b: JsonValue | undefined) =>
  canonicalJson(a) === canonicalJson(b);

/**
 * The register text after a change: only the entities that changed are edited (field by field,
 * unless `coarse`), so that comments, blank lines, key order and every other entity keep their
 * bytes. A created entity is appended to its list.
 * @internal
 */
export function writeRegister(write: RegisterWrite): string {
  const text = write.text ?? "";
  const doc = parseDocument(text, { version: "1.2", uniqueKeys: true, keepSourceTokens: false });
  const root = doc.contents;
  const style: RenderStyle = {
    format: write.format === "json" || (isMap(root) && root.flow === true) ? "json" : "yaml",
    padding: flowPadding(text, doc),
    jsonIndent: /^([ \t]+)\S/m.exec(text)?.[1] ?? "  ",
  };
  if (!isMap(root)) return prefixComments(text) + renderDocument(wholeRegister(write), style);
  const ctx: EditContext = { text, style, edits: [] };
  const plan: MapPlan = { deleted: new Set(), changed: [], added: [], order: ORDER };
  const pairs = pairsOf(root);
  const indexOf = (key: string) => pairs.findIndex((pair) => keyOf(pair) === key);

  const profileBefore = write.before.profile[0]?.data;
  const profileAfter = write.after.profile.get(PROFILE_ID);
  if (profileAfter === undefined) {
    if (profileBefore !== undefined)
      for (const key of ["organisation", "policy"]) {
        const index = indexOf(key);
        if (index !== -1) plan.deleted.add(index);
      }
  } else if (profileBefore === undefined || !same(profileBefore, profileAfter)) {
    const original = Object.fromEntries(
      ["organisation", "policy"]
        .filter((key) => indexOf(key) !== -1)
        .map((key) => [key, (pairs[indexOf(key)]?.value as Node | null)?.toJSON()]),
    );
    const form = fileFormOf("profile", profileAfter, original);
    for (const key of ["organisation", "policy"]) {
      const index = indexOf(key);
      const value = form[key];
      if (index === -1) {
        if (value !== undefined) plan.added.push({ key, value });
      } else if (value === undefined) plan.deleted.add(index);
      else if (!same(profileBefore?.[key], profileAfter[key])) {
        const node = pairs[index]?.value ?? null;
        plan.changed.push({
          index,
          apply: (replace) =>
            diffValue(ctx, node, profileBefore?.[key], profileAfter[key] ?? null, value, replace),
        });
      }
    }
  }

  for (const collection of LIST_COLLECTIONS) {
    const before = write.before[collection];
    const after = write.after[collection];
    if (!changed(before, after)) continue;
    const index = indexOf(collection);
    if (index === -1) {
      plan.added.push({ key: collection, value: formsOf(collection, after) });
      continue;
    }
    const node = pairs[index]?.value ?? null;
    plan.changed.push({
      index,
      apply: (replace) => {
        const edited =
          isSeq(node) && diffEntities(ctx, collection, node, before, after, write.coarse === true);
        if (!edited) replace(formsOf(collection, after, node), hintOf(node));
      },
    });
  }
  if (!applyMapPlan(ctx, root, plan)) return renderDocument(wholeRegister(write), style);
  return applyEdits(text, ctx.edits, text.includes("\r\n") ? "\r\n" : "\n");
}

function changed(before: RegisterEntry[], after: ReadonlyMap<string, JsonObject>): boolean {
  const ids = new Set(before.map((entry) => entry.id));
  if (ids.size !== after.size) return true;
  return before.some((entry) => {
    const data = after.get(entry.id);
    return data === undefined || !same(entry.data, data);
  });
}

/** Edits a list of entities in place; `false` (and no edit) when none of its items would stay. */
function diffEntities(
  ctx: EditContext,
  collection: Collection,
  seq: YAMLSeq,
  before: RegisterEntry[],
  after: ReadonlyMap<string, JsonObject>,
  coarse: boolean,
): boolean {
  const ops = opsFor(ctx, seq);
  const items = itemsOf(seq);
  if (ops === undefined || items.length !== before.length) return false;
  const deleted = new Set<number>();
  before.forEach((entry, index) => {
    if (!after.has(entry.id)) deleted.add(index);
  });
  const firstKept = before.findIndex((_, index) => !deleted.has(index));
  if (firstKept === -1) return false;
  if (deleted.size > 0) ops.deleteItems(seq, deleted);
  before.forEach((entry, index) => {
    const data = after.get(entry.id);
    const item = items[index] as Node;
    if (data === undefined || same(entry.data, data)) return;
    const form = fileFormOf(collection, data, item.toJSON());
    const replace: Replace = (value, hint) => ops.replaceItem(seq, index, value, hint);
    if (coarse) replace(form, hintOf(item));
    else diffValue(ctx, item, entry.data, data, form, replace);
  });
  const known = new Set(before.map((entry) => entry.id));
  const created = [...after].filter(([id]) => !known.has(id));
  if (created.length > 0) {
    let last = items.length - 1;
    while (deleted.has(last)) last--;
    const forms = created.map(([, data]) => fileFormOf(collection, data, undefined));
    ops.insertItems(seq, { after: last }, forms);
  }
  return true;
}

/** The file forms of a whole list, each keeping the defaults its old item had. */
function formsOf(
  collection: Collection,
  after: ReadonlyMap<string, JsonObject>,
  node?: Node | null,
): JsonValue[] {
  const originals = new Map<string, unknown>();
  if (isSeq(node))
    for (const item of itemsOf(node)) {
      const value = item?.toJSON() as Record<string, unknown> | undefined;
      if (typeof value?.id === "string") originals.set(value.id, value);
    }
  return [...after].map(([id, data]) => fileFormOf(collection, data, originals.get(id)));
}

function wholeRegister(write: RegisterWrite): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  const profile = write.after.profile.get(PROFILE_ID);
  const form = profile === undefined ? undefined : fileFormOf("profile", profile, undefined);
  if (form?.organisation !== undefined) out.organisation = form.organisation;
  for (const collection of LIST_COLLECTIONS) {
    const after = write.after[collection];
    if (after.size > 0 || collection === "groups") out[collection] = formsOf(collection, after);
  }
  if (form?.policy !== undefined) out.policy = form.policy;
  return out;
}

/** Whether the file writes flow collections with inner spaces (`[ a, b ]`), as its first one does. */
function flowPadding(text: string, doc: Document): boolean {
  let padded = false;
  visit(doc, {
    Collection(_, node) {
      if (node.flow !== true || node.items.length === 0 || node.range == null) return undefined;
      padded = text[node.range[0] + 1] === " ";
      return visit.BREAK;
    },
  });
  return padded;
}

/** Comments of a file that holds no mapping yet stay at its top. */
function prefixComments(text: string): string {
  const comments = text
    .split(/\r?\n/)
    .filter((line) => line.trimStart().startsWith("#"))
    .join("\n");
  return comments === "" ? "" : `${comments}\n`;
}
