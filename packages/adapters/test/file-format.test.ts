import { copyFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Collection,
  DEFAULT_POLICY,
  type JsonObject,
  parseRegisterText,
  recordIdOf,
  type StorageAdapter,
} from "@sigreg/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fileStorage } from "../src/file/index.js";
import {
  copyExample,
  EXAMPLE,
  lineDiff,
  read,
  tempDir,
  writeText,
} from "./helpers/file-fixture.js";

const tenant = "default";
let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

async function change(
  storage: StorageAdapter,
  collection: Collection,
  id: string,
  edit: (data: JsonObject) => void,
): Promise<void> {
  const current = await storage.get({ tenant, collection, id });
  if (current === undefined) throw new Error(`${collection}/${id} is missing`);
  edit(current.data);
  const written = await storage.put({
    tenant,
    collection,
    id,
    data: current.data,
    expectedVersion: current.version,
  });
  expect(written.isOk()).toBe(true);
}

describe("fileStorage keeps the register as people wrote it (YAML)", () => {
  it("changes one line when one group's owner changes, and keeps every other byte", async () => {
    const file = copyExample(dir);
    const storage = fileStorage({ path: file });
    await change(storage, "groups", "bsi", (group) => {
      group.owner = "maya-fischer";
    });
    expect(lineDiff(read(EXAMPLE), read(file))).toEqual({
      removed: ["    owner: lukas-brandt"],
      added: ["    owner: maya-fischer"],
    });
  });

  it("adds or removes one line for one field, next to its neighbours in schema order", async () => {
    const file = copyExample(dir);
    const storage = fileStorage({ path: file });
    await change(storage, "groups", "mitre-atlas", (group) => {
      group.contact = "atlas@mitre.example";
    });
    const before = read(EXAMPLE);
    expect(lineDiff(before, read(file))).toEqual({
      removed: [],
      added: ["    contact: atlas@mitre.example"],
    });
    expect(read(file)).toContain(
      "    url: https://atlas.mitre.org/\n    contact: atlas@mitre.example\n    owner: jonas-weber\n",
    );
    await change(storage, "groups", "mitre-atlas", (group) => {
      delete group.contact;
      delete group.deputy;
    });
    expect(lineDiff(before, read(file))).toEqual({
      removed: ["    deputy: sam-okafor"],
      added: [],
    });
  });

  it("keeps the comment at the end of a changed line and the style of a flow list", async () => {
    const file = copyExample(dir);
    const storage = fileStorage({ path: file });
    await change(storage, "profile", "profile", (profile) => {
      const organisation = profile.organisation as JsonObject;
      organisation.technologies = (organisation.technologies as string[]).map((t) =>
        t === "postgresql" ? "mysql" : t,
      );
      organisation.sectors = [...(organisation.sectors as string[]), "research"];
    });
    expect(lineDiff(read(EXAMPLE), read(file))).toEqual({
      removed: [
        "  sectors: [artificial-intelligence, software]",
        "    - postgresql        # GAP: our system of record, yet no group below covers it",
      ],
      added: [
        "  sectors: [artificial-intelligence, software, research]",
        "    - mysql        # GAP: our system of record, yet no group below covers it",
      ],
    });
  });

  it("writes a changed policy threshold as one line, leaving the defaults out", async () => {
    const file = copyExample(dir);
    const storage = fileStorage({ path: file });
    const profile = await storage.get({ tenant, collection: "profile", id: "profile" });
    // The stored profile holds every threshold (defaults filled in); the file names one.
    expect(Object.keys((profile?.data.policy ?? {}) as JsonObject)).toHaveLength(
      Object.keys(DEFAULT_POLICY).length,
    );
    await change(storage, "profile", "profile", (data) => {
      (data.policy as JsonObject).dormantAfterDays = 120;
    });
    expect(lineDiff(read(EXAMPLE), read(file))).toEqual({
      removed: [],
      added: ["  dormantAfterDays: 120"],
    });
  });

  it("removes only the lines of a removed entity, keeping the comments around it", async () => {
    const file = copyExample(dir);
    const storage = fileStorage({ path: file });
    const record = await storage.get({ tenant, collection: "alerts", id: "al-2026-007" });
    expect(
      (
        await storage.remove({
          tenant,
          collection: "alerts",
          id: "al-2026-007",
          expectedVersion: record?.version ?? 0,
        })
      ).isOk(),
    ).toBe(true);
    const { removed, added } = lineDiff(read(EXAMPLE), read(file));
    expect(added).toEqual([]);
    expect(removed[0]).toBe("  - id: al-2026-007");
    expect(removed.at(-1)).toBe("");
    expect(removed.filter((line) => line.trimStart().startsWith("#"))).toEqual([]);
    expect(read(file)).toContain("# GAP: untriaged.");
  });

  it("appends a created entity to its list, without the schema defaults, dates as written", async () => {
    const file = copyExample(dir);
    const storage = fileStorage({ path: file });
    const created = await storage.put({
      tenant,
      collection: "people",
      id: "ada",
      data: {
        id: "ada",
        name: "Ada Lovelace",
        active: true,
        leftOn: "2026-12-31T00:00:00.000Z",
      },
      expectedVersion: 0,
    });
    expect(created.isOk()).toBe(true);
    await storage.put({
      tenant,
      collection: "alerts",
      id: "al-new",
      data: {
        id: "al-new",
        group: "cisa",
        title: "New advisory",
        received: "2026-11-23T09:30:00.000Z",
        severity: "medium",
        cves: [],
        state: "new",
        sharedTo: [],
        actions: [],
      },
      expectedVersion: 0,
    });
    const { removed, added } = lineDiff(read(EXAMPLE), read(file));
    expect(removed).toEqual([]);
    expect(added.filter((line) => line !== "")).toEqual([
      "  - id: ada",
      "    name: Ada Lovelace",
      "    leftOn: 2026-12-31",
      "  - id: al-new",
      "    group: cisa",
      "    title: New advisory",
      "    received: 2026-11-23T09:30:00.000Z",
    ]);
    // Blank lines separate the items of these lists, so the new items get one too.
    expect(read(file)).toContain(
      "    leftOn: 2026-07-31\n\n  - id: ada\n    name: Ada Lovelace\n    leftOn: 2026-12-31\n\n# ── Groups",
    );
    expect(read(file)).toContain("    state: new\n\n  - id: al-new\n");
    const register = parseRegisterText(read(file), { file });
    expect(register.isOk() && register.value.people.at(-1)?.active).toBe(true);
  });

  it("creates a missing list key, and a file that does not exist yet, as a valid register", async () => {
    const file = join(dir, "new.yaml");
    const storage = fileStorage({ path: file });
    await storage.put({
      tenant,
      collection: "profile",
      id: "profile",
      data: { organisation: { name: "Acme" } },
      expectedVersion: 0,
    });
    await storage.put({
      tenant,
      collection: "groups",
      id: "g",
      data: { id: "g", name: "G", kind: "isac", purposes: ["threat-alerts"] },
      expectedVersion: 0,
    });
    expect(read(file)).toBe(
      "organisation:\n  name: Acme\ngroups:\n  - id: g\n    name: G\n    kind: isac\n    purposes: [threat-alerts]\n",
    );
    const review = { date: "2026-01-05T00:00:00.000Z", reviewer: "p", scope: "all", decisions: [] };
    const { inserted } = await storage.insertMany({
      tenant,
      collection: "reviews",
      records: [{ id: recordIdOf("reviews", review), data: review }],
    });
    expect(inserted).toEqual([recordIdOf("reviews", review)]);
    expect(read(file)).toContain(
      "    purposes: [threat-alerts]\nreviews:\n  - date: 2026-01-05\n    reviewer: p\n",
    );
  });
});

