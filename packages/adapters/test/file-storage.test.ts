import { readdirSync } from "node:fs";
import { join } from "node:path";
import {
  chainEvidence,
  createSigreg,
  type EvidenceEntry,
  type JsonObject,
  type OutboxMessage,
  recordIdOf,
  walkEvidenceChain,
} from "@sigreg/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fileStorage } from "../src/file/index.js";
import { copyExample, EXAMPLE, lineDiff, read, tempDir } from "./helpers/file-fixture.js";

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

const person = (id: string, name = id.toUpperCase()): JsonObject => ({ id, name, active: true });
const profile = { organisation: { name: "Acme" } };
const activity = {
  group: "g",
  date: "2026-03-01T00:00:00.000Z",
  type: "newsletter",
  actions: [],
} as JsonObject;

function entry(previous: EvidenceEntry | undefined, n: number): EvidenceEntry {
  return chainEvidence(previous, {
    at: `2026-01-01T00:00:0${n}.000Z`,
    actor: "tester",
    action: "test.step",
    subject: { collection: "people", id: `p${n}` },
    before: null,
    after: { n },
  });
}

function message(n: number, tenant: string): OutboxMessage {
  return {
    id: `m-${n}`,
    tenant,
    topic: "t",
    payload: { n },
    createdAt: "2026-01-01T00:00:00.000Z",
    status: "pending",
    attempts: 0,
  };
}

