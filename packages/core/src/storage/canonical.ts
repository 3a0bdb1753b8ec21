import { createHash } from "node:crypto";
import type { JsonValue } from "./port.js";

/**
 * JSON with object keys sorted at every level: the same value always gives the same text, whatever
 * order a database returns its keys in.
 */
export function canonicalJson(value: JsonValue | undefined): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
}

/** SHA-256 of a value's canonical JSON, hex: the digest evidence and derived ids use. */
export function digestOf(value: JsonValue): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}