describe("fileStorage keeps the register as people wrote it (JSON)", () => {
  it("changes one line of a JSON register and keeps it strict JSON", async () => {
    const file = join(dir, "register.json");
    writeText(dir, "register.json", `${JSON.stringify(parse(read(EXAMPLE)), null, 2)}\n`);
    const before = read(file);
    const storage = fileStorage({ path: file });
    await change(storage, "groups", "bsi", (group) => {
      group.owner = "maya-fischer";
    });
    expect(lineDiff(before, read(file))).toEqual({
      removed: ['      "owner": "lukas-brandt",'],
      added: ['      "owner": "maya-fischer",'],
    });
    await change(storage, "groups", "bsi", (group) => {
      delete group.deputy;
    });
    await storage.put({
      tenant,
      collection: "people",
      id: "ada",
      data: { id: "ada", name: "Ada" },
      expectedVersion: 0,
    });
    const after = read(file);
    expect(() => JSON.parse(after)).not.toThrow();
    const { removed, added } = lineDiff(before, after);
    // Sorted: how the diff aligns the moved closing brace is the diff tool's choice.
    expect(removed.sort()).toEqual([
      '      "deputy": "maya-fischer",',
      '      "owner": "lukas-brandt",',
    ]);
    expect(added.sort()).toEqual([
      '      "id": "ada",',
      '      "name": "Ada"',
      '      "owner": "maya-fischer",',
      "    {",
      "    },",
    ]);
  });

  it("writes a new tenant's file as JSON in a directory of .json registers", async () => {
    const storage = fileStorage({ directory: dir, extension: "json" });
    await storage.put({
      tenant: "acme",
      collection: "profile",
      id: "profile",
      data: { organisation: { name: "Acme" } },
      expectedVersion: 0,
    });
    expect(JSON.parse(read(join(dir, "acme.json")))).toEqual({
      organisation: { name: "Acme" },
      groups: [],
    });
  });

  it("keeps a copied register byte-identical when nothing changes", async () => {
    const file = copyExample(dir);
    copyFileSync(EXAMPLE, file);
    const storage = fileStorage({ path: file });
    const group = await storage.get({ tenant, collection: "groups", id: "cisa" });
    const same = await storage.put({
      tenant,
      collection: "groups",
      id: "cisa",
      data: group?.data ?? {},
      expectedVersion: group?.version ?? 0,
    });
    expect(same.isOk() && same.value.version).toBe(2);
    expect(read(file)).toBe(read(EXAMPLE));
  });
});
