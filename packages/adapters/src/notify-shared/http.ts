import { httpFailure, type NotifyError, notifyError } from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import type { NotifierFetch } from "./options.js";
import { redact } from "./secrets.js";

/** The default time a notifier waits for its target, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** How a notifier talks HTTP: its name, the secrets to keep out of errors, time limits. @internal */
export interface HttpTarget {
  /** Notifier name, for errors. */
  notifier: string;
  /** Strings that must never appear in an error (URLs, tokens, authorization values). */
  secrets: readonly string[];
  /** Time limit of one request, body included. */
  timeoutMs: number;
  /** Clock, for `Retry-After` dates. */
  clock: () => Date;
  /** The fetch to use (the global one unless the caller passed another). */
  fetch: NotifierFetch;
}

/** A 2xx answer. @internal */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

const NETWORK_CODES = /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/;

/** The system or undici code behind a fetch failure, for example `ECONNRESET`. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What a safe-fetcher rejection says, read structurally so adapters need not import plugins. */
function fetcherFailure(
  error: unknown,
): { code: string; status?: number; retryAfter?: string } | undefined {
  const candidate = error as { code?: unknown; status?: unknown; retryAfter?: unknown } | null;
  if (typeof candidate?.code !== "string" || !candidate.code.startsWith("FETCH_")) return undefined;
  return {
    code: candidate.code,
    ...(typeof candidate.status === "number" ? { status: candidate.status } : {}),
    ...(typeof candidate.retryAfter === "string" ? { retryAfter: candidate.retryAfter } : {}),
  };
}

/**
 * A safe-fetcher rejection as a {@link NotifyError}, from its code and status only (its message
 * names the URL, which may be a secret).
 */
function fromFetcher(
  failure: { code: string; status?: number; retryAfter?: string },
  target: HttpTarget,
): NotifyError {
  const name = target.notifier;
  if (failure.status !== undefined) {
    return httpFailure({
      notifier: name,
      status: failure.status,
      retryAfter: failure.retryAfter ?? null,
      now: target.clock(),
    });
  }
  if (failure.code === "FETCH_BLOCKED" || failure.code === "FETCH_BAD_URL") {
    return notifyError({
      code: "REJECTED",
      notifier: name,
      message: `${name}: the fetcher refused the target (${failure.code})`,
    });
  }
  return notifyError({
    code: "TARGET_UNAVAILABLE",
    notifier: name,
    message: `${name}: could not reach the target (${failure.code})`,
  });
}

/** A one-line excerpt of a response body for an error message, without secrets. */
function excerpt(text: string, secrets: readonly string[]): string {
  const line = redact(text, secrets).replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * Sends one request and reads the whole answer within the time limit. Redirects are not followed
 * (a signed or authorised request never goes to another host; a safe fetcher needs
 * `maxRedirects: 0` for that). Every failure becomes a {@link NotifyError} built from codes and
 * statuses only, never from the URL or the original error.
 * @internal
 */
export async function httpRequest(options: {
  target: HttpTarget;
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}): Promise<Result<HttpAnswer, NotifyError>> {
  const { target } = options;
  const timeout = AbortSignal.timeout(target.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const name = target.notifier;
  try {
    const response = await target.fetch(options.url, {
      method: options.method,
      headers: options.headers,
      ...(options.body === undefined ? {} : { body: options.body }),
      redirect: "manual",
      signal,
    });
    const text = await response.text();
    if (response.status >= 200 && response.status < 300) {
      return ok({ status: response.status, headers: response.headers, text });
    }
    const detail = excerpt(text, target.secrets);
    return err(
      httpFailure({
        notifier: name,
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        now: target.clock(),
        ...(detail === "" ? {} : { detail }),
      }),
    );
  } catch (error) {
    if (options.signal?.aborted) {
      return err(
        notifyError({ code: "ABORTED", notifier: name, message: `${name}: aborted by the caller` }),
      );
    }
    if (timeout.aborted) {
      return err(
        notifyError({
          code: "TARGET_UNAVAILABLE",
          notifier: name,
          message: `${name}: no answer within ${target.timeoutMs} ms`,
        }),
      );
    }
    const failure = fetcherFailure(error);
    if (failure) return err(fromFetcher(failure, target));
    const code = networkCode(error);
    return err(
      notifyError({
        code: "TARGET_UNAVAILABLE",
        notifier: name,
        message: `${name}: could not reach the target${code ? ` (${code})` : ""}`,
      }),
    );
  }
}

/** The target settings every HTTP notifier shares, from its options. @internal */
export function httpTarget(options: {
  notifier: string;
  secrets: readonly string[];
  timeoutMs?: number;
  clock?: () => Date;
  fetch?: NotifierFetch;
}): HttpTarget {
  return {
    notifier: options.notifier,
    secrets: options.secrets,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    clock: options.clock ?? (() => new Date()),
    fetch: options.fetch ?? globalThis.fetch,
  };
}
