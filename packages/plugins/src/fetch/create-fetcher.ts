import { type Agent, errors as undiciErrors } from "undici";
import { createAddressPolicy } from "./address-policy.js";
import { guardedAgent, systemResolve } from "./connector.js";
import { displayUrl, FetchError, findFetchError, networkCode } from "./errors.js";
import { type ExchangeResult, exchange } from "./exchange.js";
import { createHostLimiter } from "./host-limiter.js";
import type { Fetcher, FetcherOptions, SafeFetchInit } from "./options.js";
import { DEFAULT_USER_AGENT } from "./user-agent.js";

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

/** A positive integer option, or a TypeError naming it. */
function positive(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < 0 || (chosen === 0 && name !== "maxRedirects")) {
    throw new TypeError(`createFetcher: ${name} is ${String(value)}; expected a positive integer`);
  }
  return chosen;
}

/** The URL parsed and checked to be http(s). */
function parseUrl(input: string | URL, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    throw new FetchError({
      code: "FETCH_BAD_URL",
      url: displayUrl(String(input)),
      reason: "not a valid URL",
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchError({
      code: base ? "FETCH_BLOCKED" : "FETCH_BAD_URL",
      url: `${url.protocol}…`,
      reason: `${base ? "redirect to " : ""}scheme ${url.protocol} refused; expected http: or https:`,
    });
  }
  return url;
}

/** The caller's failure as a {@link FetchError}, classified by what actually happened. */
function classify(
  error: unknown,
  url: URL,
  signals: { caller?: AbortSignal; deadline: AbortSignal; timeoutMs: number },
): FetchError {
  const found = findFetchError(error);
  if (found) return found;
  const shown = displayUrl(url);
  if (signals.caller?.aborted)
    return new FetchError({ code: "FETCH_ABORTED", url: shown, reason: "aborted by the caller" });
  if (signals.deadline.aborted) {
    return new FetchError({
      code: "FETCH_TIMEOUT",
      url: shown,
      reason: `no complete answer within ${signals.timeoutMs} ms`,
    });
  }
  if (error instanceof undiciErrors.ConnectTimeoutError) {
    return new FetchError({
      code: "FETCH_TIMEOUT",
      url: shown,
      reason: "connection not established in time",
    });
  }
  const code = networkCode(error);
  return new FetchError({
    code: "FETCH_NETWORK",
    url: shown,
    reason: `could not reach the server${code ? ` (${code})` : ""}`,
  });
}

/**
 * Creates the fetcher every outbound request of sigreg goes through: an SSRF guard checking the
 * address each connection actually uses (redirects included), timeouts, a body limit counted
 * after decompression, conditional GET, a per-host concurrency limit and an honest User-Agent.
 * @example
 * const fetcher = createFetcher({ conditionalStore: memoryConditionalStore() });
 * const response = await fetcher("https://www.cisa.gov/cybersecurity-advisories/all.xml");
 * if (isNotModified(response)) return; // unchanged since the last run
 */
export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const settings = {
    timeoutMs: positive("timeoutMs", options.timeoutMs, 30_000),
    maxBytes: positive("maxBytes", options.maxBytes, 10 * 1024 * 1024),
    maxRedirects: positive("maxRedirects", options.maxRedirects, 5),
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    store: options.conditionalStore,
  };
  const agent: Agent = guardedAgent({
    policy: createAddressPolicy(options.allow),
    resolve: options.resolve ?? systemResolve,
    connectTimeoutMs: positive("connectTimeoutMs", options.connectTimeoutMs, 10_000),
  });
  const limiter = createHostLimiter(
    positive("maxConcurrentPerHost", options.maxConcurrentPerHost, 2),
  );

  const fetcher = async (input: string | URL, init: SafeFetchInit = {}): Promise<Response> => {
    const first = parseUrl(input);
    const deadline = AbortSignal.timeout(settings.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    const headers: Record<string, string> = {
      "user-agent": settings.userAgent,
      "accept-encoding": "gzip, deflate, br",
    };
    for (const [name, value] of Object.entries(init.headers ?? {}))
      headers[name.toLowerCase()] = value;
    let method = init.method ?? "GET";
    let body = init.body;
    const conditional =
      method === "GET" && settings.store ? await settings.store.get(first.href) : undefined;
    if (conditional?.etag && !("if-none-match" in headers))
      headers["if-none-match"] = conditional.etag;
    if (conditional?.lastModified && !("if-modified-since" in headers))
      headers["if-modified-since"] = conditional.lastModified;

    let url = first;
    for (let hop = 0; ; hop += 1) {
      let result: ExchangeResult;
      try {
        const release = await limiter.acquire(url.host, signal);
        try {
          result = await exchange({
            agent,
            url,
            method,
            headers,
            body,
            signal,
            maxBytes: settings.maxBytes,
          });
        } finally {
          release();
        }
      } catch (error) {
        throw classify(error, url, {
          caller: init.signal,
          deadline,
          timeoutMs: settings.timeoutMs,
        });
      }
      const { status } = result;
      if (REDIRECTS.has(status) && result.location !== undefined) {
        if (hop >= settings.maxRedirects) {
          throw new FetchError({
            code: "FETCH_TOO_MANY_REDIRECTS",
            url: displayUrl(first),
            reason:
              settings.maxRedirects === 0
                ? `HTTP ${status} redirect not followed (maxRedirects is 0)`
                : `more than ${settings.maxRedirects} redirects`,
            status,
          });
        }
        const next = parseUrl(result.location, url);
        if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
        if (status === 303 || ((status === 301 || status === 302) && method === "POST")) {
          method = method === "HEAD" ? "HEAD" : "GET";
          body = undefined;
          delete headers["content-type"];
        }
        url = next;
        continue;
      }
      if (status !== 304 && (status < 200 || status > 299)) {
        const retryAfter = result.headers.get("retry-after");
        throw new FetchError({
          code: "FETCH_HTTP",
          url: displayUrl(url),
          reason: `server answered HTTP ${status}`,
          status,
          ...(retryAfter === null ? {} : { retryAfter }),
        });
      }
      if (status >= 200 && status < 300 && method === "GET" && settings.store) {
        const etag = result.headers.get("etag") ?? undefined;
        const lastModified = result.headers.get("last-modified") ?? undefined;
        if (etag || lastModified)
          await settings.store.set(first.href, {
            ...(etag ? { etag } : {}),
            ...(lastModified ? { lastModified } : {}),
          });
      }
      return result.response(url, hop > 0);
    }
  };
  return Object.assign(fetcher, { close: () => agent.close() });
}
