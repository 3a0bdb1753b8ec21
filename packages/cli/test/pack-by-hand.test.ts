import { spawnSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/index.js";
import { run, tempDir } from "./helpers.js";
import { EXAMPLE } from "./store-helpers.js";

// docs/audit-pack.md tells auditors how to check a pack without sigreg; these run its snippets as
// written, so the guide stays true. A machine without bash, jq, sha256sum or python3 skips the
// snippet that needs the missing tool (the guide names them as prerequisites).
const GUIDE = fileURLToPath(new URL("../../../docs/audit-pack.md", import.meta.url));
const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
const NOW = () => new Date("2026-11-23T15:00:00Z");

/** The fenced block of `language` in the guide's "Verifying by hand" section. */
async function snippet(language: string): Promise<string> {
  const guide = await readFile(GUIDE, "utf8");
  const section = guide.slice(guide.indexOf("## Verifying by hand"));
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(section);
  if (match?.[1] === undefined) throw new Error(`no ${language} block in ${GUIDE}`);
  return match[1];
}

/** A pack (from a SQLite store, a triage with non-ASCII text on top) unzipped into a fresh directory. */
async function unpacked(): Promise<string> {
  const dir = await tempDir();
  const store = ["--store", `sqlite:${join(dir, "s.db")}`];
  await run(["migrate", ...store]);
  await run(["import", EXAMPLE, ...store], { now: NOW });
  await run(
    ["triage", "al-2026-012", "--by", "jonas-weber", "--dismiss", "Hors périmètre — ✓", ...store],
    {
      now: NOW,
    },
  );
  const packed = await run(["pack", "--out", "pack.zip", ...store], { cwd: dir, now: NOW });
  expect(packed.code).toBe(EXIT.ok);
  const target = join(dir, "pack");
  await mkdir(target);
  for (const [name, content] of Object.entries(unzipSync(await readFile(join(dir, "pack.zip")))))
    await writeFile(join(target, name), content);
  return target;
}

describe("verifying a pack by hand, as docs/audit-pack.md says", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await unpacked();
  });

  // Needs bash, jq and sha256sum on PATH; .ci/run installs jq, so CI runs it.
  it.skipIf(!has("bash") || !has("jq") || !has("sha256sum"))(
    "sha256sum checks every file against the manifest, and the extra-file line lists an added file",
    async () => {
      // The block's first line unzips; the pack is already unzipped here (unzip may be missing).
      const lines = (await snippet("sh")).split("\n").slice(1).join("\n");
      const clean = spawnSync("bash", ["-c", lines], { cwd: dir, encoding: "utf8" });
      const oks = clean.stdout.split("\n").filter((line) => line.endsWith(": OK"));
      expect(oks).toHaveLength(7);
      expect(clean.stdout).not.toContain("FAILED");

      await writeFile(join(dir, "notes.txt"), "added later");
      const html = await readFile(join(dir, "report.html"), "utf8");
      await writeFile(join(dir, "report.html"), html.replace("</body>", "<p>ok</p></body>"));
      const tampered = spawnSync("bash", ["-c", lines], { cwd: dir, encoding: "utf8" });
      expect(tampered.stdout).toContain("report.html: FAILED");
      expect(tampered.stdout.trimEnd().split("\n").at(-1)).toBe("notes.txt");
    },
  );

  // Needs python3 on PATH (this machine and CI have it).
  it.skipIf(!has("python3"))(
    "the Python snippet walks the chain to the manifest's head, and names an edited entry",
    async () => {
      const dir = await unpacked();
      const code = await snippet("python");
      const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
      const { seq, hash } = manifest.evidence.head;
      const intact = spawnSync("python3", ["-c", code], { cwd: dir, encoding: "utf8" });
      expect(intact.stderr).toBe("");
      expect(intact.stdout).toBe(`chain intact: ${seq} entries, head seq ${seq} hash ${hash}\n`);

      const log = await readFile(join(dir, "evidence.jsonl"), "utf8");
      await writeFile(join(dir, "evidence.jsonl"), log.replace("Hors périmètre", "In scope"));
      const edited = spawnSync("python3", ["-c", code], { cwd: dir, encoding: "utf8" });
      expect(edited.status).not.toBe(0);
      expect(edited.stderr).toContain(`AssertionError: entry ${seq} was altered`);

      const lines = log.trimEnd().split("\n");
      await writeFile(join(dir, "evidence.jsonl"), `${lines.slice(0, -1).join("\n")}\n`);
      const cut = spawnSync("python3", ["-c", code], { cwd: dir, encoding: "utf8" });
      expect(cut.stderr).toContain(`AssertionError: log ends at ${seq - 1} `);
    },
  );
});
