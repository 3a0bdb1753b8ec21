import type { ActionInput, TriageDecision } from "@sigreg/core";
import { parseCommandArgs, required } from "../args.js";
import { isoDay } from "../format/dates.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { refused, WRITE_OPTIONS, withStore } from "../session.js";
import { TRIAGE_USAGE } from "../usage-store.js";

/**
 * `sigreg triage <alert> --by PERSON (--share CHANNEL | --action TYPE [--ref KEY] [--url URL]
 * [--note TEXT] | --dismiss REASON) [--date DATE]`: records what was decided about an alert.
 * @internal
 */
export async function triageCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "triage",
    args,
    {
      by: { type: "string" },
      share: { type: "string" },
      action: { type: "string" },
      ref: { type: "string" },
      url: { type: "string" },
      note: { type: "string" },
      dismiss: { type: "string" },
      date: { type: "string" },
      ...WRITE_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
    TRIAGE_USAGE,
  );
  if (values.help === true) {
    context.stdout(TRIAGE_USAGE);
    return EXIT.ok;
  }
  const [alert, ...extra] = positionals;
  if (alert === undefined)
    throw new UsageError("sigreg triage: expected an alert id", TRIAGE_USAGE);
  if (extra.length > 0)
    throw new UsageError(`sigreg triage: unexpected argument '${extra[0]}'`, TRIAGE_USAGE);
  const by = required("triage", "by", values.by, TRIAGE_USAGE);
  const decision = decisionOf(values);
  const on = values.date ?? isoDay(context.now());

  return withStore("triage", values, context, async ({ tenant, actor }) => {
    // The actor is who ran the command; without it the engine would attribute the change to --by.
    const triaged = await tenant.triageAlert({ alert, by, decision, on, actor });
    if (triaged.isErr()) return refused("triage", triaged.error, context);
    const { value, version } = triaged.value;
    context.stdout(
      `${alert}: ${describe(decision)} by ${by} on ${on}; now ${value.state} (tenant ${tenant.id}, version ${version}).\n`,
    );
    return EXIT.ok;
  });
}

interface DecisionFlags {
  share?: string | undefined;
  action?: string | undefined;
  ref?: string | undefined;
  url?: string | undefined;
  note?: string | undefined;
  dismiss?: string | undefined;
}

/** Exactly one of --share, --action and --dismiss; --ref, --url and --note only with --action. */
function decisionOf(flags: DecisionFlags): TriageDecision {
  const given = (["share", "action", "dismiss"] as const).filter((key) => flags[key] !== undefined);
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0
        ? "sigreg triage: expected one of --share CHANNEL, --action TYPE or --dismiss REASON"
        : `sigreg triage: expected one decision, got ${given.map((key) => `--${key}`).join(" and ")}`,
      TRIAGE_USAGE,
    );
  }
  const details = (["ref", "url", "note"] as const).filter((key) => flags[key] !== undefined);
  if (flags.action === undefined && details.length > 0)
    throw new UsageError(`sigreg triage: --${details[0]} goes with --action`, TRIAGE_USAGE);
  if (flags.share !== undefined) return { type: "share", channel: flags.share };
  if (flags.dismiss !== undefined) return { type: "dismiss", reason: flags.dismiss };
  const action: Record<string, string> = { type: flags.action ?? "" };
  for (const key of details) action[key] = flags[key] ?? "";
  // Any string: the engine checks the action type and the URL, with the loader's messages.
  return { type: "action", action: action as ActionInput };
}

function describe(decision: TriageDecision): string {
  if (decision.type === "share") return `shared to ${decision.channel}`;
  if (decision.type === "dismiss") return "dismissed";
  const { type, ref } = decision.action;
  return `actioned (${type}${ref === undefined ? "" : ` ${ref}`})`;
}
