import {
  createSigreg,
  defineRule,
  type JsonObject,
  type SigregTenant,
  type StorageAdapter,
} from "@sigreg/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { steppingClock } from "./fixtures.js";
import { engineTargets } from "./targets.js";

const asOf = new Date("2026-11-23T00:00:00Z");
const FEED = "https://advisories.example.org/feed.xml";
const SECRET_FEED = "https://feeds.example.org/private.atom?token=s3cr3t-t0ken";
const daysAgo = (days: number) => new Date(asOf.getTime() - days * 86_400_000).toISOString();

/** Writes a feed state document in the ingestion runner's format (create or replace). */
async function putFeedState(
  storage: StorageAdapter,
  tenant: string,
  url: string,
  value: JsonObject,
): Promise<void> {
  const key = `feed:vendor:${url}`;
  const current = await storage.getState({ tenant, key });
  const written = await storage.putState({
    tenant,
    key,
    value: { groupId: "vendor", url, ...value },
    expectedVersion: current?.version ?? 0,
  });
  expect(written.isOk()).toBe(true);
}

async function findings(tenant: SigregTenant, ruleId: string) {
  const evaluation = (await tenant.evaluate({ asOf }))._unsafeUnwrap();
  return evaluation.findings.filter((finding) => finding.ruleId === ruleId);
}

// The state documents read the same through every adapter's listState; memory and SQLite suffice here.
for (const target of engineTargets().filter((t) => t.name === "memory" || t.name === "sqlite")) {
  describe(`engine on ${target.name}: group health from feed state`, () => {
    let storage: StorageAdapter;
    let tenant: SigregTenant;
    const id = "acme";
    beforeEach(async () => {
      storage = await target.create();
      tenant = createSigreg({ storage, clock: steppingClock() }).tenant(id);
      (await tenant.profile.set({ organisation: { name: "Acme" } }))._unsafeUnwrap();
      (
        await tenant.groups.create({
          id: "vendor",
          name: "Vendor bulletin",
          kind: "vendor-bulletin",
          feeds: [
            { url: FEED, format: "rss" },
            { url: SECRET_FEED, format: "atom" },
          ],
        })
      )._unsafeUnwrap();
    });
    afterEach(async () => target.destroy(storage));

    it("a feed that published recently keeps the group from being dormant, an old one does not", async () => {
      expect(await findings(tenant, "group-dormant")).toHaveLength(1);
      await putFeedState(storage, id, FEED, {
        lastFetchedAt: daysAgo(0),
        lastSuccessAt: daysAgo(0),
        lastItemAt: daysAgo(2),
        consecutiveFailures: 0,
        conditional: { etag: '"abc"' },
      });
      expect(await findings(tenant, "group-dormant")).toEqual([]);
      await putFeedState(storage, id, FEED, {
        lastSuccessAt: daysAgo(0),
        lastItemAt: daysAgo(3 * 365),
        consecutiveFailures: 0,
      });
      const [dormant] = await findings(tenant, "group-dormant");
      expect(dormant?.message).toContain(`newest item is from ${daysAgo(3 * 365).slice(0, 10)}`);
    });

    it("group-feed-broken appears after three failures and goes once the feed is read again", async () => {
      await putFeedState(storage, id, SECRET_FEED, {
        lastSuccessAt: daysAgo(2),
        consecutiveFailures: 2,
        lastError: { code: "FETCH_HTTP", message: "the server answered 503", at: daysAgo(0) },
      });
      expect(await findings(tenant, "group-feed-broken")).toEqual([]);
      await putFeedState(storage, id, SECRET_FEED, {
        lastSuccessAt: daysAgo(2),
        consecutiveFailures: 3,
        lastError: { code: "FETCH_HTTP", message: "the server answered 503", at: daysAgo(0) },
      });
      const broken = await findings(tenant, "group-feed-broken");
      expect(broken).toHaveLength(1);
      expect(broken[0]?.subject).toEqual({ type: "group", id: "vendor" });
      expect(broken[0]?.message).toContain("https://feeds.example.org/private.atom?…");
      expect(broken[0]?.message).toContain("FETCH_HTTP: the server answered 503");
      expect(JSON.stringify(broken)).not.toContain("s3cr3t-t0ken");
      await putFeedState(storage, id, SECRET_FEED, {
        lastSuccessAt: daysAgo(0),
        consecutiveFailures: 0,
      });
      expect(await findings(tenant, "group-feed-broken")).toEqual([]);
    });

    it("leases next to the feed state change nothing", async () => {
      const written = await storage.putState({
        tenant: id,
        key: `lease:feed:vendor:${FEED}`,
        value: { owner: "worker-1", until: daysAgo(-1) },
        expectedVersion: 0,
      });
      expect(written.isOk()).toBe(true);
      const evaluation = (await tenant.evaluate({ asOf }))._unsafeUnwrap();
      expect(evaluation.findings.map((f) => f.ruleId)).not.toContain("group-feed-broken");
    });

    it("another tenant's feed state is not read", async () => {
      await putFeedState(storage, "other", FEED, {
        lastItemAt: daysAgo(1),
        consecutiveFailures: 5,
      });
      expect(await findings(tenant, "group-dormant")).toHaveLength(1);
      expect(await findings(tenant, "group-feed-broken")).toEqual([]);
    });

    it("a malformed feed state document is an error naming its key, the field and what was expected", async () => {
      await putFeedState(storage, id, SECRET_FEED, { consecutiveFailures: "many" });
      const result = await tenant.evaluate({ asOf });
      expect(result.isErr()).toBe(true);
      const error = result._unsafeUnwrapErr();
      expect(error).toMatchObject({
        code: "REGISTER_INVALID",
        file: "tenant acme: state document feed:vendor:https://feeds.example.org/private.atom?…",
        issues: [
          {
            code: "SCHEMA_MISMATCH",
            path: "consecutiveFailures",
            message: 'expected a number, got the text "many"',
          },
        ],
      });
      expect(JSON.stringify(error)).not.toContain("s3cr3t-t0ken");
    });
  });
}

