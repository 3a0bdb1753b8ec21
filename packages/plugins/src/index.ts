/**
 * Plugin SDK for sigreg. A plugin is a factory returning a plain object with a literal `id`, a
 * `version` and the plugin API version it was written for; it may contribute rules. Sources,
 * scorers, exporters, schemas and hooks arrive with the plugin host.
 * @example
 * import { definePlugin } from "@sigreg/plugins";
 *
 * export const acmeRules = () => definePlugin({ id: "acme-rules", version: "1.0.0", apiVersion: 1, rules: [myRule] });
 * @packageDocumentation
 */
import type { Rule } from "@sigreg/core";

/** The plugin API version this SDK implements. A plugin written for another major is refused. */
export const PLUGIN_API_VERSION = 1;

/** A sigreg plugin: a plain object, usually returned by a factory. */
export interface SigregPlugin {
  /** Unique, stable id, e.g. `"acme-rules"`. */
  id: string;
  /** The plugin's own version (semver). */
  version: string;
  /** The plugin API version it was written for; see {@link PLUGIN_API_VERSION}. */
  apiVersion: number;
  /** Extra rules, run after the built-in ones with the same contract. */
  rules?: readonly Rule[];
}

/**
 * Declares a plugin; a typed identity function that keeps the literal `id`.
 * @example
 * export const acmeRules = () => definePlugin({ id: "acme-rules", version: "1.0.0", apiVersion: 1, rules: [myRule] });
 */
export function definePlugin<const TPlugin extends SigregPlugin>(plugin: TPlugin): TPlugin {
  return plugin;
}

/** Problems that make a plugin unusable, as sentences; empty when it can be registered. */
export function validatePlugin(plugin: unknown): string[] {
  if (plugin === null || typeof plugin !== "object") return ["expected a plugin object"];
  const candidate = plugin as Partial<Record<keyof SigregPlugin, unknown>>;
  const problems: string[] = [];
  if (typeof candidate.id !== "string" || candidate.id === "")
    problems.push("expected a non-empty string `id`");
  if (typeof candidate.version !== "string") problems.push("expected a string `version`");
  if (candidate.apiVersion !== PLUGIN_API_VERSION) {
    problems.push(`expected apiVersion ${PLUGIN_API_VERSION}, got ${String(candidate.apiVersion)}`);
  }
  if (candidate.rules !== undefined && !Array.isArray(candidate.rules))
    problems.push("expected `rules` to be a list");
  return problems;
}

/** Collects the rules of several plugins, refusing invalid plugins and duplicate ids. */
export function rulesOf(plugins: readonly SigregPlugin[]): Rule[] {
  const seen = new Set<string>();
  const rules: Rule[] = [];
  for (const plugin of plugins) {
    const problems = validatePlugin(plugin);
    if (problems.length > 0)
      throw new TypeError(`plugin "${String(plugin?.id)}": ${problems.join("; ")}`);
    if (seen.has(plugin.id)) throw new TypeError(`plugin "${plugin.id}" is registered twice`);
    seen.add(plugin.id);
    rules.push(...(plugin.rules ?? []));
  }
  return rules;
}
