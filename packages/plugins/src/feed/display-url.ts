import { displayUrl } from "../fetch/errors.js";

export { displayUrl };

/**
 * `text` with a URL's secret parts cut out: the URL itself shown through `displayUrl` (no user
 * info, no query), and its password, user name and query values removed wherever else they appear.
 */
export function redactUrlSecrets(text: string, url: string): string {
  const whole: string[] = [url];
  const parts: string[] = [];
  try {
    const parsed = new URL(url);
    whole.push(parsed.href);
    // A password is cut however short; a user name only when long enough not to mangle words.
    for (const secret of [parsed.password, parsed.username.length >= 4 ? parsed.username : ""]) {
      if (secret === "") continue;
      parts.push(secret, decodeURIComponent(secret));
    }
    for (const value of parsed.searchParams.values())
      if (value.length >= 4) parts.push(value, encodeURIComponent(value));
  } catch {
    // Not a URL: the whole string is all we can cut out.
  }
  let out = text;
  for (const secret of whole.sort((a, b) => b.length - a.length))
    out = out.split(secret).join(displayUrl(url));
  for (const secret of parts.sort((a, b) => b.length - a.length))
    if (secret.length > 0) out = out.split(secret).join("***");
  return out;
}
