/**
 * A separate process writing to a register file, for the crash and two-process tests:
 *   crash <file>          renames group "cisa" to "CISA <k+1>" with an evidence entry and an
 *                         outbox message, in one transaction, forever (until killed)
 *   race <file> <label> <attempts>
 *                         reads group "cisa" and, after up to 20 ms, puts it back with one more
 *                         risk theme at the version read, once per attempt (no retry); prints its
 *                         tally as JSON
 * It prints `ready` once loaded and starts on a line from stdin; in crash mode it prints `begin k`
 * and `done k` around each commit.
 */
import { createInterface } from "node:readline";
import { chainEvidence, type JsonObject } from "@sigreg/core";
import { fileStorage } from "../../src/file/index.js";

const [mode, file, label, attempts] = process.argv.slice(2);
if (file === undefined) throw new Error("usage: crash|race <file> [label attempts]");
const tenant = "default";
const key = { tenant, collection: "groups" as const, id: "cisa" };
const storage = fileStorage({ path: file, staleLockMs: 2000, lockTimeoutMs: 60_000 });
const say = (line: string) => process.stdout.write(`${line}\n`);

/** Waits for the parent's go-ahead (a line on stdin). */
const go = () =>
  new Promise<void>((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.once("line", () => {
      lines.close();
      resolve();
    });
  });

async function crashLoop(): Promise<never> {
  await storage.get(key); // loads and parses once, so that the first commit is not a cold one
  say("ready");
  await go();
  for (;;) {
    let k = 0;
    await storage.transaction(async (tx) => {
      const group = await tx.get(key);
      if (group === undefined) throw new Error("group cisa is missing");
      k = Number(/^CISA (\d+)$/.exec(String(group.data.name))?.[1]) + 1;
      say(`begin ${k}`);
      const put = await tx.put({
        ...key,
        data: { ...group.data, name: `CISA ${k}` },
        expectedVersion: group.version,
      });
      if (put.isErr()) throw new Error(`conflict inside the lock: ${JSON.stringify(put.error)}`);
      const previous = await tx.lastEvidence({ tenant });
      const at = new Date().toISOString();
      const entry = chainEvidence(previous, {
        at,
        actor: "child",
        action: "group.update",
        subject: { collection: "groups", id: "cisa" },
        before: group.data,
        after: put.value.data,
      });
      (await tx.appendEvidence({ tenant, entry }))._unsafeUnwrap();
      await tx.enqueue({
        message: {
          id: `m-${String(k).padStart(6, "0")}`,
          tenant,
          topic: "group.update",
          payload: { k },
          createdAt: at,
          status: "pending",
          attempts: 0,
        },
      });
    });
    say(`done ${k}`);
  }
}

async function race(): Promise<void> {
  const total = Number(attempts);
  say("ready");
  await new Promise<void>((resolve) =>
    createInterface({ input: process.stdin }).once("line", () => resolve()),
  );
  const tally = { ok: [] as string[], conflicts: 0 };
  for (let i = 0; i < total; i++) {
    const current = await storage.get(key);
    if (current === undefined) throw new Error("group cisa is missing");
    const topics = current.data.topics as JsonObject;
    const token = `${label}-${i}`;
    const data = {
      ...current.data,
      topics: { ...topics, riskThemes: [...(topics.riskThemes as string[]), token] },
    };
    // A moment of "thinking" between read and write, as a person or a service would take.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
    const put = await storage.put({ ...key, data, expectedVersion: current.version });
    if (put.isOk()) tally.ok.push(token);
    else tally.conflicts++;
  }
  say(JSON.stringify(tally));
}

await (mode === "crash" ? crashLoop() : race());
