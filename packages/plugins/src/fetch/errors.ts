/** Stable codes of every way a fetch can fail. */
export const FETCH_ERROR_CODES = {
  /** The URL could not be parsed or does not use http(s). */
  FETCH_BAD_URL: "FETCH_BAD_URL",
  /** The SSRF guard refused the address, or a redirect went to a non-http(s) scheme. */
  FETCH_BLOCKED: "FETCH_BLOCKED",
  /** The connection or the whole request took longer than allowed. */
  FETCH_TIMEOUT: "FETCH_TIMEOUT",
  /** The body (after decompression) is larger than allowed. */
  FETCH_TOO_LARGE: "FETCH_TOO_LARGE",
  /** More redirects than allowed. */
  FETCH_TOO_MANY_REDIRECTS: "FETCH_TOO_MANY_REDIRECTS",
  /** The server answered with a status other than 2xx or 304. */
  FETCH_HTTP: "FETCH_HTTP",
  /** The body could not be decompressed, or uses an unknown content encoding. */
  FETCH_DECODE: "FETCH_DECODE",
  /** The host could not be resolved or the connection failed. */
  FETCH_NETWORK: "FETCH_NETWORK",
  /** The caller aborted the request through its signal. */
  FETCH_ABORTED: "FETCH_ABORTED",
} as const;

/** One of {@link FETCH_ERROR_CODES}. */
export type FetchErrorCode = keyof typeof FETCH_ERROR_CODES;

/**
 * Why a fetch failed: a stable `code`, the URL without credentials, query or fragment, and a
 * sentence saying why. Never carries request headers or the original URL's secrets.
 */
export class FetchError extends Error {
  /** Stable code; see {@link FETCH_ERROR_CODES}. */
  readonly code: FetchErrorCode;
  /** The URL involved, safe to log (see {@link displayUrl}). */
  readonly url: string;
  /** The HTTP status, for `FETCH_HTTP` and (the last redirect's) for `FETCH_TOO_MANY_REDIRECTS`. */
  readonly status: number | undefined;
  /** The answer's `Retry-After` header, for `FETCH_HTTP`, when it had one. */
  readonly retryAfter: string | undefined;

  /** Builds the error; `message` is prefixed with the code and the safe URL. */
  constructor(options: {
    code: FetchErrorCode;
    url: string;
    reason: string;
    status?: number;
    retryAfter?: string;
  }) {
    super(`${options.code}: ${options.url}: ${options.reason}`);
    this.name = "FetchError";
    this.code = options.code;
    this.url = options.url;
    this.status = options.status;
    this.retryAfter = options.retryAfter;
  }
}

/** True when `error` is a {@link FetchError}, optionally with the given code. */
export function isFetchError(error: unknown, code?: FetchErrorCode): error is FetchError {
  return error instanceof FetchError && (code === undefined || error.code === code);
}

/**
 * A URL as it may appear in logs and errors: user name, password, query and fragment removed
 * (a removed query shows as `?…`), since feed tokens usually travel there.
 */
export function displayUrl(url: URL | string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "<invalid URL>";
  }
  const query = parsed.search === "" ? "" : "?…";
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}`;
}

/** The first {@link FetchError} in an error's `cause` chain. @internal */
export function findFetchError(error: unknown): FetchError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    if (current instanceof FetchError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The system or undici code behind a network failure, for example `ECONNREFUSED`. @internal */
export function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^(E[A-Z]+|UND_ERR_[A-Z_]+|Z_[A-Z_]+)$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
