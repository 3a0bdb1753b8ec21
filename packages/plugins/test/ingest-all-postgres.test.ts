import { join } from "node:path";
import { postgresStorage } from "@sigreg/adapters/sql";
import { createSigreg, type Sigreg } from "@sigreg/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetcher, type Fetcher } from "../src/fetch/index.js";
import { feedLeaseKey, type IngestAllReport, ingestAll } from "../src/index.js";
import { type FeedServer, feedServer } from "./helpers/feed-server.js";

const PG_URL = process.env.SIGREG_PG_URL;
const CORPUS = process.env.SIGREG_CORPUS;
const T0 = new Date("2026-03-16T08:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

const TENANTS = ["t1", "t2", "t3"] as const;
const ECOSYSTEMS = ["npm", "pip", "go", "rust"] as const;
const KEV = "kev/known_exploited_vulnerabilities.json";

// Needs a Postgres (SIGREG_PG_URL) and the shared corpus (SIGREG_CORPUS); .ci/run sets both, so CI
// never skips this. Without them there is no database to share and no real feeds to serve.
describe.skipIf(!PG_URL || !CORPUS)("three ingestAll workers on one Postgres", () => {
  const prefix = `ingest_${process.pid}_${Math.random().toString(36).slice(2, 8)}_`;
  const workers: { sigreg: Sigreg; fetcher: Fetcher; id: string }[] = [];
  let server: FeedServer;
  const paths: string[] = [];

  beforeAll(async () => {
    server = await feedServer(join(CORPUS as string));
    const urlOf = (tenant: string, file: string) => `${server.url}/${tenant}/${file}`;
    for (const id of ["w1", "w2", "w3"]) {
      const storage = postgresStorage({ connectionString: PG_URL as string, tablePrefix: prefix });
      const fetcher = createFetcher({ allow: ["127.0.0.1"], timeoutMs: 20_000 });
      workers.push({ sigreg: createSigreg({ storage, clock: () => T0 }), fetcher, id });
    }
    const first = workers[0]?.sigreg as Sigreg;
    await first.migrate();
    for (const tenantId of TENANTS) {
      const tenant = first.tenant(tenantId);
      (
        await tenant.profile.set({
          organisation: { name: tenantId, technologies: ["nodejs", "python", "microsoft"] },
        })
      )._unsafeUnwrap();
      for (const ecosystem of ECOSYSTEMS) {
        const file = `feeds/github-advisories/${ecosystem}.atom.xml`;
        paths.push(`/${tenantId}/${file}`);
        (
          await tenant.groups.create({
            id: `gh-${ecosystem}`,
            name: `GitHub advisories (${ecosystem})`,
            kind: "vendor-bulletin",
            feeds: [{ url: urlOf(tenantId, file), format: "atom" }],
          })
        )._unsafeUnwrap();
      }
    }
    paths.push(`/t1/${KEV}`);
    (
      await first.tenant("t1").groups.create({
        id: "cisa-kev",
        name: "CISA KEV",
        kind: "government-cert",
        feeds: [{ url: urlOf("t1", KEV), format: "cisa-kev" }],
      })
    )._unsafeUnwrap();
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) {
      await worker.fetcher.close();
      await worker.sigreg.close();
    }
    await server?.close();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    for (const table of ["records", "evidence", "outbox", "state", "migrations"])
      await client.query(`DROP TABLE IF EXISTS "${prefix}${table}"`);
    await client.end();
  });

  const round = (at: Date) =>
    Promise.all(
      workers.map(({ sigreg, fetcher, id }) =>
        ingestAll({ sigreg, fetcher, worker: id, now: () => at, leaseMs: 5 * 60_000 }),
      ),
    );
  const outcomes = (reports: IngestAllReport[], key: "created" | "leased" | "notModified") =>
    reports.flatMap((r) => r.groups).reduce((sum, group) => sum + group[key], 0);
  const answersOf = () => Object.fromEntries(paths.map((p) => [p, server.answers.get(p)]));

  it("fetches every (tenant, feed) exactly once per round, then with a 304, and waits out a lease left behind", async () => {
    const first = await round(T0);
    expect(first.flatMap((r) => r.failures)).toEqual([]);
    expect(answersOf()).toEqual(Object.fromEntries(paths.map((p) => [p, [200]])));
    // Every feed was ingested by exactly one worker; the other two found it leased or fresh.
    for (const tenant of TENANTS)
      for (const ecosystem of ECOSYSTEMS) {
        const entries = first.map((r) =>
          r.groups.find((g) => g.tenant === tenant && g.group === `gh-${ecosystem}`),
        );
        expect(entries.filter((g) => g !== undefined && g.seen > 0)).toHaveLength(1);
      }
    const created = outcomes(first, "created");
    const kev = first.flatMap((r) => r.groups).filter((g) => g.group === "cisa-kev");
    expect(kev.reduce((sum, g) => sum + g.created, 0)).toBe(1404);
    let stored = 0;
    for (const tenant of TENANTS)
      for await (const _ of workers[1]?.sigreg.tenant(tenant).alerts() ?? []) stored++;
    expect(stored).toBe(created);

    const second = await round(minutes(10));
    expect(second.flatMap((r) => r.failures)).toEqual([]);
    expect(answersOf()).toEqual(Object.fromEntries(paths.map((p) => [p, [200, 304]])));
    expect(outcomes(second, "notModified")).toBe(paths.length);
    expect(outcomes(second, "created")).toBe(0);
    const kevState = await workers[2]?.sigreg.storage.getState({
      tenant: "t1",
      key: `feed:cisa-kev:${server.url}/t1/${KEV}`,
    });
    expect(kevState?.value).toMatchObject({
      consecutiveFailures: 0,
      lastSuccessAt: minutes(10).toISOString(),
      source: { catalogVersion: "2025.08.25" },
      conditional: { etag: expect.any(String) },
    });

    // A worker that crashed holding t2's npm feed: its lease runs until minute 40.
    const blockedPath = `/t2/feeds/github-advisories/npm.atom.xml`;
    const storage = workers[0]?.sigreg.storage;
    const key = feedLeaseKey("gh-npm", `${server.url}${blockedPath}`);
    const lease = await storage?.getState({ tenant: "t2", key });
    (
      await storage?.putState({
        tenant: "t2",
        key,
        value: { owner: "crashed-worker", until: minutes(40).toISOString() },
        expectedVersion: lease?.version ?? 0,
      })
    )?._unsafeUnwrap();
    const third = await round(minutes(20));
    expect(server.answers.get(blockedPath)).toEqual([200, 304]);
    expect(outcomes(third, "leased")).toBeGreaterThanOrEqual(3); // all three saw the crashed lease
    expect(
      third.map((r) => r.groups.find((g) => g.tenant === "t2" && g.group === "gh-npm")?.leased),
    ).toEqual([1, 1, 1]);
    expect(outcomes(third, "notModified")).toBe(paths.length - 1);

    const fourth = await round(minutes(45));
    expect(server.answers.get(blockedPath)).toEqual([200, 304, 304]);
    expect(outcomes(fourth, "notModified")).toBe(paths.length);
  }, 240_000);
});
