import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import type { Notification, NotifyError } from "@sigreg/core";
import { expect } from "vitest";

/** A request the local target received. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** What the target does with the next request. */
export type Fault =
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: string }
  | { kind: "reset" }
  | { kind: "hang" };

/** A local HTTP target: `check` answers like the real service; `faults` override it, in order. */
export interface LocalTarget {
  url: string;
  received: Received[];
  faults: Fault[];
  close(): Promise<void>;
}

/** The check answers with a status and body, as the real service would. */
export type Check = (request: Received) => {
  status: number;
  body: string;
  headers?: Record<string, string>;
};

/** Starts a target on 127.0.0.1 with a free port. */
export async function startTarget(check: Check): Promise<LocalTarget> {
  const received: Received[] = [];
  const faults: Fault[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: Received = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(request);
      const fault = faults.shift();
      if (fault?.kind === "reset") {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === "hang") {
        hanging.push(res);
        return;
      }
      const answer = fault?.kind === "status" ? { body: "", ...fault } : check(request);
      res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A full alert notification, with text that looks like markup in every target. */
export function sampleNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    kind: "alert",
    tenant: "acme",
    idempotencyKey: "01J9Z-msg-1",
    title: "OpenSSH <regreSSHion> & friends",
    text: "Patch *now*: <!channel> <https://evil.example|click> & <script>alert(1)</script>\n\nSecond paragraph.",
    severity: "high",
    alert: { id: "a-1", url: "https://sigreg.example/alerts/a-1" },
    group: { id: "g-1", name: "FIRST", url: "https://sigreg.example/groups/g-1" },
    ...overrides,
  };
}

/** Asserts that no secret shows in anything a log line or a stored error could contain. */
export function expectNoSecrets(error: NotifyError, secrets: readonly string[]): void {
  const shown = [
    JSON.stringify(error),
    error.message,
    inspect(error, { depth: 5 }),
    String(error),
  ].join("\n");
  for (const secret of secrets) expect(shown).not.toContain(secret);
}

/** A body that parses as JSON, or `undefined`. */
export function jsonOf(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