describe("fileStorage, one register per tenant", () => {
  it("creates at version 1, replaces at version + 1, removes, and writes each change to the YAML file", async () => {
    const storage = fileStorage({ directory: dir });
    const key = { tenant: "acme", collection: "people" as const, id: "ada" };
    expect(await storage.get(key)).toBeUndefined();
    const created = await storage.put({ ...key, data: person("ada"), expectedVersion: 0 });
    expect(created.isOk() && created.value).toEqual({ ...key, version: 1, data: person("ada") });
    const replaced = await storage.put({
      ...key,
      data: person("ada", "Ada L."),
      expectedVersion: 1,
    });
    expect(replaced.isOk() && replaced.value.version).toBe(2);
    expect(parse(read(join(dir, "acme.yaml"))).people).toEqual([{ id: "ada", name: "Ada L." }]);
    expect(await storage.get(key)).toEqual({ ...key, version: 2, data: person("ada", "Ada L.") });
    expect((await storage.remove({ ...key, expectedVersion: 2 })).isOk()).toBe(true);
    expect(await storage.get(key)).toBeUndefined();
    expect(parse(read(join(dir, "acme.yaml"))).people).toEqual([]);
  });

  it("returns CONFLICT for stale versions, existing and absent records, and leaves the file as it was", async () => {
    const storage = fileStorage({ directory: dir });
    const key = { tenant: "acme", collection: "people" as const, id: "ada" };
    await storage.put({ ...key, data: person("ada"), expectedVersion: 0 });
    await storage.put({ ...key, data: person("ada", "Two"), expectedVersion: 1 });
    const before = read(join(dir, "acme.yaml"));
    const stale = await storage.put({ ...key, data: person("ada", "Lost"), expectedVersion: 1 });
    expect(stale.isErr() && stale.error).toEqual({
      code: "CONFLICT",
      ...key,
      expectedVersion: 1,
      actualVersion: 2,
    });
    const twice = await storage.put({ ...key, data: person("ada"), expectedVersion: 0 });
    expect(twice.isErr() && twice.error.actualVersion).toBe(2);
    const absent = await storage.remove({ ...key, id: "bob", expectedVersion: 1 });
    expect(absent.isErr() && absent.error.actualVersion).toBe(0);
    const wrong = await storage.remove({ ...key, expectedVersion: 3 });
    expect(wrong.isErr() && wrong.error.code).toBe("CONFLICT");
    expect(read(join(dir, "acme.yaml"))).toBe(before);
  });

  it("lists ids in order, page by page, and keeps tenants and collections apart", async () => {
    const storage = fileStorage({ directory: dir });
    for (const id of ["c", "a", "b", "B"])
      await storage.put({
        tenant: "one",
        collection: "people",
        id,
        data: person(id),
        expectedVersion: 0,
      });
    await storage.put({
      tenant: "two",
      collection: "groups",
      id: "a",
      data: { id: "a", name: "A", kind: "isac" },
      expectedVersion: 0,
    });
    const ids = async (after?: string) =>
      (
        await storage.list({
          tenant: "one",
          collection: "people",
          limit: 2,
          ...(after ? { after } : {}),
        })
      ).map((record) => record.id);
    expect(await ids()).toEqual(["B", "a"]);
    expect(await ids("a")).toEqual(["b", "c"]);
    expect(await ids("c")).toEqual([]);
    expect(await storage.list({ tenant: "two", collection: "people", limit: 10 })).toEqual([]);
    expect(await storage.get({ tenant: "one", collection: "groups", id: "a" })).toBeUndefined();
  });

  it("insertMany adds the new ids at version 1 and leaves existing ones; activities without an id are keyed by digest", async () => {
    const storage = fileStorage({ directory: dir });
    const tenant = "acme";
    await storage.put({
      tenant,
      collection: "people",
      id: "a",
      data: person("a", "First"),
      expectedVersion: 0,
    });
    const { inserted } = await storage.insertMany({
      tenant,
      collection: "people",
      records: [
        { id: "c", data: person("c") },
        { id: "a", data: person("a", "Overwritten?") },
        { id: "b", data: person("b") },
        { id: "c", data: person("c", "Second c") },
      ],
    });
    expect(inserted).toEqual(["c", "b"]);
    expect((await storage.get({ tenant, collection: "people", id: "a" }))?.data.name).toBe("First");
    expect((await storage.get({ tenant, collection: "people", id: "c" }))?.data.name).toBe("C");
    const id = recordIdOf("activities", activity);
    const again = async () =>
      (
        await storage.insertMany({
          tenant,
          collection: "activities",
          records: [{ id, data: activity }],
        })
      ).inserted;
    expect(await again()).toEqual([id]);
    expect(await again()).toEqual([]);
    expect(await storage.get({ tenant, collection: "activities", id })).toEqual({
      tenant,
      collection: "activities",
      id,
      version: 1,
      data: activity,
    });
  });

  it("commits a transaction's writes together, lets it read its own writes, and writes nothing when it throws", async () => {
    const storage = fileStorage({ directory: dir });
    const tenant = "acme";
    const value = await storage.transaction(async (tx) => {
      await tx.put({
        tenant,
        collection: "profile",
        id: "profile",
        data: profile,
        expectedVersion: 0,
      });
      await tx.put({
        tenant,
        collection: "people",
        id: "a",
        data: person("a"),
        expectedVersion: 0,
      });
      expect((await tx.get({ tenant, collection: "people", id: "a" }))?.version).toBe(1);
      expect(await storage.get({ tenant, collection: "people", id: "a" })).toBeUndefined();
      await tx.appendEvidence({ tenant, entry: entry(undefined, 1) });
      await tx.enqueue({ message: message(1, tenant) });
      return "done";
    });
    expect(value).toBe("done");
    const committed = read(join(dir, "acme.yaml"));
    expect(parse(committed)).toEqual({
      organisation: { name: "Acme" },
      people: [{ id: "a", name: "A" }],
      groups: [],
    });
    await expect(
      storage.transaction(async (tx) => {
        await tx.put({
          tenant,
          collection: "people",
          id: "b",
          data: person("b"),
          expectedVersion: 0,
        });
        await tx.remove({ tenant, collection: "people", id: "a", expectedVersion: 1 });
        await tx.appendEvidence({ tenant, entry: entry(await tx.lastEvidence({ tenant }), 2) });
        await tx.enqueue({ message: message(2, tenant) });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(read(join(dir, "acme.yaml"))).toBe(committed);
    expect((await storage.listEvidence({ tenant, limit: 10 })).map((e) => e.seq)).toEqual([1]);
    expect((await storage.listOutbox({ status: "pending", limit: 10 })).map((m) => m.id)).toEqual([
      "m-1",
    ]);
  });

  it("appends evidence exactly as given, returns CONFLICT for a taken seq, and pages by seq", async () => {
    const storage = fileStorage({ directory: dir });
    const tenant = "acme";
    let previous: EvidenceEntry | undefined;
    const entries: EvidenceEntry[] = [];
    for (let n = 1; n <= 3; n++) {
      previous = entry(previous, n);
      entries.push(previous);
      expect((await storage.appendEvidence({ tenant, entry: previous })).isOk()).toBe(true);
    }
    const taken = await storage.appendEvidence({ tenant, entry: entries[1] as EvidenceEntry });
    expect(taken.isErr() && taken.error).toEqual({
      code: "CONFLICT",
      tenant,
      collection: "evidence",
      id: "2",
      expectedVersion: 0,
    });
    expect(await storage.lastEvidence({ tenant })).toEqual(entries[2]);
    expect(await storage.listEvidence({ tenant, afterSeq: 1, limit: 1 })).toEqual([entries[1]]);
    expect((await walkEvidenceChain(storage, tenant)).ok).toBe(true);
    expect(await storage.lastEvidence({ tenant: "other" })).toBeUndefined();
    const lines = read(join(dir, ".acme.yaml.sigreg", "evidence.jsonl"))
      .trimEnd()
      .split("\n");
    expect(lines.map((line) => JSON.parse(line))).toEqual(entries);
  });

  it("keeps the outbox across tenants, ordered by id, and records delivery outcomes", async () => {
    const storage = fileStorage({ directory: dir });
    await storage.enqueue({ message: message(2, "b") });
    await storage.enqueue({ message: message(1, "a") });
    await storage.enqueue({ message: message(3, "a") });
    const pending = async () =>
      (await storage.listOutbox({ status: "pending", limit: 10 })).map((m) => m.id);
    expect(await pending()).toEqual(["m-1", "m-2", "m-3"]);
    expect(
      (await storage.listOutbox({ status: "pending", after: "m-1", limit: 1 })).map((m) => m.id),
    ).toEqual(["m-2"]);
    await storage.updateOutbox({ id: "m-2", status: "failed", attempts: 1, lastError: "timeout" });
    expect(await pending()).toEqual(["m-1", "m-3"]);
    expect(await storage.listOutbox({ status: "failed", limit: 10 })).toEqual([
      { ...message(2, "b"), status: "failed", attempts: 1, lastError: "timeout" },
    ]);
    await storage.updateOutbox({ id: "m-2", status: "sent", attempts: 2 });
    expect((await storage.listOutbox({ status: "sent", limit: 10 }))[0]).toEqual({
      ...message(2, "b"),
      status: "sent",
      attempts: 2,
    });
  });

  it("lists the tenants whose register has a profile, in order, with paging", async () => {
    const storage = fileStorage({ directory: dir });
    for (const tenant of ["zeta", "alpha", "mid"])
      await storage.put({
        tenant,
        collection: "profile",
        id: "profile",
        data: profile,
        expectedVersion: 0,
      });
    await storage.put({
      tenant: "nopro",
      collection: "people",
      id: "a",
      data: person("a"),
      expectedVersion: 0,
    });
    expect(await storage.listTenants({ limit: 10 })).toEqual(["alpha", "mid", "zeta"]);
    expect(await storage.listTenants({ after: "alpha", limit: 1 })).toEqual(["mid"]);
    expect(readdirSync(dir).filter((name) => !name.startsWith("."))).toEqual([
      "alpha.yaml",
      "mid.yaml",
      "nopro.yaml",
      "zeta.yaml",
    ]);
  });

  it("hands out fresh objects: changing what it returned changes nothing stored", async () => {
    const storage = fileStorage({ directory: dir });
    const key = { tenant: "acme", collection: "people" as const, id: "a" };
    const data = person("a");
    const put = await storage.put({ ...key, data, expectedVersion: 0 });
    data.name = "changed input";
    if (put.isOk()) put.value.data.name = "changed result";
    const got = await storage.get(key);
    if (got) got.data.name = "changed read";
    expect((await storage.get(key))?.data.name).toBe("A");
  });
});

describe("fileStorage under the engine", () => {
  it("runs the engine on the example register: one changed line per update, evidence chained", async () => {
    const file = copyExample(dir);
    const storage = fileStorage({ path: file });
    const sigreg = createSigreg({
      storage,
      actor: "alice",
      clock: () => new Date("2026-11-23T10:00:00Z"),
    });
    const tenant = sigreg.tenant("default");
    const bsi = await tenant.groups.get("bsi");
    expect(bsi?.version).toBe(1);
    const updated = await tenant.groups.update({
      ...(bsi?.value as object),
      owner: "maya-fischer",
    } as never);
    expect(updated.isOk() && updated.value.version).toBe(2);
    expect(lineDiff(read(EXAMPLE), read(file))).toEqual({
      removed: ["    owner: lukas-brandt"],
      added: ["    owner: maya-fischer"],
    });
    const stale = await tenant.groups.update(
      { ...(bsi?.value as object), owner: "sam-okafor" } as never,
      {
        expectedVersion: 1,
      },
    );
    expect(stale.isErr() && stale.error.code).toBe("CONFLICT");
    const verification = await tenant.verifyEvidence({ records: false });
    expect(verification).toMatchObject({ ok: true, entries: 1 });
    const snapshot = await tenant.snapshot();
    expect(snapshot.isOk() && snapshot.value.groups.find((g) => g.id === "bsi")?.owner).toBe(
      "maya-fischer",
    );
  });
});
