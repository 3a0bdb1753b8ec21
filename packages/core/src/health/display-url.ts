/**
 * A URL as it may appear in findings and errors: user name, password, query and fragment removed
 * (a removed query shows as `?…`), since feed tokens usually travel there. The same rule as the
 * safe fetcher's `displayUrl` in `@sigreg/plugins/fetch`, kept here so core needs no plugin.
 */
export function safeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "<invalid URL>";
  }
  const query = parsed.search === "" ? "" : "?…";
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}`;
}

/**
 * `text` with `url` shown through {@link safeUrl}, and the URL's password, longer user name and
 * query values cut wherever else they appear (an error message written by someone else may quote
 * them).
 */
export function withoutUrlSecrets(text: string, url: string): string {
  const secrets: string[] = [];
  let whole = [url];
  try {
    const parsed = new URL(url);
    whole = [url, parsed.href];
    if (parsed.password !== "") secrets.push(parsed.password, decodeURIComponent(parsed.password));
    if (parsed.username.length >= 4)
      secrets.push(parsed.username, decodeURIComponent(parsed.username));
    for (const value of parsed.searchParams.values())
      if (value.length >= 4) secrets.push(value, encodeURIComponent(value));
  } catch {
    // Not a URL: only the string as a whole can be cut out.
  }
  let out = text;
  for (const secret of whole.sort((a, b) => b.length - a.length))
    out = out.split(secret).join(safeUrl(url));
  for (const secret of secrets.sort((a, b) => b.length - a.length))
    if (secret !== "") out = out.split(secret).join("***");
  return out;
}
