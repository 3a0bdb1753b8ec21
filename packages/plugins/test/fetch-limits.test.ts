import type { ServerResponse } from "node:http";
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import {
  createFetcher,
  type FetchError,
  type Fetcher,
  type FetcherOptions,
} from "../src/fetch/index.js";
import { type LocalServer, localServer, rejection } from "./fetch/server.js";

const servers: LocalServer[] = [];
const fetchers: Fetcher[] = [];
const MiB = 1024 * 1024;

/** A fetcher admitted to the local servers, closed after the test. */
function localFetcher(options: FetcherOptions = {}): Fetcher {
  const fetcher = createFetcher({ allow: ["127.0.0.1"], ...options });
  fetchers.push(fetcher);
  return fetcher;
}

/** A local server closed after the test. */
async function serve(handler: Parameters<typeof localServer>[0]): Promise<LocalServer> {
  const server = await localServer(handler);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((fetcher) => fetcher.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/**
 * Writes `chunk` `times` times, lazily: the next write waits for the socket to drain, so the
 * server never holds more than one chunk. Resolves with the bytes written when the client leaves.
 */
function streamLazily(response: ServerResponse, chunk: Buffer, times: number): Promise<number> {
  return new Promise((resolve) => {
    let written = 0;
    let sent = 0;
    let closed = false;
    response.on("close", () => {
      closed = true;
      resolve(written);
    });
    const pump = () => {
      while (!closed && sent < times) {
        sent += 1;
        written += chunk.length;
        if (!response.write(chunk)) {
          response.once("drain", pump);
          return;
        }
      }
      if (!closed) response.end();
    };
    pump();
  });
}

describe("body size limit", () => {
  it("cuts a 4 GiB body at the limit quickly, with bounded memory", async () => {
    let written: Promise<number> = Promise.resolve(0);
    const server = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      written = streamLazily(response, Buffer.alloc(64 * 1024, 97), 65_536); // 4 GiB, chunked
    });
    // Bodies live in Buffers outside the JS heap: count both.
    const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const before = used();
    const started = performance.now();
    const error = await rejection(localFetcher({ maxBytes: 2 * MiB })(`${server.url}/huge`));
    const elapsed = performance.now() - started;
    expect(error.code).toBe("FETCH_TOO_LARGE");
    expect(error.message).toContain("exceeds the limit of 2097152 bytes");
    expect(elapsed).toBeLessThan(5_000);
    // The server stopped once the client hung up: a few socket buffers past the limit, not GiBs.
    expect(await written).toBeLessThan(64 * MiB);
    expect(used() - before).toBeLessThan(64 * MiB);
  });

  it("refuses a Content-Length over the limit before reading the body", async () => {
    let written: Promise<number> = Promise.resolve(0);
    const server = await serve((_request, response) => {
      response.writeHead(200, { "content-length": String(5 * 1024 * MiB) });
      written = streamLazily(response, Buffer.alloc(64 * 1024), 81_920);
    });
    const error = await rejection(localFetcher({ maxBytes: MiB })(`${server.url}/`));
    expect(error.code).toBe("FETCH_TOO_LARGE");
    expect(error.message).toContain(
      `Content-Length ${5 * 1024 * MiB} exceeds the limit of ${MiB} bytes`,
    );
    expect(await written).toBeLessThan(64 * MiB);
  });

  it("refuses a gzip bomb by its decompressed size", async () => {
    // 16 MiB of zeros compress to ~16 KiB; 256 gzip members in a row decompress to 4 GiB.
    const member = gzipSync(Buffer.alloc(16 * MiB), { level: 9 });
    let written: Promise<number> = Promise.resolve(0);
    const server = await serve((_request, response) => {
      response.writeHead(200, { "content-encoding": "gzip" });
      written = streamLazily(response, member, 256);
    });
    const started = performance.now();
    const error = await rejection(localFetcher({ maxBytes: 4 * MiB })(`${server.url}/bomb`));
    expect(error.code).toBe("FETCH_TOO_LARGE");
    expect(error.message).toContain("body (decompressed) exceeds the limit of 4194304 bytes");
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await written).toBeLessThan(member.length * 256);
  });

  it("admits a body exactly at the limit", async () => {
    const server = await serve((_request, response) => response.end(Buffer.alloc(1000, 98)));
    const response = await localFetcher({ maxBytes: 1000 })(`${server.url}/`);
    expect((await response.arrayBuffer()).byteLength).toBe(1000);
  });
});

