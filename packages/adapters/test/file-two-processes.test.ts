import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileStorage } from "../src/file/index.js";
import { FIXTURES, lineDiff, read, tempDir, writeText } from "./helpers/file-fixture.js";
import { startWriter } from "./helpers/file-processes.js";

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

const ATTEMPTS = 25;

describe("fileStorage with two processes writing at once", () => {
  it("loses no update: each put lands or gets CONFLICT, and the file holds exactly the ones that landed", async () => {
    const base = read(join(FIXTURES, "crash-register.yaml"));
    const file = writeText(dir, "register.yaml", base);
    const writers = ["a", "b"].map((label) => startWriter(["race", file, label, String(ATTEMPTS)]));
    await Promise.all(writers.map((writer) => writer.printed("ready")));
    for (const writer of writers) writer.go();
    const codes = await Promise.all(writers.map((writer) => writer.exited));
    expect(codes, writers.map((writer) => writer.stderr()).join("\n")).toEqual([0, 0]);
    const tallies = writers.map(
      (writer) => JSON.parse(writer.lines.at(-1) ?? "{}") as { ok: string[]; conflicts: number },
    );
    const landed = tallies.flatMap((tally) => tally.ok);
    expect(landed.length + tallies.reduce((sum, t) => sum + t.conflicts, 0)).toBe(2 * ATTEMPTS);
    for (const tally of tallies) expect(tally.ok.length).toBeGreaterThan(0);
    // Both started together and pause between read and write: they did race.
    expect(tallies.reduce((sum, t) => sum + t.conflicts, 0)).toBeGreaterThan(0);

    const group = await fileStorage({ path: file }).get({
      tenant: "default",
      collection: "groups",
      id: "cisa",
    });
    expect(group?.version).toBe(1 + landed.length);
    const themes = (group?.data.topics as { riskThemes?: string[] } | undefined)?.riskThemes ?? [];
    expect(themes.slice(0, 2)).toEqual(["ransomware", "supply-chain"]);
    expect([...themes.slice(2)].sort()).toEqual([...landed].sort());
    // Each writer's tokens landed in the order it wrote them: no write was applied out of turn.
    for (const tally of tallies)
      expect(themes.filter((theme) => tally.ok.includes(theme))).toEqual(tally.ok);
    const { removed, added } = lineDiff(base, read(file));
    expect(removed).toEqual(["      riskThemes: [ransomware, supply-chain]"]);
    expect(added).toEqual([`      riskThemes: [${themes.join(", ")}]`]);
  }, 120_000);
});
