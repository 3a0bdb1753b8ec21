import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { ERROR_CODES, type RegisterIssue } from "../errors.js";
import type { DocPath } from "./path.js";

/** Most aliases a document may expand; stops "billion laughs" documents. @internal */
export const MAX_ALIAS_COUNT = 1_000;

/** A parsed source document: its plain data and a way to find where a path is written. @internal */
export interface SourceDocument {
  /** Plain data of the document. */
  data: unknown;
  /** 1-based line and column where `path` (or its nearest existing parent) is written. */
  locate(path: DocPath, at?: "key" | "value"): { line: number; column: number } | undefined;
}

/** Decodes bytes as UTF-8 (BOM removed); refuses invalid sequences. @internal */
export function decodeText(
  input: string | Uint8Array,
): { text: string } | { issue: RegisterIssue } {
  if (typeof input === "string") return { text: input.replace(/^\uFEFF/, "") };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(input) };
  } catch {
    return {
      issue: {
        code: ERROR_CODES.SYNTAX_ERROR,
        path: "",
        message: "expected UTF-8 text; the file holds bytes that are not valid UTF-8",
      },
    };
  }
}

/**
 * Parses YAML (JSON is read by the same parser, which keeps line and column for every node).
 * Returns every syntax error at once.
 * @internal
 */
export function parseSource(text: string): { doc: SourceDocument } | { issues: RegisterIssue[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    version: "1.2",
    schema: "core",
    strict: true,
    // Warnings (such as collection keys) would go to the process; problems are reported as data.
    logLevel: "error",
  });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (document.errors.length > 0) {
    return {
      issues: document.errors.map((error) => ({
        code: ERROR_CODES.SYNTAX_ERROR,
        path: "",
        message: firstLine(error.message),
        ...position(error.pos[0]),
      })),
    };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return {
      issues: [
        {
          code: ERROR_CODES.SYNTAX_ERROR,
          path: "",
          message: `expected a document without excessive aliases: ${firstLine(String((error as Error).message ?? error))}`,
        },
      ],
    };
  }
  const locate = (path: DocPath, at: "key" | "value" = "value") => {
    let node: unknown = document.contents;
    let keyNode: unknown;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (pair === undefined) break;
        keyNode = pair.key;
        node = pair.value ?? pair.key;
      } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
        keyNode = undefined;
        node = node.items[segment];
      } else break;
    }
    const target = (at === "key" && keyNode !== undefined ? keyNode : node) as
      | Node
      | null
      | undefined;
    const offset = target?.range?.[0];
    return offset === undefined ? undefined : position(offset);
  };
  return { doc: { data, locate } };
}

function firstLine(message: string): string {
  return message.split("\n")[0]?.trim() ?? message;
}