describe("decompression", () => {
  const text = "<rss><channel><title>Advisories – ünïcödé</title></channel></rss>".repeat(50);
  it.each([
    ["gzip", gzipSync],
    ["deflate", deflateSync],
    ["br", brotliCompressSync],
  ] as const)("decodes %s and reports the decoded length", async (encoding, compress) => {
    let acceptEncoding: string | undefined;
    const server = await serve((request, response) => {
      acceptEncoding = request.headers["accept-encoding"];
      response.writeHead(200, {
        "content-encoding": encoding,
        "content-type": "application/rss+xml",
      });
      response.end(compress(Buffer.from(text)));
    });
    const response = await localFetcher()(`${server.url}/feed`);
    expect(acceptEncoding).toBe("gzip, deflate, br");
    expect(await response.text()).toBe(text);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
  });

  it("undoes stacked codings in reverse order, and x-gzip", async () => {
    const server = await serve((request, response) => {
      if (request.url === "/stacked") {
        response.writeHead(200, { "content-encoding": "gzip, br" });
        response.end(brotliCompressSync(gzipSync(Buffer.from(text))));
      } else {
        response.writeHead(200, { "content-encoding": "x-gzip" }).end(gzipSync(Buffer.from(text)));
      }
    });
    expect(await (await localFetcher()(`${server.url}/stacked`)).text()).toBe(text);
    expect(await (await localFetcher()(`${server.url}/x`)).text()).toBe(text);
  });

  it("refuses an unknown content encoding", async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { "content-encoding": "compress" }).end("xx");
    });
    const error = await rejection(localFetcher()(`${server.url}/`));
    expect(error.code).toBe("FETCH_DECODE");
    expect(error.message).toContain('unsupported Content-Encoding "compress"');
  });

  it("refuses a corrupt gzip body", async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { "content-encoding": "gzip" }).end("this is not gzip at all");
    });
    const error = await rejection(localFetcher()(`${server.url}/`));
    expect(error.code).toBe("FETCH_DECODE");
    expect(error.message).toMatch(/could not be decompressed \(Z_[A-Z_]+\)/);
  });
});

describe("timeouts and failures", () => {
  it("times out a server that never answers", async () => {
    const server = await serve(() => {});
    const started = performance.now();
    const error = await rejection(localFetcher({ timeoutMs: 300 })(`${server.url}/slow`));
    expect(error.code).toBe("FETCH_TIMEOUT");
    expect(error.message).toContain("no complete answer within 300 ms");
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("times out a body that trickles in", async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200);
      const timer = setInterval(() => response.write("x"), 50);
      response.on("close", () => clearInterval(timer));
    });
    const error = await rejection(localFetcher({ timeoutMs: 400 })(`${server.url}/`));
    expect(error.code).toBe("FETCH_TIMEOUT");
  });

  it("times out a connection whose TLS handshake never completes", async () => {
    // A TCP server that accepts and stays silent: the TLS handshake cannot finish.
    const sockets: Socket[] = [];
    const silent: TcpServer = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
      const fetcher = localFetcher({ connectTimeoutMs: 200, timeoutMs: 10_000 });
      const started = performance.now();
      const error = await rejection(fetcher(`https://127.0.0.1:${port}/`));
      expect(error.code).toBe("FETCH_TIMEOUT");
      expect(error.message).toContain("connection not established in time");
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("reports the caller's abort as such", async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(localFetcher()(`${server.url}/`, { signal: controller.signal }));
    expect(error.code).toBe("FETCH_ABORTED");
  });

  it("rejects a non-2xx answer with its status", async () => {
    const server = await serve((request, response) => {
      response
        .writeHead(request.url?.startsWith("/gone") ? 404 : 503, { "retry-after": "120" })
        .end("details nobody should log");
    });
    for (const [path, status] of [
      ["/gone", 404],
      ["/busy", 503],
    ] as const) {
      const error = await rejection(localFetcher()(`${server.url}${path}?key=hunter2`));
      expect(error.code).toBe("FETCH_HTTP");
      expect((error as FetchError).status).toBe(status);
      expect((error as FetchError).retryAfter).toBe("120");
      expect(error.message).toBe(
        `FETCH_HTTP: ${server.url}${path}?…: server answered HTTP ${status}`,
      );
    }
  });

  it("reports a refused connection as a network failure", async () => {
    const server = await localServer(() => {});
    await server.close();
    const error = await rejection(localFetcher()(`${server.url}/`));
    expect(error.code).toBe("FETCH_NETWORK");
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("reports a name that does not resolve as a network failure", async () => {
    const fetcher = localFetcher({
      resolve: async () => {
        throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
      },
    });
    const error = await rejection(fetcher("http://nowhere.invalid/"));
    expect(error.code).toBe("FETCH_NETWORK");
    expect(error.message).toContain("ENOTFOUND");
  });

  it("never shows credentials of the URL in an error", async () => {
    const error = await rejection(localFetcher()("http://alice:pa55word@10.9.8.7/feed?token=t0k"));
    expect(error.code).toBe("FETCH_BLOCKED");
    expect(error.message).not.toMatch(/alice|pa55word|t0k/);
  });

  it("refuses nonsensical options naming them", () => {
    expect(() => createFetcher({ maxBytes: 0 })).toThrow(
      "maxBytes is 0; expected a positive integer",
    );
    expect(() => createFetcher({ timeoutMs: -1 })).toThrow(/timeoutMs/);
  });
});
