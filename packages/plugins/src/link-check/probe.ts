import { displayUrl, redactUrlSecrets } from "../feed/display-url.js";
import { FetchError, isFetchError } from "../fetch/errors.js";
import type { SafeFetcher } from "../fetch/options.js";

/** What one check of a website found. */
export interface LinkProbe {
  /** The site answered 2xx (after redirects). */
  ok: boolean;
  /** The last HTTP status seen, when the server answered at all. */
  status?: number;
  /** Why the check failed: a fetch error code and a sentence without the URL's secrets. */
  error?: {
    /** Stable error code, for example `FETCH_HTTP` or `FETCH_BLOCKED`. */
    code: string;
    /** What went wrong, without secrets. */
    message: string;
  };
}

/**
 * Checks that a website answers: a HEAD request, then a GET when HEAD is refused with an HTTP
 * status (405 and friends: many servers mishandle HEAD); network failures are not retried with GET.
 * The body of a GET is discarded.
 */
export async function probeLink(
  fetch: SafeFetcher,
  url: string,
  signal?: AbortSignal,
): Promise<LinkProbe> {
  const init = signal === undefined ? {} : { signal };
  try {
    const head = await fetch(url, { ...init, method: "HEAD" });
    return { ok: true, status: head.status };
  } catch (error) {
    if (!isFetchError(error, "FETCH_HTTP")) return failure(error, url);
  }
  try {
    const get = await fetch(url, { ...init, method: "GET" });
    await get.body?.cancel();
    return { ok: true, status: get.status };
  } catch (error) {
    return failure(error, url);
  }
}

function failure(error: unknown, url: string): LinkProbe {
  if (error instanceof FetchError) {
    return {
      ok: false,
      ...(error.status === undefined ? {} : { status: error.status }),
      error: { code: error.code, message: redactUrlSecrets(error.message, url) },
    };
  }
  // A fetcher that is not the safe one may throw anything; keep only what is safe to show.
  const message = error instanceof Error ? error.message : String(error);
  return {
    ok: false,
    error: {
      code: "FETCH_NETWORK",
      message: `${displayUrl(url)}: ${redactUrlSecrets(message, url)}`,
    },
  };
}
