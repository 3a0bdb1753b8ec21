import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type Notifier, type Router, ruleRouter } from "@sigreg/core";
import { createFetcher, type Fetcher } from "@sigreg/plugins/fetch";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { type Context, UsageError } from "./io.js";

/*
 * `--notifiers FILE`: which notifiers a delivery worker has. Secrets stay out of the file: any
 * string written `env:NAME` is read from the environment variable NAME when the file is loaded.
 */

const text = z.string().trim().min(1, "expected non-empty text");
const base = { name: text.optional(), timeoutMs: z.number().int().positive().optional() };

const notifierSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("slack"), webhookUrl: text, ...base }),
  z.strictObject({ type: z.literal("teams"), webhookUrl: text, ...base }),
  z.strictObject({
    type: z.literal("webhook"),
    url: text,
    secret: text.optional(),
    secrets: z.array(text).min(1).optional(),
    ...base,
  }),
  z.strictObject({
    type: z.literal("jira"),
    baseUrl: text,
    email: text,
    apiToken: text,
    project: text,
    issueType: text,
    labels: z.array(text).optional(),
    ...base,
  }),
  z.strictObject({
    type: z.literal("email"),
    from: text,
    to: z.union([text, z.array(text)]).optional(),
    smtp: z.looseObject({
      host: text,
      port: z.number().int().positive().optional(),
      secure: z.boolean().optional(),
      requireTLS: z.boolean().optional(),
      auth: z.strictObject({ user: text, pass: text }).optional(),
    }),
    ...base,
  }),
]);

const SEVERITY = z.enum(["critical", "high", "medium", "low", "info"]);
const routeSchema = z.strictObject({
  notifiers: z.array(text).min(1, "expected at least one notifier name"),
  minSeverity: SEVERITY.optional(),
  minRelevance: z.number().min(0).max(100).optional(),
  groups: z.array(text).min(1).optional(),
});

const configSchema = z.strictObject({
  notifiers: z.array(notifierSchema).min(1, "expected at least one notifier"),
  routes: z.array(routeSchema).min(1, "expected at least one route").optional(),
  // Notifier targets are set by an operator and often internal on purpose (a self-hosted Jira, a
  // SOAR webhook): the SSRF guard lets these through, as `--allow-host` does for feeds.
  allowHosts: z.array(text).optional(),
});

/** What a notifiers file configures: the notifiers, and routing rules when it has `routes`. @internal */
export interface DeliveryConfig {
  notifiers: Notifier[];
  router?: Router;
  /** The safe fetcher the HTTP notifiers send through, when one was asked for; close it after use. */
  fetcher?: Fetcher;
}

/** Options of {@link loadNotifiers}. @internal */
export interface LoadNotifiersOptions {
  /**
   * Send the HTTP notifiers' requests through the library's safe fetcher (SSRF guard, timeouts, an
   * honest User-Agent, no redirects), allowing the file's `allowHosts` and these hosts.
   */
  safeFetch?: { allow: readonly string[] };
}

/** One notifier's settings as the file gives them (after `env:` references are read). @internal */
export type NotifierSettings = z.infer<typeof notifierSchema>;

/** Reads and checks a notifiers file; every problem names the file and the path in it. @internal */
export async function loadNotifiers(
  file: string,
  context: Context,
  command: string,
  options: LoadNotifiersOptions = {},
): Promise<DeliveryConfig> {
  const path = resolve(context.cwd, file);
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `sigreg ${command}: cannot read the notifiers file ${file}: ${(error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = /\.json$/i.test(file) ? JSON.parse(raw) : parseYaml(raw);
  } catch (error) {
    throw new UsageError(
      `sigreg ${command}: ${file}: expected YAML or JSON: ${(error as Error).message}`,
    );
  }
  const missing: string[] = [];
  const resolved = fromEnv(data, context.env, [], missing);
  if (missing.length > 0) throw new UsageError(`sigreg ${command}: ${file}: ${missing.join("; ")}`);
  const parsed = configSchema.safeParse(resolved);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${file}: ${issue.path.join(".") || "(file)"}: ${issue.message}`,
    );
    throw new UsageError(`sigreg ${command}: invalid notifiers file:\n${problems.join("\n")}`);
  }
  const fetcher =
    options.safeFetch === undefined
      ? undefined
      : safeFetcher(command, file, parsed.data.allowHosts ?? [], options.safeFetch.allow);
  const notifiers: Notifier[] = [];
  for (const [index, settings] of parsed.data.notifiers.entries()) {
    try {
      notifiers.push(await createNotifier(settings, fetcher));
    } catch (error) {
      await fetcher?.close();
      // Factories check URLs without repeating them (they may be secrets).
      throw new UsageError(
        `sigreg ${command}: ${file}: notifiers.${index}: ${(error as Error).message}`,
      );
    }
  }
  try {
    return {
      ...checkedRoutes(command, file, notifiers, parsed.data.routes),
      ...(fetcher && { fetcher }),
    };
  } catch (error) {
    await fetcher?.close();
    throw error;
  }
}

