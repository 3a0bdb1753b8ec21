import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Notifier } from "@sigreg/core";
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

const configSchema = z.strictObject({
  notifiers: z.array(notifierSchema).min(1, "expected at least one notifier"),
});

/** One notifier's settings as the file gives them (after `env:` references are read). @internal */
export type NotifierSettings = z.infer<typeof notifierSchema>;

/** Reads and checks a notifiers file; every problem names the file and the path in it. @internal */
export async function loadNotifiers(
  file: string,
  context: Context,
  command: string,
): Promise<Notifier[]> {
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
  const notifiers: Notifier[] = [];
  for (const [index, settings] of parsed.data.notifiers.entries()) {
    try {
      notifiers.push(await createNotifier(settings));
    } catch (error) {
      // Factories check URLs without repeating them (they may be secrets).
      throw new UsageError(
        `sigreg ${command}: ${file}: notifiers.${index}: ${(error as Error).message}`,
      );
    }
  }
  const names = notifiers.map((notifier) => notifier.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined)
    throw new UsageError(
      `sigreg ${command}: ${file}: two notifiers are named "${twice}"; give each a unique "name"`,
    );
  return notifiers;
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
async function createNotifier(settings: NotifierSettings): Promise<Notifier> {
  switch (settings.type) {
    case "slack": {
      const { type: _, ...options } = settings;
      return (await import("@sigreg/adapters/slack")).slackNotifier(defined(options));
    }
    case "teams": {
      const { type: _, ...options } = settings;
      return (await import("@sigreg/adapters/teams")).teamsNotifier(defined(options));
    }
    case "webhook": {
      const { type: _, secret, secrets, ...options } = settings;
      const { webhookNotifier } = await import("@sigreg/adapters/webhook");
      if (secrets !== undefined) return webhookNotifier({ ...defined(options), secrets });
      if (secret === undefined) throw new Error("expected `secret` or `secrets`");
      return webhookNotifier({ ...defined(options), secret });
    }
    case "jira": {
      const { type: _, ...options } = settings;
      return (await import("@sigreg/adapters/jira")).jiraNotifier(defined(options));
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
