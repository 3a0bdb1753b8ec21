import {
  containPluginRule,
  type EngineDiagnostic,
  RULE_IDS,
  type Rule,
  type RuleContext,
} from "@sigreg/core";

/** Rule id of the finding that reports a plugin rule that failed in a plain `evaluate`. */
export const PLUGIN_FAILED_RULE_ID = "plugin-failed";

const BUILTIN_RULE_IDS: ReadonlySet<string> = new Set(RULE_IDS);

/**
 * Why a plugin may not contribute a rule with this id, or `undefined`: a built-in rule's id,
 * the host's own {@link PLUGIN_FAILED_RULE_ID}, or one another plugin (`owner`) contributed.
 */
export function ruleIdConflict(
  plugin: string,
  id: string,
  owner: string | undefined,
): string | undefined {
  if (BUILTIN_RULE_IDS.has(id))
    return `plugin "${plugin}" contributes rule "${id}", which is the id of a built-in rule`;
  if (id === PLUGIN_FAILED_RULE_ID)
    return `plugin "${plugin}" contributes rule "${id}", an id the plugin host reserves for plugin failures`;
  if (owner !== undefined)
    return `plugin "${plugin}" contributes rule "${id}", already contributed by plugin "${owner}"`;
  return undefined;
}

/**
 * The plugins' rules for `evaluate(register, { rules })`, each contained (see `containPluginRule`
 * of `@sigreg/core`), followed by the `plugin-failed` rule, which reports each failure of the
 * same evaluation as an `observation` on the register, naming plugin and rule. Rules are
 * synchronous, so there is no time budget. Empty when there are no rules.
 */
export function containedRules(entries: readonly { plugin: string; rule: Rule }[]): Rule[] {
  if (entries.length === 0) return [];
  // One rule context per evaluation, shared by its rules: failures are kept by it, so concurrent
  // or interleaved evaluations never see each other's.
  const failures = new WeakMap<RuleContext, EngineDiagnostic[]>();
  const report = (diagnostic: EngineDiagnostic, context: RuleContext) => {
    const list = failures.get(context);
    if (list === undefined) failures.set(context, [diagnostic]);
    else list.push(diagnostic);
  };
  const contained = entries.map(({ plugin, rule }) => containPluginRule(plugin, rule, report));
  const reporter: Rule = {
    id: PLUGIN_FAILED_RULE_ID,
    title: "A plugin rule failed",
    description:
      "A plugin's rule threw or returned something other than a list of hits, so its findings are missing from this evaluation.",
    severity: "observation",
    controls: ["ISO27001:2022/A.5.6"],
    remediation:
      "Fix or remove the plugin, then evaluate again; until then the evaluation lacks that rule's findings.",
    policyKeys: [],
    check(context) {
      const list = failures.get(context) ?? [];
      failures.delete(context);
      return list.map((diagnostic) => ({
        subject: { type: "register", id: "register" },
        message: `${diagnostic.message} [${diagnostic.code}]; its findings are missing.`,
      }));
    },
  };
  return [...contained, reporter];
}
