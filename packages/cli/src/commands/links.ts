import { checkLinks, type LinkCheckSummary } from "@sigreg/plugins";
import { createFetcher, type Fetcher } from "@sigreg/plugins/fetch";
import { helpHint, oneOf, parseCommandArgs } from "../args.js";
import { clean, table } from "../format/style.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { noRegister, READ_OPTIONS, withStore } from "../session.js";
import { LINKS_USAGE } from "../usage-links.js";

const FORMATS = ["text", "json"] as const;

/**
 * `sigreg links [--group ID]... [--allow-host HOST]... [--store URL] [--tenant ID]`: checks each
 * live group's website and records the outcome for the `group-link-dead` rule.
 * @internal
 */
export async function linksCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "links",
    args,
    {
      group: { type: "string", multiple: true },
      "allow-host": { type: "string", multiple: true },
      format: { type: "string" },
      ...READ_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
    LINKS_USAGE,
  );
  if (values.help === true) {
    context.stdout(LINKS_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`sigreg links: unexpected argument '${positionals[0]}'`, LINKS_USAGE);
  const format = oneOf("links", "format", values.format ?? "text", FORMATS);
  const fetch = fetcherFor(values["allow-host"] ?? []);
  try {
    const summary = await withStore("links", values, context, async (session) => {
      if ((await session.tenant.profile.get()) === undefined) throw noRegister("links", session);
      return checkLinks({
        sigreg: session.sigreg,
        tenant: session.tenant.id,
        fetch,
        now: context.now,
        ...(values.group === undefined ? {} : { groups: values.group }),
      });
    });
    context.stdout(format === "json" ? `${JSON.stringify(summary, null, 2)}\n` : text(summary));
    return summary.failed > 0 ? EXIT.refused : EXIT.ok;
  } finally {
    await fetch.close();
  }
}

function fetcherFor(allow: readonly string[]): Fetcher {
  try {
    return createFetcher({ allow });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`sigreg links: invalid --allow-host: ${reason}`, helpHint("links"));
  }
}

function text(summary: LinkCheckSummary): string {
  if (summary.results.length === 0) return "No live group with a website to check.\n";
  const rows = [
    ["GROUP", "WEBSITE", "ANSWER", "FAILURES IN A ROW"],
    ...summary.results.map((r) => [
      clean(r.groupId),
      clean(r.url),
      r.ok ? `ok (${r.status ?? "?"})` : clean(r.error?.code ?? "failed"),
      String(r.consecutiveFailures),
    ]),
  ];
  const lines = [
    ...table(rows, new Set([3])),
    "",
    `${summary.results.length} website(s): ${summary.ok} answered, ${summary.failed} did not.`,
  ];
  const failed = summary.results.filter((r) => !r.ok);
  if (failed.length > 0) {
    lines.push("", "Not answering:");
    for (const r of failed)
      lines.push(`  ${clean(r.groupId)}: ${clean(r.error?.message ?? "no answer")}`);
  }
  return `${lines.join("\n")}\n`;
}
