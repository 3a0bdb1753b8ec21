import { resolve } from "node:path";
import {
  type Evaluation,
  evaluate,
  formatRegisterError,
  formatSigregError,
  loadRegisterFile,
  type Severity,
  severityRank,
} from "@sigreg/core";
import { oneOf, parseCommandArgs } from "../args.js";
import { asOfFrom } from "../as-of.js";
import { formatCheckJson } from "../format/json.js";
import { styleFor, useColor } from "../format/style.js";
import { formatCheckText } from "../format/text.js";
import { CLI_PLUGINS } from "../health-plugins.js";
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
  const loaded = await loadRegisterFile(resolve(context.cwd, file));
  if (loaded.isOk()) return evaluate(loaded.value, { asOf });
  // Cite the file as the user typed it, not the resolved absolute path.
  const error = { ...loaded.error, file };
  const count = error.issues.length;
  context.stderr(
    `${formatRegisterError(error)}\nsigreg check: ${file}: ${count} problem${count === 1 ? "" : "s"}; the register was not evaluated.\n`,
  );
  return undefined;
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
