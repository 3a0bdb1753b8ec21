import type { JsonValue } from "@sigreg/core";
import { Document, isCollection, isScalar, type Node, Scalar, visit } from "yaml";

/** What a replaced value looked like, so that its replacement keeps the style. @internal */
export interface StyleHint {
  /** Scalar style (`PLAIN`, `QUOTE_DOUBLE`, `BLOCK_FOLDED`…). */
  type?: Scalar.Type | undefined;
  /** Whether a collection was written in flow style (`[a, b]`). */
  flow?: boolean | undefined;
}

/** How the file is written: YAML (block style) or JSON. @internal */
export interface RenderStyle {
  format: "yaml" | "json";
  /** Spaces inside flow brackets (`[ a ]`), as the file does it. */
  padding: boolean;
  /** One level of JSON indentation. */
  jsonIndent: string;
}

/** The hint a source node gives. @internal */
export function hintOf(node: unknown): StyleHint {
  if (isScalar(node)) return { type: node.type };
  // An empty `[]` says nothing about how the file writes lists that have items.
  if (isCollection(node)) return node.items.length > 0 ? { flow: node.flow === true } : {};
  return {};
}

const WIDTH = 100;
const SHORT_LIST = 60;

function yamlText(doc: Document, indent: number, singleLine: boolean, style: RenderStyle): string {
  return doc
    .toString({
      indent: 2,
      indentSeq: true,
      lineWidth: singleLine ? 0 : Math.max(40, WIDTH - indent),
      minContentWidth: 20,
      flowCollectionPadding: style.padding,
    })
    .replace(/\n$/, "");
}

/** New values follow the file's habits: short lists of scalars in flow style, long text folded. */
function styleNew(node: Node, hint: StyleHint, indent: number): void {
  visit(node, {
    Seq(_, seq) {
      if (seq === node && hint.flow !== undefined) return;
      const scalars = seq.items.every((item) => isScalar(item));
      const length = seq.items.reduce<number>(
        (sum, item) => sum + String((item as Scalar).value).length + 2,
        2,
      );
      if (scalars && seq.items.length > 0 && length <= SHORT_LIST) seq.flow = true;
    },
    Scalar(_, scalar) {
      if (scalar === node && hint.type !== undefined) return;
      const value = scalar.value;
      if (typeof value === "string" && !value.includes("\n") && value.length > WIDTH - indent - 20)
        scalar.type = Scalar.BLOCK_FOLDED;
    },
  });
  if (isScalar(node) && hint.type !== undefined && typeof node.value === "string")
    node.type = hint.type;
  if (isCollection(node) && hint.flow !== undefined) node.flow = hint.flow;
}

function indentLines(text: string, indent: number): string {
  return text.split("\n").join(`\n${" ".repeat(indent)}`);
}

/** `key: value` at column `indent` (the first line unindented), YAML block style. @internal */
export function renderPair(
  key: string,
  value: JsonValue,
  indent: number,
  hint: StyleHint,
  style: RenderStyle,
): string {
  if (style.format === "json") return `${JSON.stringify(key)}: ${renderJson(value, indent, style)}`;
  const doc = new Document({ [key]: value }, { version: "1.2" });
  const pair = (doc.contents as unknown as { items: { value: Node }[] }).items[0];
  if (pair !== undefined) styleNew(pair.value, hint, indent + 2);
  return indentLines(yamlText(doc, indent, false, style), indent);
}

/** The body of a sequence item (what follows `- `) whose dash is at column `indent`. @internal */
export function renderItem(
  value: JsonValue,
  indent: number,
  hint: StyleHint,
  style: RenderStyle,
): string {
  if (style.format === "json") return renderJson(value, indent, style);
  const doc = new Document([value], { version: "1.2" });
  const item = (doc.contents as unknown as { items: Node[] }).items[0];
  if (item !== undefined) styleNew(item, hint, indent + 2);
  return indentLines(yamlText(doc, indent, false, style).replace(/^- ?/, ""), indent);
}

/** A value on one line, or `undefined` when it cannot be written on one line. @internal */
export function renderInline(
  value: JsonValue,
  hint: StyleHint,
  style: RenderStyle,
): string | undefined {
  if (style.format === "json") return JSON.stringify(value);
  if (value !== null && typeof value === "object" && hint.flow !== true) return undefined;
  if (hint.type === Scalar.BLOCK_FOLDED || hint.type === Scalar.BLOCK_LITERAL) return undefined;
  const doc = new Document(value, { version: "1.2" });
  const node = doc.contents as Node;
  if (isScalar(node) && hint.type !== undefined && typeof value === "string") node.type = hint.type;
  if (isCollection(node)) node.flow = true;
  const text = yamlText(doc, 0, true, style);
  return text.includes("\n") ? undefined : text;
}

/** A value as JSON whose continuation lines start at column `indent`. @internal */
export function renderJson(value: JsonValue, indent: number, style: RenderStyle): string {
  return indentLines(JSON.stringify(value, null, style.jsonIndent), indent);
}

/** A whole register file, for a file that does not exist yet or holds no mapping. @internal */
export function renderDocument(value: { [key: string]: JsonValue }, style: RenderStyle): string {
  if (style.format === "json") return `${JSON.stringify(value, null, style.jsonIndent)}\n`;
  const doc = new Document(value, { version: "1.2" });
  if (doc.contents !== null) styleNew(doc.contents as Node, {}, 0);
  return `${yamlText(doc, 0, false, style)}\n`;
}
