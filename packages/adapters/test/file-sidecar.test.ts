import { createHash } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { chainEvidence, digestOf, type EvidenceEntry, type JsonObject } from "@sigreg/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileStorage } from "../src/file/index.js";
import { read, tempDir, writeText } from "./helpers/file-fixture.js";

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

const tenant = "default";
const key = { tenant, collection: "groups" as const, id: "g" };
const REGISTER = `# hand-kept register
organisation:
  name: Acme
groups:
  - id: g
    name: First   # renamed by the tests
    kind: isac
`;
const sidecar = () => join(dir, ".register.yaml.sigreg");
const state = () => JSON.parse(read(join(sidecar(), "state.json")));

async function rename(path: string, name: string, expectedVersion: number) {
  const storage = fileStorage({ path });
  const current = await storage.get(key);
  return storage.put({ ...key, data: { ...(current?.data as JsonObject), name }, expectedVersion });
}

function evidence(previous: EvidenceEntry | undefined, n: number): EvidenceEntry {
  return chainEvidence(previous, {
    at: `2026-01-0${n}T00:00:00.000Z`,
    actor: "tester",
    action: "group.update",
    subject: { collection: "groups", id: "g" },
    before: null,
    after: { n },
  });
}

describe("fileStorage sidecar: versions", () => {
  it("keeps versions and digests in state.json, tied to the register text it was written with", async () => {
    const path = writeText(dir, "register.yaml", REGISTER);
    expect((await fileStorage({ path }).get(key))?.version).toBe(1);
    expect((await rename(path, "Second", 1)).isOk()).toBe(true);
    const written = state();
    expect(written.registerSha256).toBe(createHash("sha256").update(read(path)).digest("hex"));
    expect(written.records.groups.g).toEqual({
      version: 2,
      digest: digestOf({
        id: "g",
        name: "Second",
        kind: "isac",
        jurisdictions: [],
        purposes: [],
        topics: { sectors: [], technologies: [], regulations: [], riskThemes: [] },
        accounts: [],
        feeds: [],
      }),
    });
    expect(written.records.profile.profile.version).toBe(1);
  });

  it("counts a hand edit as a new version, so that a writer holding the old one gets CONFLICT", async () => {
    const path = writeText(dir, "register.yaml", REGISTER);
    expect((await rename(path, "Second", 1)).isOk()).toBe(true);
    writeFileSync(path, read(path).replace("name: Second", "name: Edited by hand"));
    const storage = fileStorage({ path });
    expect(await storage.get(key)).toMatchObject({ version: 3, data: { name: "Edited by hand" } });
    const stale = await rename(path, "Lost", 2);
    expect(stale.isErr() && stale.error).toMatchObject({
      code: "CONFLICT",
      expectedVersion: 2,
      actualVersion: 3,
    });
    expect((await rename(path, "Third", 3)).isOk()).toBe(true);
    expect((await storage.get(key))?.version).toBe(4);
    writeFileSync(path, `${read(path)}  - id: h\n    name: Added by hand\n    kind: isac\n`);
    expect((await storage.get({ ...key, id: "h" }))?.version).toBe(1);
  });
});

describe("fileStorage sidecar: crash recovery", () => {
  /** The files of a commit that a crash interrupted after the register was renamed into place. */
  async function crashAfterRename(): Promise<{
    path: string;
    next: EvidenceEntry;
    newText: string;
  }> {
    const path = writeText(dir, "register.yaml", REGISTER);
    const storage = fileStorage({ path });
    const first = evidence(undefined, 1);
    await storage.transaction(async (tx) => {
      await tx.appendEvidence({ tenant, entry: first });
    });
    // Run the second commit on a copy to learn what it writes, then lay out its crash state here.
    const copy = join(dir, "copy");
    mkdirSync(copy);
    cpSync(path, join(copy, "register.yaml"));
    cpSync(sidecar(), join(copy, ".register.yaml.sigreg"), { recursive: true });
    const next = evidence(first, 2);
    await fileStorage({ path: join(copy, "register.yaml") }).transaction(async (tx) => {
      const group = await tx.get(key);
      await tx.put({
        ...key,
        data: { ...(group?.data as JsonObject), name: "Second" },
        expectedVersion: 1,
      });
      await tx.appendEvidence({ tenant, entry: next });
    });
    const newText = read(join(copy, "register.yaml"));
    const newState = JSON.parse(read(join(copy, ".register.yaml.sigreg", "state.json")));
    const sha = createHash("sha256").update(newText).digest("hex");
    writeFileSync(
      join(sidecar(), "commit.json"),
      JSON.stringify({ registerSha256: sha, evidence: [next], state: newState }),
    );
    writeFileSync(path, newText);
    // The evidence line was being appended when the process died.
    appendFileSync(join(sidecar(), "evidence.jsonl"), JSON.stringify(next).slice(0, 40));
    return { path, next, newText };
  }

  it("reads an interrupted commit as done, and the next writer finishes it", async () => {
    const { path, next, newText } = await crashAfterRename();
    const storage = fileStorage({ path });
    expect(await storage.get(key)).toMatchObject({ version: 2, data: { name: "Second" } });
    expect(await storage.lastEvidence({ tenant })).toEqual(next);
    expect((await rename(path, "Third", 2)).isOk()).toBe(true);
    expect(existsSync(join(sidecar(), "commit.json"))).toBe(false);
    const lines = read(join(sidecar(), "evidence.jsonl")).split("\n");
    expect(lines.slice(0, -1).map((line) => JSON.parse(line).seq)).toEqual([1, 2]);
    expect(lines.at(-1)).toBe("");
    expect(state().records.groups.g.version).toBe(3);
    expect(newText).toContain("name: Second   # renamed by the tests");
  });

  it("drops a commit interrupted before the register was renamed: nothing of it is seen or kept", async () => {
    const { path } = await crashAfterRename();
    writeFileSync(path, REGISTER);
    const storage = fileStorage({ path });
    expect(await storage.get(key)).toMatchObject({ version: 1, data: { name: "First" } });
    expect((await storage.lastEvidence({ tenant }))?.seq).toBe(1);
    expect((await rename(path, "Other", 1)).isOk()).toBe(true);
    expect(existsSync(join(sidecar(), "commit.json"))).toBe(false);
    expect(read(join(sidecar(), "evidence.jsonl")).trimEnd().split("\n")).toHaveLength(1);
  });

  it("ignores and then removes the temporary files of a killed writer, and takes over its stale lock", async () => {
    const path = writeText(dir, "register.yaml", REGISTER);
    expect((await rename(path, "Second", 1)).isOk()).toBe(true);
    writeFileSync(join(dir, ".register.yaml.sigreg-tmp-99999-dead"), "organisation: {name: half");
    writeFileSync(join(sidecar(), ".state.json.sigreg-tmp-99999-dead"), "{");
    const lock = join(sidecar(), "lock");
    mkdirSync(lock);
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, longAgo, longAgo);
    const storage = fileStorage({ path, staleLockMs: 2000, lockTimeoutMs: 5000 });
    expect((await storage.get(key))?.data.name).toBe("Second");
    expect((await rename(path, "Third", 2)).isOk()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([".register.yaml.sigreg", "register.yaml"]);
    expect(readdirSync(sidecar())).toEqual(["state.json"]);
  });
});
