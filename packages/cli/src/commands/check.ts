import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import {
  type Evaluation,
  type EvaluationInputs,
  evaluate,
  formatRegisterError,
  formatSigregError,
  loadRegisterFile,
  readEvaluationInputs,
  type Severity,
  severityRank,
} from "@sigreg/core";
import { oneOf, parseCommandArgs } from "../args.js";
import { asOfFrom } from "../as-of.js";
import { formatCheckJson } from "../format/json.js";
import { styleFor, useColor } from "../format/style.js";
import { formatCheckText } from "../format/text.js";
import { CLI_PLUGINS, CLI_RULES } from "../health-plugins.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { noRegister, READ_OPTIONS, type StoreFlags, withStore } from "../session.js";
import { CHECK_USAGE } from "../usage.js";

const FORMATS = ["text", "json"] as const;
const FAIL_ON = ["major", "minor", "observation"] as const satisfies readonly Severity[];

/**
 * `sigreg check (<file> | --store URL [--tenant ID]) [--as-of DATE] [--format text|json]
 * [--fail-on SEVERITY]`: a file is loaded and evaluated directly; a store through the engine.
 * @internal
 */
export async function checkCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "check",
    args,
    {
      "as-of": { type: "string" },
      format: { type: "string" },
      "fail-on": { type: "string" },
      ...READ_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
    CHECK_USAGE,
  );
  if (values.help === true) {
    context.stdout(CHECK_USAGE);
    return EXIT.ok;
  }
  const [file, ...extra] = positionals;
  const fromStore = values.store !== undefined;
  if (fromStore && file !== undefined)
    throw new UsageError("sigreg check: give a register file or --store, not both", CHECK_USAGE);
  if (!fromStore && values.tenant !== undefined)
    throw new UsageError("sigreg check: --tenant needs --store", CHECK_USAGE);
  if (!fromStore && file === undefined)
    throw new UsageError("sigreg check: expected a register file", CHECK_USAGE);
  if (extra.length > 0) {
    throw new UsageError(
      `sigreg check: expected one register file, got ${positionals.length}: ${positionals.join(" ")}`,
      CHECK_USAGE,
    );
  }
  const format = oneOf("check", "format", values.format ?? "text", FORMATS);
  const failOn = oneOf("check", "fail-on", values["fail-on"] ?? "minor", FAIL_ON);
  const asOf = asOfFrom(values["as-of"], "check", context.now);

  const evaluation =
    file === undefined
      ? await evaluateStore(values, asOf, context)
      : await evaluateFile(file, asOf, context);
  if (evaluation === undefined) return EXIT.usage;
  context.stdout(
    format === "json"
      ? formatCheckJson(evaluation)
      : formatCheckText(evaluation, styleFor(useColor(context.env, context.isTTY))),
  );
  const threshold = severityRank(failOn);
  return evaluation.findings.some((finding) => severityRank(finding.severity) <= threshold)
    ? EXIT.findings
    : EXIT.ok;
}

/** Loads and evaluates a register file; `undefined` after reporting why it cannot be loaded. */
async function evaluateFile(
  file: string,
  asOf: Date,
  context: Context,
): Promise<Evaluation | undefined> {
  const path = resolve(context.cwd, file);
  const loaded = await loadRegisterFile(path);
  if (loaded.isOk()) {
    const health = await healthOfFile(path, file, context);
    if (health === undefined) return undefined;
    return health === null
      ? evaluate(loaded.value, { asOf })
      : evaluate(loaded.value, { asOf, rules: CLI_RULES, ...health });
  }
  // Cite the file as the user typed it, not the resolved absolute path.
  const error = { ...loaded.error, file };
  const count = error.issues.length;
  context.stderr(
    `${formatRegisterError(error)}\nsigreg check: ${file}: ${count} problem${count === 1 ? "" : "s"}; the register was not evaluated.\n`,
  );
  return undefined;
}

/**
 * What the file store keeps beside a register file that `sigreg ingest` or `sigreg links` used as
 * their store (`.<name>.sigreg/`): feed health and the link check's results, read as the engine
 * reads them, so that `check FILE` shows `group-feed-broken`, `group-link-dead` and feed-fed
 * dormancy as `check --store file:FILE` does. `null` when the file has no such directory (nothing
 * recorded: the file is evaluated on its own); `undefined` after reporting a malformed document.
 */
async function healthOfFile(
  path: string,
  file: string,
  context: Context,
): Promise<EvaluationInputs | null | undefined> {
  if (!existsSync(join(dirname(path), `.${basename(path)}.sigreg`))) return null;
  const { fileStorage } = await import("@sigreg/adapters/file");
  const storage = fileStorage({ path });
  try {
    const inputs = await readEvaluationInputs({ storage, tenant: "default", rules: CLI_RULES });
    if (inputs.isOk()) return inputs.value;
    context.stderr(
      `${formatSigregError(inputs.error)}\nsigreg check: ${file}: the records kept beside it are unreadable; the register was not evaluated.\n`,
    );
    return undefined;
  } finally {
    await storage.close?.();
  }
}

/** Evaluates a tenant's register as stored, with the engine. */
function evaluateStore(flags: StoreFlags, asOf: Date, context: Context): Promise<Evaluation> {
  return withStore(
    "check",
    flags,
    context,
    async (session) => {
      const evaluated = await session.tenant.evaluate({ asOf });
      if (evaluated.isOk()) return evaluated.value;
      if (evaluated.error.code === "NOT_FOUND") throw noRegister("check", session);
      throw new UsageError(`${formatSigregError(evaluated.error)}\nsigreg check: not evaluated.`);
    },
    { plugins: CLI_PLUGINS },
  );
}
