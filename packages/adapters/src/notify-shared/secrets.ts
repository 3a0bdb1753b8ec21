/**
 * The parts of a URL that grant access: the whole URL, its path and query, and every path segment
 * or query value long enough to be a token (Slack's `/services/T…/B…/…`, Teams' `sig=…`).
 * @internal
 */
export function secretsOfUrl(url: string): string[] {
  const secrets = new Set<string>([url]);
  try {
    const parsed = new URL(url);
    secrets.add(parsed.href);
    secrets.add(`${parsed.pathname}${parsed.search}`);
    for (const segment of parsed.pathname.split("/")) if (segment.length >= 8) secrets.add(segment);
    for (const value of parsed.searchParams.values()) if (value.length >= 8) secrets.add(value);
    if (parsed.password) secrets.add(parsed.password);
  } catch {
    // Not a URL: the whole string is all we can cut out.
  }
  return withEncodings([...secrets]);
}

/** Each secret with its percent-encoded and decoded forms, longest first. @internal */
export function withEncodings(secrets: readonly string[]): string[] {
  const all = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    all.add(secret);
    all.add(encodeURIComponent(secret));
    try {
      all.add(decodeURIComponent(secret));
    } catch {
      // A lone % is not an encoding; the raw form is already in.
    }
  }
  // Longest first, so a URL is cut whole before its segments are.
  return [...all].filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced by `***`. @internal */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("***");
  return out;
}
