import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatRegisterError, parseRegisterText } from "@sigreg/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileStorageError, fileStorage } from "../src/file/index.js";
import { read, tempDir, writeText } from "./helpers/file-fixture.js";

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

const groupKey = { tenant: "default", collection: "groups" as const, id: "g" };
const group = { id: "g", name: "G", kind: "isac" };

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<FileStorageError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FileStorageError);
  return error as FileStorageError;
}

describe("fileStorage errors", () => {
  it("reports a register path it cannot read, naming the file", async () => {
    const path = join(dir, "register.yaml");
    mkdirSync(path);
    const storage = fileStorage({ path });
    for (const attempt of [
      storage.get(groupKey),
      storage.put({ ...groupKey, data: group, expectedVersion: 0 }),
    ]) {
      const error = await failure(attempt);
      expect(error.code).toBe("FILE_UNREADABLE");
      expect(error.message).toBe(
        `${path}: expected a readable register file: it is a directory [FILE_UNREADABLE]`,
      );
    }
  });

  it("reports broken YAML with the core's line and column, and writes nothing", async () => {
    const text = "organisation:\n  name: Acme\ngroups:\n  - id: g\n    name: [unclosed\n";
    const path = writeText(dir, "register.yaml", text);
    const storage = fileStorage({ path });
    const expected = parseRegisterText(text, { file: path });
    expect(expected.isErr()).toBe(true);
    const error = await failure(storage.put({ ...groupKey, data: group, expectedVersion: 0 }));
    expect(error.code).toBe("REGISTER_INVALID");
    expect(error.message).toBe(expected.isErr() ? formatRegisterError(expected.error) : "");
    expect(error.message).toMatch(new RegExp(`^${path}:6:1: .* \\[SYNTAX_ERROR\\]$`));
    expect(read(path)).toBe(text);
  });

  it("reports a schema error with the file, line and path", async () => {
    const path = writeText(
      dir,
      "register.yaml",
      "organisation:\n  name: Acme\ngroups:\n  - id: g\n    name: G\n    kind: club\n",
    );
    const error = await failure(
      fileStorage({ path }).list({ tenant: "default", collection: "groups", limit: 5 }),
    );
    expect(error.code).toBe("REGISTER_INVALID");
    expect(error.message).toMatch(
      new RegExp(
        `^${path}:6:11 groups\\[0\\]\\.kind: expected one of "professional-body".* \\[SCHEMA_MISMATCH\\]$`,
      ),
    );
  });

  it("reads a register the port leaves incomplete (no profile, unknown references) but nothing else", async () => {
    const path = writeText(
      dir,
      "register.yaml",
      "# to be filled\npeople:\n  - id: a\n    name: A\n",
    );
    const storage = fileStorage({ path });
    expect((await storage.get({ tenant: "default", collection: "people", id: "a" }))?.version).toBe(
      1,
    );
    await storage.put({ ...groupKey, data: { ...group, owner: "nobody-yet" }, expectedVersion: 0 });
    expect(read(path)).toBe(
      "# to be filled\npeople:\n  - id: a\n    name: A\ngroups:\n  - id: g\n    name: G\n    kind: isac\n    owner: nobody-yet\n",
    );
    writeFileSync(path, "people:\n  - id: a\n    name: A\n  - id: a\n    name: Again\n");
    const duplicate = await failure(
      storage.get({ tenant: "default", collection: "people", id: "a" }),
    );
    expect(duplicate.message).toContain('people[1].id: duplicate id "a"');
  });

  it("refuses tenant ids that would leave the directory, before touching the disk", async () => {
    const root = join(dir, "registers");
    const storage = fileStorage({ directory: root });
    for (const tenant of ["..", "../escape", "a/b", "a\\b", ".hidden", "a..b", ""]) {
      const error = await failure(
        storage.put({ tenant, collection: "groups", id: "g", data: group, expectedVersion: 0 }),
      );
      expect(error.code).toBe("TENANT_INVALID");
      expect(error.message).toContain(
        `tenant ${JSON.stringify(tenant)} cannot name a register file`,
      );
      await expect(storage.get({ tenant, collection: "groups", id: "g" })).rejects.toThrow(
        "cannot name a register file",
      );
    }
    expect(existsSync(root)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("serves one tenant in single-file mode: others read empty, and writing them names file and tenant", async () => {
    const path = join(dir, "register.yaml");
    const storage = fileStorage({ path, tenant: "acme" });
    await storage.put({ ...groupKey, tenant: "acme", data: group, expectedVersion: 0 });
    expect(await storage.get({ ...groupKey, tenant: "other" })).toBeUndefined();
    expect(await storage.list({ tenant: "other", collection: "groups", limit: 5 })).toEqual([]);
    expect(await storage.listEvidence({ tenant: "other", limit: 5 })).toEqual([]);
    const error = await failure(
      storage.put({ ...groupKey, tenant: "other", data: group, expectedVersion: 0 }),
    );
    expect(error.code).toBe("TENANT_NOT_SERVED");
    expect(error.message).toBe(
      `${path} holds the register of tenant "acme" only; cannot write tenant "other" there`,
    );
    expect(await storage.get({ ...groupKey, tenant: "acme" })).toMatchObject({ version: 1 });
  });

  it("refuses data the register cannot hold: not an entity, or an id the register would not key it by", async () => {
    const path = join(dir, "register.yaml");
    const storage = fileStorage({ path });
    const invalid = await failure(
      storage.put({ ...groupKey, data: { id: "g", name: "G", kind: "club" }, expectedVersion: 0 }),
    );
    expect(invalid.code).toBe("RECORD_INVALID");
    expect(invalid.message).toMatch(new RegExp(`^${path}: cannot store groups record "g": kind: `));
    const renamed = await failure(
      storage.put({ ...groupKey, id: "h", data: group, expectedVersion: 0 }),
    );
    expect(renamed.message).toContain('the register keys this entity as "g" (its id)');
    const review = { date: "2026-01-05", reviewer: "p" };
    const digest = await failure(
      storage.insertMany({
        tenant: "default",
        collection: "reviews",
        records: [{ id: "r-1", data: review }],
      }),
    );
    expect(digest.message).toMatch(
      /keys this entity as "rev-[0-9a-f]{24}" \(a digest of its content\)/,
    );
    expect(existsSync(path)).toBe(false);
  });

  it("times out waiting for a lock another writer holds", async () => {
    const path = join(dir, "register.yaml");
    const holder = fileStorage({ path });
    const waiter = fileStorage({ path, lockTimeoutMs: 300 });
    let release = () => {};
    const held = holder.transaction(async (tx) => {
      await tx.get(groupKey);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await failure(waiter.put({ ...groupKey, data: group, expectedVersion: 0 }));
    expect(error.code).toBe("LOCK_TIMEOUT");
    expect(error.message).toBe(
      `${path}: another writer held the register's lock for more than 300 ms`,
    );
    release();
    await held;
    expect((await waiter.put({ ...groupKey, data: group, expectedVersion: 0 })).isOk()).toBe(true);
  });

  it("refuses a sidecar it did not write, saying how to rebuild it", async () => {
    const path = writeText(dir, "register.yaml", "people: []\n");
    mkdirSync(join(dir, ".register.yaml.sigreg"));
    writeFileSync(join(dir, ".register.yaml.sigreg", "state.json"), "{ not json");
    const error = await failure(
      fileStorage({ path }).list({ tenant: "default", collection: "people", limit: 1 }),
    );
    expect(error.code).toBe("SIDECAR_INVALID");
    expect(error.message).toContain(join(dir, ".register.yaml.sigreg", "state.json"));
    expect(error.message).toContain("remove the file to rebuild it from the register");
  });
});
