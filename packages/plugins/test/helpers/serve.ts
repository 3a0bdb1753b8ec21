import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";
import type { SafeFetcher } from "../../src/index.js";

/** One canned answer of the local server. */
export interface Route {
  status?: number;
  contentType?: string;
  body: string | Uint8Array;
}

/** A local HTTP server answering from a route table (mutable between requests) or a directory. */
export interface LocalServer {
  url: string;
  routes: Map<string, Route>;
  requests: string[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1; paths not in `routes` are served from `root` when given. */
export async function serve(root?: string): Promise<LocalServer> {
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://local").pathname;
    requests.push(path);
    let route = routes.get(path);
    if (route === undefined && root !== undefined) {
      const file = normalize(join(root, decodeURIComponent(path)));
      if (file.startsWith(root)) {
        try {
          route = { body: await readFile(file), contentType: "application/octet-stream" };
        } catch {
          route = undefined;
        }
      }
    }
    route ??= { status: 404, body: "not found", contentType: "text/plain" };
    response.writeHead(route.status ?? 200, { "content-type": route.contentType ?? "text/xml" });
    response.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The fetcher tests inject: the platform fetch, reaching only the local server. */
export const localFetch: SafeFetcher = (url, init) => {
  if (!String(url).startsWith("http://127.0.0.1:"))
    throw new Error(`test fetch refused ${String(url)}`);
  return fetch(url, init);
};
