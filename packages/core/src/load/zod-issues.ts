import type { z } from "zod";
import { ERROR_CODES, type RegisterIssue } from "../errors.js";
import { type DocPath, formatPath, valueAt } from "./path.js";
import type { SourceDocument } from "./source.js";

/**
 * Turns zod's issues into register issues that say where and what was expected.
 * @internal
 */
export function toRegisterIssues(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  doc: SourceDocument | undefined,
): RegisterIssue[] {
  const out: RegisterIssue[] = [];
  for (const issue of issues) {
    const path = issue.path as DocPath;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push(
          at(
            doc,
            [...path, key],
            "key",
            `unknown field "${key}": expected only the fields the schema defines here (is it misspelt?)`,
          ),
        );
      }
      continue;
    }
    if (
      issue.code === "invalid_union" &&
      issue.errors.length > 0 &&
      valueAt(data, path) !== undefined
    ) {
      // A union of alternatives: report the alternatives' own expectation once.
      out.push(at(doc, path, "value", issue.message));
      continue;
    }
    out.push(at(doc, path, "value", describe(issue, data)));
  }
  return out;
}

function describe(issue: z.core.$ZodIssue, data: unknown): string {
  const missing = valueAt(data, issue.path as DocPath) === undefined;
  switch (issue.code) {
    case "invalid_type":
      return missing
        ? `is required: expected ${article(issue.expected)}`
        : `expected ${article(issue.expected)}, got ${typeName(valueAt(data, issue.path as DocPath))}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    case "invalid_key":
      return issue.issues[0]?.message ?? issue.message;
    case "invalid_element":
      return issue.issues[0]?.message ?? issue.message;
    default:
      return missing && issue.code !== "custom" ? `is required: ${issue.message}` : issue.message;
  }
}

function article(expected: string): string {
  const names: Record<string, string> = {
    object: "a mapping",
    array: "a list",
    string: "text",
    number: "a number",
    boolean: "true or false",
  };
  return names[expected] ?? expected;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string")
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** Builds an issue with its position. @internal */
export function at(
  doc: SourceDocument | undefined,
  path: DocPath,
  where: "key" | "value",
  message: string,
  code: RegisterIssue["code"] = ERROR_CODES.SCHEMA_MISMATCH,
): RegisterIssue {
  const position = doc?.locate(path, where);
  return { code, path: formatPath(path), message, ...(position ?? {}) };
}
