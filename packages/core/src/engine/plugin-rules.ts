import type { Rule, RuleContext, RuleHit } from "../rules/types.js";
import type { EngineDiagnostic } from "./types.js";

/**
 * Wraps a plugin's rule so that its failure costs only its own hits: a `check` that throws, or
 * returns anything but a list of hits (`{ subject: { type, id }, message }`), gives no hits and
 * reports a diagnostic naming the plugin and `rules.<rule id>` (`PLUGIN_THREW` or
 * `PLUGIN_BAD_RESULT`). Rules are synchronous, so no time budget applies: a rule that loops
 * forever cannot be interrupted. The engine wraps every plugin rule this way; the plugin host
 * of `@sigreg/plugins` does too for `host.rules`.
 * @example
 * const safe = containPluginRule("acme", rule, (diagnostic) => diagnostics.push(diagnostic));
 */
export function containPluginRule(
  plugin: string,
  rule: Rule,
  report: (diagnostic: EngineDiagnostic, context: RuleContext) => void,
): Rule {
  const hook = `rules.${rule.id}`;
  const failed = (code: string, what: string) => ({
    code,
    plugin,
    hook,
    message: `plugin "${plugin}" ${hook} ${what}`,
  });
  return {
    ...rule,
    check(context) {
      let hits: unknown;
      try {
        hits = rule.check(context);
      } catch (error) {
        report(failed("PLUGIN_THREW", `threw: ${describeThrown(error)}`), context);
        return [];
      }
      const wrong = wrongResult(hits);
      if (wrong === undefined) return hits as RuleHit[];
      report(failed("PLUGIN_BAD_RESULT", `returned ${wrong}`), context);
      return [];
    },
  };
}

/** What is wrong with a rule's result, or `undefined` when it is a list of hits. */
function wrongResult(hits: unknown): string | undefined {
  if (!Array.isArray(hits)) {
    if (isThenable(hits)) {
      // An async check: its rejection must not become an unhandled one.
      Promise.resolve(hits).catch(() => undefined);
      return "a promise, not a list of hits (rules are synchronous)";
    }
    return `${hits === null ? "null" : typeof hits}, not a list of hits`;
  }
  for (let i = 0; i < hits.length; i++) {
    const hit = hits[i] as Partial<RuleHit> | null;
    const subject = hit?.subject as Partial<RuleHit["subject"]> | null | undefined;
    if (
      hit === null ||
      typeof hit !== "object" ||
      typeof hit.message !== "string" ||
      subject === null ||
      typeof subject !== "object" ||
      typeof subject.type !== "string" ||
      typeof subject.id !== "string"
    )
      return `a list whose item ${i} is not a hit ({ subject: { type, id }, message })`;
  }
  return undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * What a plugin threw, on one line and at most 300 characters: an `Error`'s message, anything else
 * as text (or "a value that has no text" when even that throws). For reports naming a plugin.
 * @example `plugin "acme" exporter "csv" failed: ${describeThrown(error)}`
 */
export function describeThrown(error: unknown): string {
  let text: string;
  try {
    text = error instanceof Error ? error.message : String(error);
  } catch {
    text = "a value that has no text";
  }
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