/** The safe fetcher for notifiers: no redirects, the file's and the flags' hosts allowed. */
function safeFetcher(
  command: string,
  file: string,
  fromFile: readonly string[],
  fromFlags: readonly string[],
): Fetcher {
  const allow = [...fromFile, ...fromFlags];
  try {
    return createFetcher({ allow, maxRedirects: 0 });
  } catch (error) {
    // The fetcher names the entry by its place in the combined list: say where it came from.
    const match = /allow\[(\d+)\]/.exec((error as Error).message);
    const at = match === null ? -1 : Number(match[1]);
    const where =
      at < 0
        ? `${file}: allowHosts`
        : at < fromFile.length
          ? `${file}: allowHosts.${at}`
          : `--allow-host ${JSON.stringify(fromFlags[at - fromFile.length])}`;
    throw new UsageError(
      `sigreg ${command}: ${where}: expected a host name, an IP address or a CIDR such as 10.1.0.0/16`,
    );
  }
}

/** The notifiers with their routing rules, each route checked to name known notifiers. */
function checkedRoutes(
  command: string,
  file: string,
  notifiers: Notifier[],
  routes: z.infer<typeof configSchema>["routes"],
): DeliveryConfig {
  const names = notifiers.map((notifier) => notifier.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined)
    throw new UsageError(
      `sigreg ${command}: ${file}: two notifiers are named "${twice}"; give each a unique "name"`,
    );
  if (routes === undefined) return { notifiers };
  for (const [index, route] of routes.entries())
    for (const name of route.notifiers)
      if (!names.includes(name))
        throw new UsageError(
          `sigreg ${command}: ${file}: routes.${index}.notifiers: no notifier is named "${name}" (names: ${names.join(", ")})`,
        );
  return { notifiers, router: ruleRouter(routes.map((route) => defined(route))) };
}

/** Replaces `env:NAME` strings with the variable's value; collects the unset ones. */
function fromEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  path: string[],
  missing: string[],
): unknown {
  if (typeof value === "string" && value.startsWith("env:")) {
    const name = value.slice(4);
    const found = env[name];
    if (found === undefined || found === "")
      missing.push(`${path.join(".")}: expected the environment variable ${name} to be set`);
    return found ?? "";
  }
  if (Array.isArray(value))
    return value.map((item, i) => fromEnv(item, env, [...path, String(i)], missing));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        fromEnv(item, env, [...path, key], missing),
      ]),
    );
  return value;
}

/** Builds a notifier, loading only the adapter its type needs. */
async function createNotifier(
  settings: NotifierSettings,
  fetcher: Fetcher | undefined,
): Promise<Notifier> {
  // The HTTP notifiers send through the safe fetcher when there is one; email speaks SMTP.
  const via = fetcher === undefined ? {} : { fetch: fetcher };
  switch (settings.type) {
    case "slack": {
      const { type: _, ...options } = settings;
      return (await import("@sigreg/adapters/slack")).slackNotifier({
        ...defined(options),
        ...via,
      });
    }
    case "teams": {
      const { type: _, ...options } = settings;
      return (await import("@sigreg/adapters/teams")).teamsNotifier({
        ...defined(options),
        ...via,
      });
    }
    case "webhook": {
      const { type: _, secret, secrets, ...options } = settings;
      const { webhookNotifier } = await import("@sigreg/adapters/webhook");
      if (secrets !== undefined) return webhookNotifier({ ...defined(options), secrets, ...via });
      if (secret === undefined) throw new Error("expected `secret` or `secrets`");
      return webhookNotifier({ ...defined(options), secret, ...via });
    }
    case "jira": {
      const { type: _, ...options } = settings;
      return (await import("@sigreg/adapters/jira")).jiraNotifier({ ...defined(options), ...via });
    }
    case "email": {
      const { type: _, ...options } = settings;
      return (await import("@sigreg/adapters/email")).emailNotifier(defined(options));
    }
  }
}

/** The object without its `undefined` members (the options forbid explicit `undefined`). */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
