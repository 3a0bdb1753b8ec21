import { writeFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import {
  describeThrown,
  type Evaluation,
  type EvaluationInputs,
  type Exporter,
  evaluate,
  formatSigregError,
  type Register,
  readEvaluationInputs,
} from "@sigreg/core";
import type { Contributed } from "@sigreg/plugins";
import { oneOf, parseCommandArgs } from "../args.js";
import { asOfFrom } from "../as-of.js";
import { CLI_RULES } from "../health-plugins.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { exportHost } from "../plugins.js";
import { noRegister, READ_OPTIONS, withStore } from "../session.js";
import { REPORT_USAGE } from "../usage-store.js";

/** Without --format, the --out file's extension decides; anything else is Markdown. */
const BY_EXTENSION: Record<string, string> = {
  ".html": "html",
  ".htm": "html",
  ".md": "md",
  ".markdown": "md",
  ".csv": "csv",
  ".xlsx": "xlsx",
  ".json": "json",
};

/**
 * `sigreg report [--format html|md|csv|findings-csv|xlsx|json|oscal] [--out FILE] [--store URL]
 * [--tenant ID] [--as-of DATE]`: the stored register and its evaluation in one export format.
 * @internal
 */
export async function reportCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "report",
    args,
    {
      format: { type: "string" },
      out: { type: "string", short: "o" },
      "as-of": { type: "string" },
      plugin: { type: "string", multiple: true },
      ...READ_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
    REPORT_USAGE,
  );
  if (values.help === true) {
    context.stdout(REPORT_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`sigreg report: unexpected argument '${positionals[0]}'`, REPORT_USAGE);
  const out = values.out;
  if (out === "") throw new UsageError("sigreg report: --out expects a file", REPORT_USAGE);
  const implied = out === undefined ? undefined : BY_EXTENSION[extname(out).toLowerCase()];
  const host = await exportHost(values.plugin ?? [], context, "report");
  const formats = host.exporters.map((entry) => entry.value.id);
  const format = oneOf("report", "format", values.format ?? implied ?? "md", formats);
  const chosen = host.exporters.find((entry) => entry.value.id === format) as Contributed<Exporter>;
  // Binary output to a terminal is garbage on screen: refuse before touching the store.
  if (format === "xlsx" && out === undefined && context.isTTY)
    throw new UsageError(
      "sigreg report: refusing to write XLSX to a terminal; use --out FILE or redirect standard output",
      REPORT_USAGE,
    );
  const asOf = asOfFrom(values["as-of"], "report", context.now);

  const { register, evaluation } = await withStore("report", values, context, async (session) => {
    const snapshot = await session.tenant.snapshot();
    if (snapshot.isErr()) {
      if (snapshot.error.code === "NOT_FOUND") throw noRegister("report", session);
      throw new UsageError(`${formatSigregError(snapshot.error)}\nsigreg report: not exported.`);
    }
    // Feed health from the store's state documents, as `check --store` sees it.
    const inputs = await readEvaluationInputs({
      storage: session.sigreg.storage,
      tenant: session.tenant.id,
      rules: CLI_RULES,
    });
    if (inputs.isErr())
      throw new UsageError(`${formatSigregError(inputs.error)}\nsigreg report: not exported.`);
    return evaluated(snapshot.value, asOf, inputs.value);
  });
  const exported = await exportWith(chosen, { register, evaluation, generatedAt: context.now() });
  if (exported.failure !== undefined) {
    // A plugin's bug, not sigreg's: one line naming plugin and format, and no file written.
    context.stderr(`sigreg report: ${exported.failure}; nothing written.\n`);
    return EXIT.refused;
  }
  const { content } = exported;

  if (out !== undefined) {
    try {
      await writeFile(resolve(context.cwd, out), content);
    } catch (error) {
      throw new UsageError(`sigreg report: cannot write ${out}: ${(error as Error).message}`);
    }
    const count = evaluation.findings.length;
    context.stdout(
      `Wrote ${out} (${format}: ${register.groups.length} groups, ${count} finding${count === 1 ? "" : "s"}, as of ${asOf.toISOString().slice(0, 10)}).\n`,
    );
  } else if (typeof content === "string") context.stdout(content);
  else if (context.stdoutBytes === undefined)
    throw new UsageError("sigreg report: binary output needs --out FILE here", REPORT_USAGE);
  else context.stdoutBytes(content);
  return EXIT.ok;
}

/** The register and its evaluation, from one snapshot so that rows and findings agree. */
function evaluated(
  register: Register,
  asOf: Date,
  inputs: EvaluationInputs,
): { register: Register; evaluation: Evaluation } {
  return { register, evaluation: evaluate(register, { asOf, rules: CLI_RULES, ...inputs }) };
}

/**
 * Runs an exporter; a missing optional dependency (exceljs) is the user's to install, not a bug.
 * An exporter that throws, rejects or returns no content is a `failure` naming plugin and exporter
 * (exporters have no time budget: the report is the command's whole output).
 */
async function exportWith(
  { plugin, value: exporter }: Contributed<Exporter>,
  input: Parameters<Exporter["export"]>[0],
): Promise<{ content: string | Uint8Array; failure?: undefined } | { failure: string }> {
  const name = `plugin "${plugin}" exporter "${exporter.id}"`;
  let result: unknown;
  try {
    result = await exporter.export(input);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === "DEPENDENCY_MISSING")
      throw new UsageError(`sigreg report: ${(error as Error).message} [DEPENDENCY_MISSING]`);
    return { failure: `${name} failed: ${describeThrown(error)}` };
  }
  const content = (result as { content?: unknown } | null)?.content;
  if (typeof content === "string" || content instanceof Uint8Array) return { content };
  return { failure: `${name} returned no content (expected { content: string or bytes })` };
}
