/**
 * HTTP plumbing of the GRC example: JSON answers, bodies with a size limit, content types,
 * `If-Match`, and the mapping from the engine's error codes to HTTP statuses.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { formatSigregError, type SigregError } from "@sigreg/core";

/** An error the service answers with: an HTTP status and a JSON body `{ error: { code, … } }`. */
export interface HttpError {
  /** HTTP status. */
  status: number;
  /** Stable UPPER_SNAKE code: the engine's own, or one of the service's (`UNSUPPORTED_MEDIA_TYPE`…). */
  code: string;
  /** One sentence for people. */
  message: string;
  /** Anything else the client needs: the loader's issues, the expected and actual versions… */
  details?: Record<string, unknown>;
  /** Extra response headers (`Allow` for a 405). */
  headers?: Record<string, string>;
}

/** Largest request body read, in bytes: a register of a few thousand records fits. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Builds an {@link HttpError}. */
export function httpError(
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): HttpError {
  return { status, code, message, ...(details === undefined ? {} : { details }) };
}

/** The HTTP answer for an engine error: 400 bad input, 404, 409 for a lost race or a reference. */
export function fromSigregError(error: SigregError): HttpError {
  const message = formatSigregError(error);
  switch (error.code) {
    case "NOT_FOUND":
      return httpError(404, error.code, message, { collection: error.collection, id: error.id });
    case "CONFLICT":
      return httpError(409, error.code, message, {
        collection: error.collection,
        id: error.id,
        expectedVersion: error.expectedVersion,
        ...(error.actualVersion === undefined ? {} : { actualVersion: error.actualVersion }),
      });
    case "REFERENCED":
      return httpError(409, error.code, message, { referencedBy: error.referencedBy });
    default:
      return httpError(400, error.code, message, { file: error.file, issues: error.issues });
  }
}

/** Sends a JSON body. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

/** Sends an {@link HttpError} as `{ error: { code, message, …details } }`. */
export function sendError(response: ServerResponse, error: HttpError): void {
  sendJson(
    response,
    error.status,
    { error: { code: error.code, message: error.message, ...error.details } },
    error.headers,
  );
}

/** The media type of a request, lower-cased, without parameters (`application/json`). */
export function mediaType(request: IncomingMessage): string | undefined {
  const header = request.headers["content-type"];
  return header?.split(";")[0]?.trim().toLowerCase() || undefined;
}

/** Media types accepted for a register: JSON and the YAML spellings in use. */
export const REGISTER_MEDIA_TYPES = [
  "application/json",
  "application/yaml",
  "application/x-yaml",
  "text/yaml",
  "text/x-yaml",
] as const;

/** A 415 naming what was sent and what is accepted. */
export function unsupportedMediaType(sent: string | undefined, accepted: readonly string[]) {
  return httpError(
    415,
    "UNSUPPORTED_MEDIA_TYPE",
    `expected a Content-Type of ${accepted.join(", ")}, got ${sent ?? "none"}`,
    { accepted },
  );
}

/**
 * Reads the whole body, or a 413 once it passes {@link MAX_BODY_BYTES}. The rest of an oversized
 * body is read and dropped, never buffered, so the client gets the answer instead of a reset
 * connection (Node's `requestTimeout` bounds how long that can take).
 */
export async function readBody(request: IncomingMessage): Promise<Buffer | HttpError> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES)
    return httpError(
      413,
      "PAYLOAD_TOO_LARGE",
      `expected a body of at most ${MAX_BODY_BYTES} bytes`,
    );
  return Buffer.concat(chunks);
}

/** Parses a JSON body, with a 415 for another content type and a 400 naming the body for bad JSON. */
export function parseJson(
  request: IncomingMessage,
  body: Buffer,
  file: string,
): { json: unknown } | HttpError {
  const type = mediaType(request);
  if (type !== "application/json") return unsupportedMediaType(type, ["application/json"]);
  try {
    return { json: JSON.parse(body.toString("utf8")) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return httpError(400, "SYNTAX_ERROR", `${file}: expected a JSON body (${reason})`, {
      file,
      issues: [{ code: "SYNTAX_ERROR", path: "", message: `expected a JSON body (${reason})` }],
    });
  }
}

/**
 * The version in an `If-Match` header (`3` or `"3"`), `undefined` when there is none, or a 400
 * for anything else (`*` and lists are not supported: a version is one number).
 */
export function ifMatch(request: IncomingMessage): number | undefined | HttpError {
  const header = request.headers["if-match"];
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (match?.[1] === undefined)
    return httpError(
      400,
      "INVALID_ARGUMENT",
      `If-Match: expected one version number such as "3", got ${JSON.stringify(header)}`,
    );
  return Number(match[1]);
}

/** The `ETag` header for a version. */
export function etag(version: number): Record<string, string> {
  return { etag: `"${version}"` };
}

/** Whether a value is an {@link HttpError}. */
export function isHttpError(value: unknown): value is HttpError {
  return (
    typeof value === "object" &&
    value !== null &&
    "status" in value &&
    "code" in value &&
    typeof (value as HttpError).status === "number"
  );
}
