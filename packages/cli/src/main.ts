import { activityCommand } from "./commands/activity.js";
import { attestCommand } from "./commands/attest.js";
import { checkCommand } from "./commands/check.js";
import { deliverCommand } from "./commands/deliver.js";
import { exportCommand } from "./commands/export.js";
import { importCommand } from "./commands/import.js";
import { ingestCommand } from "./commands/ingest.js";
import { initCommand } from "./commands/init.js";
import { linksCommand } from "./commands/links.js";
import { migrateCommand } from "./commands/migrate.js";
import { notifyCommand } from "./commands/notify.js";
import { outboxCommand } from "./commands/outbox.js";
import { packCommand } from "./commands/pack.js";
import { reportCommand } from "./commands/report.js";
import { reviewCommand } from "./commands/review.js";
import { rulesCommand } from "./commands/rules.js";
import { schemaCommand } from "./commands/schema.js";
import { suggestCommand } from "./commands/suggest.js";
import { triageCommand } from "./commands/triage.js";
import { verifyEvidenceCommand } from "./commands/verify-evidence.js";
import { verifyPackCommand } from "./commands/verify-pack.js";
import { type CliIo, type Context, EXIT, UsageError } from "./io.js";
import {
  CHECK_USAGE,
  INIT_USAGE,
  MAIN_USAGE,
  RULES_USAGE,
  SCHEMA_USAGE,
  SUGGEST_USAGE,
} from "./usage.js";
import { DELIVER_USAGE, NOTIFY_USAGE, OUTBOX_USAGE } from "./usage-deliver.js";
import { INGEST_USAGE } from "./usage-ingest.js";
import { LINKS_USAGE } from "./usage-links.js";
import { PACK_USAGE, VERIFY_PACK_USAGE } from "./usage-pack.js";
import {
  ACTIVITY_USAGE,
  ATTEST_USAGE,
  EXPORT_USAGE,
  IMPORT_USAGE,
  MIGRATE_USAGE,
  REPORT_USAGE,
  REVIEW_USAGE,
  TRIAGE_USAGE,
  VERIFY_EVIDENCE_USAGE,
} from "./usage-store.js";
import { VERSION } from "./version.js";

type Command = (args: readonly string[], context: Context) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  check: { run: checkCommand, usage: CHECK_USAGE },
  init: { run: initCommand, usage: INIT_USAGE },
  schema: { run: schemaCommand, usage: SCHEMA_USAGE },
  rules: { run: rulesCommand, usage: RULES_USAGE },
  suggest: { run: suggestCommand, usage: SUGGEST_USAGE },
  import: { run: importCommand, usage: IMPORT_USAGE },
  export: { run: exportCommand, usage: EXPORT_USAGE },
  report: { run: reportCommand, usage: REPORT_USAGE },
  pack: { run: packCommand, usage: PACK_USAGE },
  "verify-pack": { run: verifyPackCommand, usage: VERIFY_PACK_USAGE },
  migrate: { run: migrateCommand, usage: MIGRATE_USAGE },
  "verify-evidence": { run: verifyEvidenceCommand, usage: VERIFY_EVIDENCE_USAGE },
  attest: { run: attestCommand, usage: ATTEST_USAGE },
  review: { run: reviewCommand, usage: REVIEW_USAGE },
  activity: { run: activityCommand, usage: ACTIVITY_USAGE },
  triage: { run: triageCommand, usage: TRIAGE_USAGE },
  deliver: { run: deliverCommand, usage: DELIVER_USAGE },
  outbox: { run: outboxCommand, usage: OUTBOX_USAGE },
  notify: { run: notifyCommand, usage: NOTIFY_USAGE },
  ingest: { run: ingestCommand, usage: INGEST_USAGE },
  links: { run: linksCommand, usage: LINKS_USAGE },
};

const commandOf = (name: string) => (Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined);

/**
 * Runs the `sigreg` command line and returns its exit code: 0 when no finding reaches `--fail-on`
 * (and for every other successful command), 1 when one does (or when the engine refuses a change,
 * or evidence fails verification), 2 for unusable input (bad arguments, an unreadable or invalid
 * register, an unknown, unreachable or unmigrated store). Never throws and never exits the process;
 * all output goes through `io`.
 * @param argv The arguments after the program name (`process.argv.slice(2)`).
 * @example
 * const code = await main(["check", "register.yaml", "--format", "json"], {
 *   stdout: (text) => process.stdout.write(text),
 *   stderr: (text) => process.stderr.write(text),
 * });
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const context: Context = {
    stdout: io.stdout,
    stderr: io.stderr,
    ...(io.stdoutBytes === undefined ? {} : { stdoutBytes: io.stdoutBytes }),
    env: io.env ?? {},
    cwd: io.cwd ?? process.cwd(),
    isTTY: io.isTTY ?? false,
    now: io.now ?? (() => new Date()),
  };
  try {
    return await dispatch(argv, context);
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr(`${error.message}\n${error.help === undefined ? "" : `\n${error.help}`}`);
      return EXIT.usage;
    }
    // A bug, not a user error: say so, with the stack, and still exit with "no verdict".
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    context.stderr(`sigreg: internal error; please report it.\n${detail}\n`);
    return EXIT.usage;
  }
}

async function dispatch(argv: readonly string[], context: Context): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError("sigreg: expected a command", MAIN_USAGE);
  if (first === "-h" || first === "--help") {
    context.stdout(MAIN_USAGE);
    return EXIT.ok;
  }
  if (first === "-v" || first === "-V" || first === "--version") {
    context.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (first === "help") return help(rest, context);
  if (first.startsWith("-")) throw new UsageError(`sigreg: unknown option '${first}'`, MAIN_USAGE);
  const command = commandOf(first);
  if (command === undefined) throw new UsageError(`sigreg: unknown command '${first}'`, MAIN_USAGE);
  return command.run(rest, context);
}

function help(args: readonly string[], context: Context): number {
  const [name, ...extra] = args;
  if (name === undefined) {
    context.stdout(MAIN_USAGE);
    return EXIT.ok;
  }
  const command = commandOf(name);
  if (command === undefined || extra.length > 0) {
    throw new UsageError(
      command === undefined
        ? `sigreg help: unknown command '${name}'`
        : "sigreg help: expected one command",
      MAIN_USAGE,
    );
  }
  context.stdout(command.usage);
  return EXIT.ok;
}
