import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  chainEvidence,
  type JsonObject,
  parseRegisterText,
  type StorageAdapter,
  walkEvidenceChain,
} from "@sigreg/core";
import { afterAll, describe, expect, it } from "vitest";
import { fileStorage } from "../src/file/index.js";
import { FIXTURES, read, tempDir } from "./helpers/file-fixture.js";
import { lastNumber, startWriter } from "./helpers/file-processes.js";

// Writers are killed with SIGKILL at random moments: in the middle of a commit, between the
// files of a commit, while holding the lock. Five lanes (each its own register) run side by side,
// ten kills each: 50 kills. Each kill costs about two seconds of waiting for the dead writer's
// lock to go stale (proper-lockfile's minimum); the lanes overlap those waits.
const LANES = 5;
const KILLS_PER_LANE = 10;
const BASE = read(join(FIXTURES, "crash-register.yaml"));
const stateAt = (k: number) => BASE.replace("    name: CISA 0\n", `    name: CISA ${k}\n`);
const tenant = "default";
const key = { tenant, collection: "groups" as const, id: "cisa" };

const dirs: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of dirs) cleanup();
});

/** What the child writes in one transaction, done by the test itself: rename, evidence, message. */
async function writeNext(storage: StorageAdapter): Promise<number> {
  return storage.transaction(async (tx) => {
    const group = await tx.get(key);
    const k = Number(/^CISA (\d+)$/.exec(String(group?.data.name))?.[1]) + 1;
    const put = await tx.put({
      ...key,
      data: { ...(group?.data as JsonObject), name: `CISA ${k}` },
      expectedVersion: group?.version ?? 0,
    });
    if (put.isErr()) throw new Error("conflict while holding the lock");
    const entry = chainEvidence(await tx.lastEvidence({ tenant }), {
      at: new Date().toISOString(),
      actor: "parent",
      action: "group.update",
      subject: { collection: "groups", id: "cisa" },
      before: group?.data ?? null,
      after: put.value.data,
    });
    await tx.appendEvidence({ tenant, entry });
    const id = `m-${String(k).padStart(6, "0")}`;
    const createdAt = entry.at;
    await tx.enqueue({
      message: {
        id,
        tenant,
        topic: "group.update",
        payload: { k },
        createdAt,
        status: "pending",
        attempts: 0,
      },
    });
    return k;
  });
}

/** The register, its versions, evidence and outbox all say `k` writes happened. */
async function expectConsistentAt(storage: StorageAdapter, k: number): Promise<void> {
  expect((await storage.get(key))?.version).toBe(k + 1);
  expect((await storage.lastEvidence({ tenant }))?.seq ?? 0).toBe(k);
  expect((await walkEvidenceChain(storage, tenant)).ok).toBe(true);
  expect(await storage.listOutbox({ status: "pending", limit: 10_000 })).toHaveLength(k);
}

async function lane(): Promise<{ kills: number; midCommit: number }> {
  const { dir, cleanup } = tempDir();
  dirs.push(cleanup);
  const file = join(dir, "register.yaml");
  writeFileSync(file, BASE);
  let k = 0;
  let midCommit = 0;
  let writer = startWriter(["crash", file]);
  for (let round = 0; round < KILLS_PER_LANE; round++) {
    await writer.printed("ready");
    writer.go();
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 500));
    writer.child.kill("SIGKILL");
    expect(await writer.exited).toBe("SIGKILL");
    expect(writer.stderr()).toBe("");
    const done = lastNumber(writer, "done") ?? k;
    const begun = lastNumber(writer, "begin") ?? k;
    if (begun > done) midCommit++;
    // Old or new, never cut short or mixed: the file is exactly one of the states written.
    const text = read(file);
    expect(parseRegisterText(text, { file }).isOk()).toBe(true);
    const found = [done, begun].find((candidate) => text === stateAt(candidate));
    expect(found, `round ${round}: the file is neither state ${done} nor ${begun}`).toBeDefined();
    k = found as number;
    // Read without the lock (which the dead writer may still hold): consistent already.
    await expectConsistentAt(fileStorage({ path: file }), k);
    // The next writer loads while this one takes the stale lock over, recovers and writes.
    if (round + 1 < KILLS_PER_LANE) writer = startWriter(["crash", file]);
    const next = fileStorage({ path: file, staleLockMs: 2000, lockTimeoutMs: 30_000 });
    k = await writeNext(next);
    expect(read(file)).toBe(stateAt(k));
    await expectConsistentAt(next, k);
    expect(readdirSync(dir).sort()).toEqual([".register.yaml.sigreg", "register.yaml"]);
    expect(readdirSync(join(dir, ".register.yaml.sigreg")).sort()).toEqual([
      "evidence.jsonl",
      "state.json",
    ]);
  }
  return { kills: KILLS_PER_LANE, midCommit };
}

describe("fileStorage survives kill -9", () => {
  it(`leaves the register old or new after ${LANES * KILLS_PER_LANE} kills, and the next writer recovers`, async () => {
    const results = await Promise.all(Array.from({ length: LANES }, () => lane()));
    const kills = results.reduce((sum, r) => sum + r.kills, 0);
    expect(kills).toBeGreaterThanOrEqual(50);
    // Some kills must have landed inside a commit, or the test proved little.
    expect(results.reduce((sum, r) => sum + r.midCommit, 0)).toBeGreaterThan(0);
  }, 300_000);
});
