import { createHash } from "node:crypto";

/** Namespace of sigreg's name-based (version 5) UUIDs in OSCAL documents. */
export const OSCAL_UUID_NAMESPACE = "6f1c9a52-3d0e-5b7a-9c41-2a8e5d7f0b13";

/**
 * A version 5 UUID (SHA-1, RFC 4122 §4.3) of a name in {@link OSCAL_UUID_NAMESPACE}: the same name
 * always gives the same UUID, so two exports of the same input are identical.
 */
export function uuidV5(name: string, namespace: string = OSCAL_UUID_NAMESPACE): string {
  const bytes = createHash("sha1")
    .update(Buffer.from(namespace.replace(/-/g, ""), "hex"))
    .update(name, "utf8")
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A sigreg control id as an OSCAL token (`control-id`, `target-id`): lower case, every character
 * a token may not hold replaced by `_`.
 * @example
 * oscalControlId("ISO27001:2022/A.5.6"); // "iso27001_2022_a.5.6"
 */
export function oscalControlId(control: string): string {
  const token = control.toLowerCase().replace(/[^\p{L}\p{N}._-]/gu, "_");
  return /^[\p{L}_]/u.test(token) ? token : `_${token}`;
}

/** Characters RFC 3986 allows in a URI outside percent-escapes (brackets only for an IPv6 host). */
const URI_CHARACTER = /[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/;

/**
 * A URL as an RFC 3986 URI reference, as OSCAL's `href` requires: the WHATWG serialisation, with any
 * character RFC 3986 does not allow (space, `|`, `^`, full-width letters…) percent-encoded; `undefined`
 * for text that is not a URL. Register URLs are parsed leniently, so they may hold such characters.
 * @example
 * uriReference("https://example.com/a b|c"); // "https://example.com/a%20b%7Cc"
 */
export function uriReference(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const { href, host } = new URL(url);
  const at = host === "" ? 0 : href.indexOf(host) + host.length;
  let out = href.slice(0, at);
  for (const char of href.slice(at))
    out += URI_CHARACTER.test(char) ? char : encodeURIComponent(char);
  return out;
}
