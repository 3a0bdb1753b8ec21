const SECRET_PARAM = /token|key|secret|sig|password|passwd|auth|session|credential|code/i;

/**
 * A feed URL safe to show in messages and store on alerts: user name and password removed, and
 * the value of any query parameter whose name looks like a credential (`token`, `api_key`, `sig`…)
 * replaced by `***`.
 * @example displayUrl("https://u:p@feeds.example/x.xml?token=abc&page=2") // "https://feeds.example/x.xml?token=***&page=2"
 */
export function displayUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/\/\/[^/@\s]*@/, "//"); // not a URL: at least drop what looks like userinfo
  }
  parsed.username = "";
  parsed.password = "";
  for (const key of [...parsed.searchParams.keys()])
    if (SECRET_PARAM.test(key)) parsed.searchParams.set(key, "***");
  return parsed.href;
}

/** `text` with the URL's secret parts (password, user name, credential-like query values) cut out. */
export function redactUrlSecrets(text: string, url: string): string {
  const secrets: string[] = [url];
  try {
    const parsed = new URL(url);
    secrets.push(parsed.href);
    if (parsed.password) secrets.push(parsed.password, decodeURIComponent(parsed.password));
    if (parsed.username) secrets.push(`${parsed.username}:`);
    for (const [key, value] of parsed.searchParams)
      if (SECRET_PARAM.test(key) && value.length > 0)
        secrets.push(value, encodeURIComponent(value));
  } catch {
    // Not a URL: the whole string is all we can cut out.
  }
  let out = text;
  for (const secret of secrets.sort((a, b) => b.length - a.length))
    if (secret.length > 0)
      out = out
        .split(secret)
        .join(secret === url || secret.includes("/") ? displayUrl(url) : "***");
  return out;
}
