import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, where `node --import tsx` finds the tsconfig paths to the sources. */
export const REPO_ROOT = resolve(fileURLToPath(new URL("../../../..", import.meta.url)));

/** The example register the format tests edit. */
export const EXAMPLE = join(REPO_ROOT, "examples/ai-company/register.yaml");

/** Fixtures of these tests. */
export const FIXTURES = fileURLToPath(new URL("../fixtures/file", import.meta.url));

/** A fresh temporary directory, and a function that removes it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "sigreg-file-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies the example register into `dir` as `name`; returns its path. */
export function copyExample(dir: string, name = "register.yaml"): string {
  const target = join(dir, name);
  copyFileSync(EXAMPLE, target);
  return target;
}

/** Writes a file and returns its path. */
export function writeText(dir: string, name: string, text: string): string {
  const target = join(dir, name);
  writeFileSync(target, text);
  return target;
}

/** Lines removed and added between two texts, as `git diff --no-index` reports them. */
export function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, "a"), before);
    writeFileSync(join(dir, "b"), after);
    let out = "";
    try {
      execFileSync("git", ["diff", "--no-index", "--no-color", "--unified=0", "a", "b"], {
        cwd: dir,
        encoding: "utf8",
      });
    } catch (error) {
      // git diff exits with 1 when the files differ; its output is the diff.
      out = String((error as { stdout?: string }).stdout ?? "");
    }
    const lines = out.split("\n").filter((line) => !/^(\+\+\+|---|diff |index |@@)/.test(line));
    return {
      removed: lines.filter((line) => line.startsWith("-")).map((line) => line.slice(1)),
      added: lines.filter((line) => line.startsWith("+")).map((line) => line.slice(1)),
    };
  } finally {
    cleanup();
  }
}

/** Reads a file as UTF-8. */
export const read = (path: string): string => readFileSync(path, "utf8");
