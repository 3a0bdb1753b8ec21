import { parseAsOf } from "@sigreg/core";
import type { IngestAllReport, IngestProgress } from "@sigreg/plugins";
import { ingestAll } from "@sigreg/plugins";
import { createFetcher, type Fetcher } from "@sigreg/plugins/fetch";
import { helpHint, oneOf, parseCommandArgs } from "../args.js";
import { clean, table } from "../format/style.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { noRegister, READ_OPTIONS, withStore } from "../session.js";
import { INGEST_USAGE } from "../usage-ingest.js";
import { countFlag } from "./deliver.js";

const FORMATS = ["text", "json"] as const;
const BAR = 24;
/** `createFetcher`'s default time limit of one request, in seconds. */
const DEFAULT_TIMEOUT_S = 30;
/** The longest `--timeout`: an hour is already far beyond any feed worth waiting for. */
const MAX_TIMEOUT_S = 3600;

/**
 * `sigreg ingest [--group ID] [--since DATE] [--store URL] [--tenant ID] [--allow-host HOST]...
 * [--timeout SECONDS] [--threshold N]`:
 * reads every live group's feeds into alerts, with leases so several workers can share a store.
 * @internal
 */
export async function ingestCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "ingest",
    args,
    {
      group: { type: "string" },
      since: { type: "string" },
      "allow-host": { type: "string", multiple: true },
      lease: { type: "string" },
      "min-interval": { type: "string" },
      timeout: { type: "string" },
      threshold: { type: "string" },
      worker: { type: "string" },
      format: { type: "string" },
      ...READ_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
    INGEST_USAGE,
  );
  if (values.help === true) {
    context.stdout(INGEST_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`sigreg ingest: unexpected argument '${positionals[0]}'`, INGEST_USAGE);
  const format = oneOf("ingest", "format", values.format ?? "text", FORMATS);
  const since = sinceOf(values.since);
  const leaseMs = countFlag("ingest", "lease", values.lease, 300) * 1000;
  const minIntervalMs = countFlag("ingest", "min-interval", values["min-interval"], 60, 0) * 1000;
  const timeoutMs = timeoutOf(values.timeout) * 1000;
  const threshold = thresholdOf(values.threshold);
  const fetcher = fetcherFor(values["allow-host"] ?? [], timeoutMs);
  const progress = format === "text" ? progressPrinter(context) : undefined;
  try {
    const report = await withStore("ingest", values, context, async (session) => {
      if (values.tenant !== undefined && (await session.tenant.profile.get()) === undefined)
        throw noRegister("ingest", session);
      return ingestAll({
        sigreg: session.sigreg,
        fetcher,
        now: context.now,
        leaseMs,
        minIntervalMs,
        fetchTimeoutMs: timeoutMs,
        ...(threshold === undefined ? {} : { threshold }),
        ...(progress === undefined ? {} : { onProgress: progress }),
        ...(values.tenant === undefined ? {} : { tenant: values.tenant }),
        ...(values.group === undefined ? {} : { group: values.group }),
        ...(values.worker === undefined ? {} : { worker: values.worker }),
        ...(since === undefined ? {} : { since }),
      });
    });
    if (values.group !== undefined && report.groups.length === 0)
      throw new UsageError(
        `sigreg ingest: no live group "${clean(values.group)}" with feeds${values.tenant === undefined ? " in any tenant" : ` in tenant "${values.tenant}"`}`,
        helpHint("ingest"),
      );
    context.stdout(
      format === "json" ? `${JSON.stringify(report, null, 2)}\n` : summary(report, minIntervalMs),
    );
    return report.failures.length > 0 ? EXIT.refused : EXIT.ok;
  } finally {
    await fetcher.close();
  }
}

function sinceOf(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const parsed = parseAsOf(raw);
  if (parsed.isErr())
    throw new UsageError(`sigreg ingest: invalid --since: ${parsed.error}`, helpHint("ingest"));
  return parsed.value;
}

