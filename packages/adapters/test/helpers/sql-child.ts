import { execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The test's own Node binary, with tsx: a child never runs on another Node than the test. */
const NODE_TSX = [process.execPath, "--import", "tsx"] as const;
const WRITER = fileURLToPath(new URL("./sql-sqlite-writer.ts", import.meta.url));

/** Runs the SQLite writer script in another process and returns what it printed. */
export function runSqliteWriter(args: readonly string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(
      NODE_TSX[0],
      [...NODE_TSX.slice(1), WRITER, ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`writer failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}"));
      },
    );
  });
}

const HOLDER = fileURLToPath(new URL("./sql-sqlite-holder.ts", import.meta.url));

/**
 * Makes another process take a SQLite file's write lock for `ms`; resolves once it holds it, with
 * a promise of the moment it lets go.
 */
export function holdSqliteLock(filename: string, ms: number): Promise<{ released: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE_TSX[0], [...NODE_TSX.slice(1), HOLDER, filename, String(ms)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const released = new Promise<void>((done) => child.once("exit", () => done()));
    child.once("error", reject);
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) resolve({ released });
    });
  });
}
