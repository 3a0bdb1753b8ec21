import type { Rule } from "@sigreg/core";
import { PLUGIN_API_VERSION, SUPPORTED_PLUGIN_API_VERSIONS } from "./define.js";
import { containedRules, ruleIdConflict } from "./rules.js";
import type { SigregPlugin } from "./types.js";

const HOOK_NAMES = ["onAlert", "onFindings", "onReviewRecorded"] as const;
const LISTS = ["sources", "rules", "scorers", "exporters"] as const;
const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;

/** Problems that make a plugin unusable, as sentences; empty when it can be registered. */
export function validatePlugin(plugin: unknown): string[] {
  if (plugin === null || typeof plugin !== "object" || Array.isArray(plugin))
    return ["expected a plugin object"];
  const candidate = plugin as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof candidate.id !== "string" || candidate.id === "")
    problems.push("expected a non-empty string `id`");
  else if (!ID_PATTERN.test(candidate.id))
    problems.push("expected `id` of letters, digits, '.', '_' or '-'");
  if (typeof candidate.version !== "string") problems.push("expected a string `version`");
  if (!SUPPORTED_PLUGIN_API_VERSIONS.includes(candidate.apiVersion as number)) {
    problems.push(`expected apiVersion ${PLUGIN_API_VERSION}, got ${String(candidate.apiVersion)}`);
  }
  for (const key of LISTS) {
    const list = candidate[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) problems.push(`expected \`${key}\` to be a list`);
    else
      list.forEach((entry, i) => {
        problems.push(...entryProblems(key, i, entry));
      });
  }
  problems.push(...schemaProblems(candidate.schemas), ...hookProblems(candidate.hooks));
  return problems;
}

function entryProblems(key: (typeof LISTS)[number], index: number, entry: unknown): string[] {
  const where = `\`${key}[${index}]\``;
  if (entry === null || typeof entry !== "object") return [`expected ${where} to be an object`];
  const value = entry as Record<string, unknown>;
  const method = { sources: "read", rules: "check", scorers: "score", exporters: "export" }[key];
  const problems: string[] = [];
  if (typeof value.id !== "string" || value.id === "")
    problems.push(`expected ${where} to have a string \`id\``);
  if (typeof value[method] !== "function")
    problems.push(`expected ${where}.${method} to be a function`);
  if (key === "sources" && !Array.isArray(value.formats))
    problems.push(`expected ${where}.formats to be a list of feed formats`);
  return problems;
}

function schemaProblems(schemas: unknown): string[] {
  if (schemas === undefined) return [];
  if (schemas === null || typeof schemas !== "object")
    return ["expected `schemas` to be an object"];
  const problems: string[] = [];
  for (const [field, schema] of Object.entries(schemas)) {
    const parse = (schema as { safeParse?: unknown } | null)?.safeParse;
    if (typeof parse !== "function")
      problems.push(`expected \`schemas.${field}\` to be a zod schema`);
  }
  return problems;
}

function hookProblems(hooks: unknown): string[] {
  if (hooks === undefined) return [];
  if (hooks === null || typeof hooks !== "object") return ["expected `hooks` to be an object"];
  const problems: string[] = [];
  for (const [name, hook] of Object.entries(hooks)) {
    if (!(HOOK_NAMES as readonly string[]).includes(name)) {
      problems.push(`unknown hook \`${name}\`; expected one of ${HOOK_NAMES.join(", ")}`);
      continue;
    }
    const handler = typeof hook === "function" ? hook : (hook as { handler?: unknown })?.handler;
    if (typeof handler !== "function")
      problems.push(`expected hook \`${name}\` to be a function or { handler }`);
    const order = typeof hook === "object" ? (hook as { order?: unknown })?.order : undefined;
    if (order !== undefined && order !== "pre" && order !== "post")
      problems.push(`expected hook \`${name}\`.order to be "pre" or "post"`);
  }
  return problems;
}

/**
 * Collects the rules of several plugins, contained as `host.rules` are (a failing rule is a
 * `plugin-failed` finding), refusing invalid plugins, duplicate plugin ids and rule ids that
 * collide with each other or with a built-in rule.
 */
export function rulesOf(plugins: readonly SigregPlugin[]): Rule[] {
  const seen = new Set<string>();
  const owners = new Map<string, string>();
  const rules: { plugin: string; rule: Rule }[] = [];
  for (const plugin of plugins) {
    const problems = validatePlugin(plugin);
    if (problems.length > 0)
      throw new TypeError(`plugin "${String(plugin?.id)}": ${problems.join("; ")}`);
    if (seen.has(plugin.id)) throw new TypeError(`plugin "${plugin.id}" is registered twice`);
    seen.add(plugin.id);
    for (const rule of plugin.rules ?? []) {
      const conflict = ruleIdConflict(plugin.id, rule.id, owners.get(rule.id));
      if (conflict !== undefined) throw new TypeError(conflict);
      owners.set(rule.id, plugin.id);
      rules.push({ plugin: plugin.id, rule });
    }
  }
  return containedRules(rules);
}
