import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createSigreg } from "@sigreg/core";
import { describe, expect, it } from "vitest";
import { processTargets } from "../../adapters/test/helpers/process-targets.js";
import { createFetcher } from "../src/fetch/index.js";
import { feedLeaseKey, ingestAll } from "../src/index.js";

const CHILD = fileURLToPath(new URL("./helpers/ingest-child.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const LEASE_MS = 8000;

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>
<item><guid>x1</guid><title>Git CVE-2025-48384</title><link>https://example.org/x1</link></item>
</channel></rss>`;

/** Answers every feed at once, except `/slow.xml` while `hold` is set: that request hangs. */
function server() {
  const requests: string[] = [];
  const hung: ServerResponse[] = [];
  let hold = true;
  const http: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://local").pathname;
    requests.push(path);
    if (path === "/slow.xml" && hold) {
      hung.push(response);
      return;
    }
    response.writeHead(200, { "content-type": "application/rss+xml" }).end(FEED);
  });
  return {
    requests,
    release: () => {
      hold = false;
    },
    start: async () => {
      await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hung) response.destroy();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

for (const target of processTargets("icrash")) {
  describe(`an ingestion worker killed mid-feed on ${target.name}`, () => {
    it("SIGKILL while fetching: its feed stays leased, the others are read, and after the lease ends a new worker reads it", async () => {
      const feeds = server();
      const base = await feeds.start();
      const storage = target.open();
      const sigreg = createSigreg({ storage });
      const fetcher = createFetcher({ allow: ["127.0.0.1"], timeoutMs: 20_000 });
      try {
        await sigreg.migrate();
        const tenant = sigreg.tenant("t1");
        (
          await tenant.profile.set({ organisation: { name: "T1", technologies: ["git"] } })
        )._unsafeUnwrap();
        for (const [id, path] of [
          ["a-slow", "/slow.xml"],
          ["b-fast", "/fast.xml"],
        ] as const)
          (
            await tenant.groups.create({
              id,
              name: id,
              kind: "vendor-bulletin",
              feeds: [{ url: `${base}${path}`, format: "rss" }],
            })
          )._unsafeUnwrap();

        // The doomed worker claims a-slow first (groups are read in id order) and hangs on it.
        const child = spawn(
          process.execPath,
          ["--import", "tsx", CHILD, target.where, "doomed", String(LEASE_MS)],
          { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
        );
        const childExit = exited(child);
        const deadline = Date.now() + 60_000;
        while (!feeds.requests.includes("/slow.xml")) {
          if (Date.now() > deadline) throw new Error("the child never fetched /slow.xml");
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        child.kill("SIGKILL");
        expect(await childExit).toBeNull();
        feeds.release();

        const lease = await storage.getState({
          tenant: "t1",
          key: feedLeaseKey("a-slow", `${base}/slow.xml`),
        });
        expect(lease?.value).toMatchObject({ owner: "doomed" });
        const until = Date.parse(String(lease?.value.until));
        expect(until).toBeGreaterThan(Date.now());

        const during = await ingestAll({ sigreg, fetcher, worker: "rescuer", minIntervalMs: 0 });
        expect(Date.now()).toBeLessThan(until); // the run ended while the lease was still live
        expect(during.groups.map((g) => [g.group, g.leased, g.created])).toEqual([
          ["a-slow", 1, 0],
          ["b-fast", 0, 1],
        ]);
        expect(feeds.requests.filter((path) => path === "/slow.xml")).toHaveLength(1);

        await new Promise((resolve) => setTimeout(resolve, until - Date.now() + 50));
        const after = await ingestAll({ sigreg, fetcher, worker: "rescuer", minIntervalMs: 0 });
        expect(after.failures).toEqual([]);
        expect(after.groups.find((g) => g.group === "a-slow")).toMatchObject({
          leased: 0,
          created: 1,
        });
        expect(feeds.requests.filter((path) => path === "/slow.xml")).toHaveLength(2);
      } finally {
        await fetcher.close();
        await sigreg.close();
        await feeds.close();
        await target.cleanup();
      }
    }, 120_000);
  });
}