describe("engine: state documents for plugin rules", () => {
  it("passes the documents under the rules' statePrefixes, each once and in key order", async () => {
    const storage = (await engineTargets()[0]?.create()) as StorageAdapter;
    const seen: string[][] = [];
    const rule = (id: string, statePrefixes?: string[]) =>
      defineRule({
        id,
        title: id,
        description: "Records what it was given.",
        severity: "observation",
        controls: [],
        remediation: "None.",
        policyKeys: [],
        ...(statePrefixes === undefined ? {} : { statePrefixes }),
        check: ({ state }) => {
          seen.push(state.map((entry) => entry.key));
          return [];
        },
      });
    const sigreg = createSigreg({
      storage,
      plugins: [{ id: "p", rules: [rule("wide", ["x:"]), rule("narrow", ["x:b", "y:"])] }],
    });
    const tenant = sigreg.tenant("acme");
    (await tenant.profile.set({ organisation: { name: "Acme" } }))._unsafeUnwrap();
    for (const key of ["x:b", "y:1", "x:a", "z:1", "feed-not:1"])
      await storage.putState({ tenant: "acme", key, value: { n: 1 }, expectedVersion: 0 });
    (await tenant.evaluate({ asOf }))._unsafeUnwrap();
    // Every rule sees the same list: the union of all declared prefixes, nothing else.
    expect(seen).toEqual([
      ["x:a", "x:b", "y:1"],
      ["x:a", "x:b", "y:1"],
    ]);
  });
});

describe("engine: a failed read during evaluate", () => {
  it("rejects with the storage's error once both of its reads have ended", async () => {
    const storage = (await engineTargets()[0]?.create()) as StorageAdapter;
    const tenant = createSigreg({ storage }).tenant("acme");
    (await tenant.profile.set({ organisation: { name: "Acme" } }))._unsafeUnwrap();
    const failure = new Error("connection lost");
    let stateReadEnded = false;
    // The register read fails at once; the state read (feed health) is slower and succeeds.
    const failing = new Proxy(storage, {
      get(target, key, receiver) {
        if (key === "readCollections") return async () => Promise.reject(failure);
        if (key === "get") return async () => Promise.reject(failure);
        if (key === "listState")
          return async (options: Parameters<StorageAdapter["listState"]>[0]) => {
            await new Promise((resolve) => setTimeout(resolve, 20));
            const page = await target.listState(options);
            stateReadEnded = true;
            return page;
          };
        return Reflect.get(target, key, receiver);
      },
    });
    const evaluation = createSigreg({ storage: failing }).tenant("acme").evaluate({ asOf });
    await expect(evaluation).rejects.toBe(failure);
    // Nothing is left running when the error reaches the caller (who may close the storage next).
    expect(stateReadEnded).toBe(true);
  });
});
