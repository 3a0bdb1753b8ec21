import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";

/** A feed server that speaks conditional GET and counts what it answered, per path. */
export interface FeedServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Bodies by path; paths not here are read from `root` (the first path segment names a tenant and is dropped). */
  bodies: Map<string, string>;
  /** Paths answered with this status instead of the body. */
  failing: Map<string, number>;
  /** Statuses answered, per path, in order. */
  answers: Map<string, number[]>;
  /** Answers of one status across every path. */
  count(status: number): number;
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1 answering with an ETag (a digest of the body) and 304 when the
 * request's `If-None-Match` matches it.
 */
export async function feedServer(root?: string): Promise<FeedServer> {
  const bodies = new Map<string, string>();
  const failing = new Map<string, number>();
  const answers = new Map<string, number[]>();
  const answer = (path: string, status: number) => {
    answers.set(path, [...(answers.get(path) ?? []), status]);
  };
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://local").pathname;
    const failure = failing.get(path);
    if (failure !== undefined) {
      answer(path, failure);
      response.writeHead(failure, { "content-type": "text/plain" }).end("failing on purpose");
      return;
    }
    const body = bodies.get(path) ?? (root === undefined ? undefined : await fromRoot(root, path));
    if (body === undefined) {
      answer(path, 404);
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`;
    const status = request.headers["if-none-match"] === etag ? 304 : 200;
    answer(path, status);
    const type = path.endsWith(".json") ? "application/json" : "application/xml";
    response.writeHead(status, { etag, "content-type": type });
    response.end(status === 200 ? body : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    failing,
    answers,
    count: (status) => [...answers.values()].flat().filter((s) => s === status).length,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function fromRoot(root: string, path: string): Promise<Buffer | undefined> {
  const rest = decodeURIComponent(path).split("/").slice(2).join("/");
  const file = normalize(join(root, rest));
  if (!file.startsWith(normalize(root))) return undefined;
  return readFile(file).catch(() => undefined);
}