/** `--timeout`: whole seconds, 1 to an hour. */
function timeoutOf(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_S;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(value) || value < 1 || value > MAX_TIMEOUT_S)
    throw new UsageError(
      `sigreg ingest: --timeout expects a whole number of seconds from 1 to ${MAX_TIMEOUT_S}, got ${JSON.stringify(raw)}`,
      helpHint("ingest"),
    );
  return value;
}

/** `--threshold`: a whole number from 0 to 100, or `undefined` for ingestion's default. */
function thresholdOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(value) || value < 0 || value > 100)
    throw new UsageError(
      `sigreg ingest: --threshold expects a whole number from 0 to 100, got ${JSON.stringify(raw)}`,
      helpHint("ingest"),
    );
  return value;
}

function fetcherFor(allow: readonly string[], timeoutMs: number): Fetcher {
  try {
    return createFetcher({ allow, timeoutMs });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`sigreg ingest: invalid --allow-host: ${reason}`, helpHint("ingest"));
  }
}

/** A bar redrawn in place on a terminal; one line per feed when piped. */
function progressPrinter(context: Context): (event: IngestProgress) => void {
  return (event) => {
    if (event.type === "planned") {
      if (context.isTTY && event.total > 0) context.stdout(bar(0, event.total, ""));
      return;
    }
    const where = `${clean(event.tenant)} ${clean(event.group)}`;
    if (context.isTTY) {
      context.stdout(bar(event.done, event.total, where));
      if (event.done === event.total) context.stdout("\r\u001b[2K");
      return;
    }
    context.stdout(
      `[${event.done}/${event.total}] ${where} ${clean(event.feed)}: ${said(event)}\n`,
    );
  };
}

function bar(done: number, total: number, label: string): string {
  const filled = Math.round((done / total) * BAR);
  return `\r\u001b[2K[${"#".repeat(filled)}${"-".repeat(BAR - filled)}] ${done}/${total} ${label}`;
}

function said(event: Extract<IngestProgress, { type: "feed" }>): string {
  switch (event.outcome) {
    case "ingested":
      return `${event.seen} item(s), ${event.created} new, ${event.updated} updated`;
    case "not-modified":
      return "not modified (304)";
    case "leased":
      return "skipped: another worker holds it";
    case "fresh":
      return "skipped: read moments ago";
    case "failed":
      return `failed: ${clean(event.error ?? "")}`;
  }
}

function summary(report: IngestAllReport, minIntervalMs: number): string {
  if (report.groups.length === 0) return "No live group with feeds to read.\n";
  const rows = [
    ["TENANT", "GROUP", "FEEDS", "ITEMS", "NEW", "UPDATED", "RELEVANT", "FAILURES"],
    ...report.groups.map((g) => [
      clean(g.tenant),
      clean(g.group),
      String(g.feeds),
      String(g.seen),
      String(g.created),
      String(g.updated),
      String(g.relevant),
      String(g.failures),
    ]),
  ];
  const count = (key: "feeds" | "notModified" | "leased" | "fresh" | "failures") =>
    report.groups.reduce((sum, g) => sum + g[key], 0);
  const skipped = count("leased") + count("fresh");
  const lines = [
    ...table(rows, new Set([2, 3, 4, 5, 6, 7])),
    "",
    `${count("feeds")} feed(s): ${count("notModified")} not modified, ${skipped} skipped (held by another worker or read less than ${minIntervalMs / 1000} s ago), ${count("failures")} failed.`,
  ];
  const problems = report.groups.flatMap((g) =>
    g.problems.map((problem) => `  ${clean(g.tenant)} ${clean(g.group)}: ${clean(problem)}`),
  );
  if (problems.length > 0)
    lines.push("", "Problems (read, but not stored or not run cleanly):", ...problems);
  if (report.failures.length > 0) {
    lines.push("", "Failed feeds:");
    for (const f of report.failures)
      lines.push(`  ${clean(f.tenant)} ${clean(f.group)}: ${f.code}: ${clean(f.message)}`);
  }
  return `${lines.join("\n")}\n`;
}
