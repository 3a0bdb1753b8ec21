import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What a flaky webhook receiver saw, per `webhook-id` (the notification's idempotency key). */
export interface FlakyTarget {
  url: string;
  /** Requests per webhook-id, failed ones included. */
  requests: Map<string, number>;
  /** Successful (2xx) answers per webhook-id. */
  successes: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A webhook receiver that fails a share of requests, taking turns at the faults a real one shows:
 * HTTP 500, HTTP 429 with `Retry-After: 0`, and a connection reset before any answer.
 */
export async function flakyTarget(options: {
  failShare: number;
  random: () => number;
  delayMs?: number;
}): Promise<FlakyTarget> {
  const requests = new Map<string, number>();
  const successes = new Map<string, number>();
  let faults = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const id = String(req.headers["webhook-id"] ?? "");
      requests.set(id, (requests.get(id) ?? 0) + 1);
      const answer = () => {
        if (options.random() < options.failShare) {
          const fault = faults++ % 3;
          if (fault === 0) res.writeHead(500).end("internal error");
          else if (fault === 1) res.writeHead(429, { "retry-after": "0" }).end("slow down");
          else req.socket.destroy();
          return;
        }
        successes.set(id, (successes.get(id) ?? 0) + 1);
        res.writeHead(204).end();
      };
      if (options.delayMs === undefined) answer();
      else setTimeout(answer, options.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/sigreg`,
    requests,
    successes,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
