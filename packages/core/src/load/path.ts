/** A path inside a document, as zod and the yaml library give it. @internal */
export type DocPath = readonly PropertyKey[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Formats a document path the way a user reads it: `groups[3].owner`, `policy.rules["x y"]`.
 * @internal
 */
export function formatPath(path: DocPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else {
      const key = String(segment);
      out += IDENTIFIER.test(key) ? (out === "" ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** Reads the value at `path` in plain data, or `undefined`. @internal */
export function valueAt(root: unknown, path: DocPath): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    if (!Object.hasOwn(node, segment as PropertyKey)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment as PropertyKey];
  }
  return node;
}
