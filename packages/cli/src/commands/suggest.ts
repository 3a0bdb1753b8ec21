import { resolve } from "node:path";
import {
  CATALOGUE_VERSION,
  catalogue,
  formatRegisterError,
  formatSigregError,
  type GroupSuggestion,
  loadRegisterFile,
  type Register,
  suggestGroups,
} from "@sigreg/core";
import { oneOf, parseCommandArgs } from "../args.js";
import { clean, styleFor, useColor } from "../format/style.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { noRegister, READ_OPTIONS, type StoreFlags, withStore } from "../session.js";
import { SUGGEST_USAGE } from "../usage.js";
import { countFlag } from "./deliver.js";

const FORMATS = ["text", "json"] as const;
const DEFAULT_LIMIT = 10;

/**
 * `sigreg suggest [file] [--store URL] [--tenant ID] [--limit N] [--format text|json]`: the
 * catalogue groups the register lacks, most relevant first, with the reason. Without a file, the
 * register comes from the store (by default `./register.yaml`).
 * @internal
 */
export async function suggestCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "suggest",
    args,
    {
      limit: { type: "string" },
      format: { type: "string" },
      ...READ_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
    SUGGEST_USAGE,
  );
  if (values.help === true) {
    context.stdout(SUGGEST_USAGE);
    return EXIT.ok;
  }
  const [file, ...extra] = positionals;
  if (extra.length > 0) {
    throw new UsageError(
      `sigreg suggest: expected at most one register file, got ${positionals.length}: ${positionals.join(" ")}`,
      SUGGEST_USAGE,
    );
  }
  if (file !== undefined && values.store !== undefined)
    throw new UsageError(
      "sigreg suggest: give a register file or --store, not both",
      SUGGEST_USAGE,
    );
  if (file !== undefined && values.tenant !== undefined)
    throw new UsageError("sigreg suggest: --tenant needs --store", SUGGEST_USAGE);
  const limit = countFlag("suggest", "limit", values.limit, DEFAULT_LIMIT);
  const format = oneOf("suggest", "format", values.format ?? "text", FORMATS);

  const register = file === undefined ? await fromStore(values) : await fromFile(file, context);
  if (register === undefined) return EXIT.usage;
  const all = suggestGroups(register.organisation, { register, limit: catalogue().length });
  const shown = all.slice(0, limit);
  context.stdout(
    format === "json"
      ? `${JSON.stringify(toJson(register, shown, all.length), null, 2)}\n`
      : formatText(register, shown, all.length, context),
  );
  return EXIT.ok;

  function fromStore(flags: StoreFlags): Promise<Register> {
    return withStore("suggest", flags, context, async (session) => {
      const snapshot = await session.tenant.snapshot();
      if (snapshot.isOk()) return snapshot.value;
      if (snapshot.error.code === "NOT_FOUND") throw noRegister("suggest", session);
      throw new UsageError(`${formatSigregError(snapshot.error)}\nsigreg suggest: not read.`);
    });
  }
}

/** Loads a register file; `undefined` after reporting why it cannot be loaded. */
async function fromFile(file: string, context: Context): Promise<Register | undefined> {
  const loaded = await loadRegisterFile(resolve(context.cwd, file));
  if (loaded.isOk()) return loaded.value;
  // Cite the file as the user typed it, not the resolved absolute path.
  const error = { ...loaded.error, file };
  const count = error.issues.length;
  context.stderr(
    `${formatRegisterError(error)}\nsigreg suggest: ${file}: ${count} problem${count === 1 ? "" : "s"}; nothing was suggested.\n`,
  );
  return undefined;
}

function toJson(register: Register, shown: readonly GroupSuggestion[], missing: number) {
  return {
    catalogueVersion: CATALOGUE_VERSION,
    organisation: register.organisation.name,
    catalogueSize: catalogue().length,
    notInRegister: missing,
    suggestions: shown.map(({ group, score, reason, matched, elsewhere, verifiedBy }) => ({
      score,
      reason,
      matched,
      elsewhere,
      group,
      verifiedBy,
    })),
  };
}

function formatText(
  register: Register,
  shown: readonly GroupSuggestion[],
  missing: number,
  context: Context,
): string {
  const style = styleFor(useColor(context.env, context.isTTY));
  const size = catalogue().length;
  const name = clean(register.organisation.name);
  if (shown.length === 0)
    return `Every group of the catalogue (${CATALOGUE_VERSION}, ${size} groups) is already in the register of ${name}.\n`;
  const lines = [
    style.bold(`Groups to consider for ${name}`) +
      ` (${shown.length} of the ${missing} catalogue groups not in the register)`,
    "",
  ];
  const width = String(shown.length).length;
  shown.forEach(({ group, score, reason, elsewhere }, index) => {
    const indent = " ".repeat(width + 2);
    if (elsewhere && !shown[index - 1]?.elsewhere)
      lines.push(style.dim("Serving other jurisdictions than the organisation's:"), "");
    lines.push(`${String(index + 1).padStart(width)}. ${style.bold(group.name)}  ${score}/100`);
    lines.push(`${indent}${style.dim(`${group.id} · ${group.kind} · ${group.url ?? "-"}`)}`);
    lines.push(`${indent}${reason}`);
    for (const feed of group.feeds) lines.push(`${indent}feed (${feed.format}): ${feed.url}`);
    lines.push("");
  });
  lines.push(
    `Catalogue ${CATALOGUE_VERSION}: ${size} groups, ${size - missing} already in the register.`,
    "Copy an entry under groups: in the register, then give it an owner and a relevance statement.",
    "",
  );
  return lines.join("\n");
}
