import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./file-fixture.js";

const CHILD = join(REPO_ROOT, "packages/adapters/test/helpers/file-writer-child.ts");

/** A writer process (see file-writer-child.ts) and the lines it printed so far. */
export interface Writer {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  /** Resolves when the process printed `line` (rejects if it exits first). */
  printed(line: string): Promise<void>;
  /** Tells a ready writer to start. */
  go(): void;
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/** Starts a writer process with tsx's loader, from the repository root (for its tsconfig paths). */
export function startWriter(args: string[]): Writer {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], {
    cwd: REPO_ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let errors = "";
  let partial = "";
  const waiting = new Map<string, () => void>();
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      waiting.get(line)?.();
    }
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    errors += chunk;
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? code)),
  );
  return {
    child,
    lines,
    stderr: () => errors,
    exited,
    go: () => {
      child.stdin?.end("go\n");
    },
    printed: (line) =>
      lines.includes(line)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiting.set(line, resolve);
            void exited.then(() => reject(new Error(`writer exited before "${line}": ${errors}`)));
          }),
  };
}

/** The last `k` a crash-mode writer printed after `word` (`begin` or `done`), if any. */
export function lastNumber(writer: Writer, word: "begin" | "done"): number | undefined {
  for (let i = writer.lines.length - 1; i >= 0; i--) {
    const match = new RegExp(`^${word} (\\d+)$`).exec(writer.lines[i] ?? "");
    if (match) return Number(match[1]);
  }
  return undefined;
}
