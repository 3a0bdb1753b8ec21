import { createHmac } from "node:crypto";

const PREFIX = "whsec_";

/**
 * The key bytes of a Standard Webhooks secret (`whsec_` and base64; the prefix is optional).
 * Throws a message that does not repeat the secret when it is not base64 of 24 to 64 bytes.
 * @internal
 */
export function secretKey(secret: string): Buffer {
  const base64 = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  const key = Buffer.from(base64, "base64");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || key.length < 24 || key.length > 64) {
    throw new TypeError(
      "webhookNotifier: a secret must be whsec_ followed by base64 of 24 to 64 random bytes",
    );
  }
  return key;
}

/**
 * The `webhook-signature` header value: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` for each
 * key, space-separated, so that receivers holding either the old or the new secret accept it while
 * a secret is rotated.
 * @internal
 */
export function signatureHeader(options: {
  keys: readonly Buffer[];
  id: string;
  timestamp: number;
  body: string;
}): string {
  const content = `${options.id}.${options.timestamp}.${options.body}`;
  return options.keys
    .map((key) => `v1,${createHmac("sha256", key).update(content).digest("base64")}`)
    .join(" ");
}
