import type { Readable } from "node:stream";
import type { Agent } from "undici";
import { readLimitedBody } from "./body.js";
import { displayUrl, FetchError } from "./errors.js";

/** Statuses whose response never has a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** One request's answer: status and headers, plus the body read into a `Response` on demand. @internal */
export interface ExchangeResult {
  status: number;
  headers: Headers;
  /** The `Location` header of a redirect. */
  location: string | undefined;
  /** The final `Response`, carrying its URL and whether redirects led to it. */
  response(url: URL, redirected: boolean): Response;
}

/** Throws a body away without reading it; the error a destroyed unread body emits is expected. */
function discard(body: Readable): void {
  body.on("error", () => {});
  body.destroy();
}

/** undici's header record as WHATWG `Headers`. */
function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/**
 * Sends one request through the guarded agent and, unless it is a redirect, reads its body
 * within the size limit. Redirect bodies are discarded unread.
 * @internal
 */
export async function exchange(options: {
  agent: Agent;
  url: URL;
  method: "GET" | "HEAD" | "POST";
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  signal: AbortSignal;
  maxBytes: number;
}): Promise<ExchangeResult> {
  const { url, method, maxBytes } = options;
  const answer = await options.agent.request({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method,
    headers: options.headers,
    ...(options.body === undefined ? {} : { body: options.body }),
    signal: options.signal,
  });
  const headers = toHeaders(answer.headers);
  const status = answer.statusCode;
  const location = headers.get("location") ?? undefined;
  const shown = displayUrl(url);
  if (location !== undefined && status >= 300 && status < 400) {
    discard(answer.body);
    return { status, headers, location, response: () => new Response(null, { status, headers }) };
  }
  let bytes: Uint8Array | null = null;
  if (method === "HEAD" || NULL_BODY.has(status) || status < 200 || status > 299) {
    // Error bodies are not kept: a FETCH_HTTP error carries the status only.
    discard(answer.body);
  } else {
    const declared = Number(headers.get("content-length") ?? Number.NaN);
    if (declared > maxBytes) {
      discard(answer.body);
      throw new FetchError({
        code: "FETCH_TOO_LARGE",
        url: shown,
        reason: `Content-Length ${declared} exceeds the limit of ${maxBytes} bytes`,
      });
    }
    bytes = await readLimitedBody({
      body: answer.body,
      contentEncoding: headers.get("content-encoding") ?? undefined,
      maxBytes,
      url: shown,
      signal: options.signal,
    });
    headers.delete("content-encoding");
    headers.set("content-length", String(bytes.byteLength));
  }
  return {
    status,
    headers,
    location,
    response(finalUrl, redirected) {
      const response = new Response(bytes, { status, headers });
      Object.defineProperty(response, "url", { value: finalUrl.href });
      Object.defineProperty(response, "redirected", { value: redirected });
      return response;
    },
  };
}
