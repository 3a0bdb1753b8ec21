import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { COLLECTIONS, type ImportSummary, type SigregError } from "@sigreg/core";
import { oneOf, parseCommandArgs } from "../args.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { refused, WRITE_OPTIONS, withStore } from "../session.js";
import { IMPORT_USAGE } from "../usage-store.js";

const MODES = ["replace", "merge"] as const;

/** `sigreg import <file> [--mode replace|merge] [--store URL] [--tenant ID] [--actor NAME]`. @internal */
export async function importCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "import",
    args,
    { mode: { type: "string" }, ...WRITE_OPTIONS, help: { type: "boolean", short: "h" } },
    IMPORT_USAGE,
  );
  if (values.help === true) {
    context.stdout(IMPORT_USAGE);
    return EXIT.ok;
  }
  const [file, ...extra] = positionals;
  if (file === undefined)
    throw new UsageError("sigreg import: expected a register file", IMPORT_USAGE);
  if (extra.length > 0)
    throw new UsageError(`sigreg import: unexpected argument '${extra[0]}'`, IMPORT_USAGE);
  const mode = oneOf("import", "mode", values.mode ?? "replace", MODES);
  const path = resolve(context.cwd, file);
  // Before the store is opened: a mistyped path should not cost a database connection.
  await readable(file, path);

  return withStore("import", values, context, async ({ tenant, target }) => {
    const imported = await tenant.importRegister({ path }, { mode });
    if (imported.isErr()) return refused("import", citedAs(imported.error, path, file), context);
    context.stdout(
      `Imported ${file} into ${target.shown}, tenant ${tenant.id} (${mode}):\n${summaryTable(imported.value)}`,
    );
    return EXIT.ok;
  });
}

async function readable(file: string, path: string): Promise<void> {
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (found instanceof Error || found.isDirectory()) {
    const why =
      found instanceof Error
        ? found.code === "ENOENT"
          ? "no such file"
          : found.message
        : "is a directory, not a register file";
    throw new UsageError(`sigreg import: cannot read ${file}: ${why} [FILE_UNREADABLE]`);
  }
}

/** The engine cites the resolved path; the user typed `file`. */
function citedAs(error: SigregError, path: string, file: string): SigregError {
  return "file" in error && error.file === path ? { ...error, file } : error;
}

/** One row per collection: created, updated, removed, unchanged. @internal */
export function summaryTable(summary: ImportSummary): string {
  const header = ["collection", "created", "updated", "removed", "unchanged"];
  const rows = COLLECTIONS.map((collection) => {
    const { created, updated, removed, unchanged } = summary[collection];
    return [collection, ...[created, updated, removed, unchanged].map(String)];
  });
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  return [header, ...rows]
    .map(
      (row) =>
        `  ${row
          .map((cell, column) =>
            column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
          )
          .join("  ")}\n`,
    )
    .join("");
}
