import { builtinRules } from "@sigreg/core";
import { oneOf, parseCommandArgs } from "../args.js";
import { styleFor, table, useColor } from "../format/style.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { RULES_USAGE } from "../usage.js";

/** `sigreg rules [--format text|json]`: lists the built-in rules. @internal */
export function rulesCommand(args: readonly string[], context: Context): number {
  const { values, positionals } = parseCommandArgs(
    "rules",
    args,
    { format: { type: "string" }, help: { type: "boolean", short: "h" } },
    RULES_USAGE,
  );
  if (values.help === true) {
    context.stdout(RULES_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) {
    throw new UsageError(`sigreg rules: unexpected argument '${positionals[0]}'`, RULES_USAGE);
  }
  const format = oneOf("rules", "format", values.format ?? "text", ["text", "json"]);
  if (format === "json") {
    const rules = builtinRules.map((rule) => ({
      id: rule.id,
      severity: rule.severity,
      title: rule.title,
      description: rule.description,
      remediation: rule.remediation,
      controls: [...rule.controls],
      policyKeys: [...rule.policyKeys],
    }));
    context.stdout(`${JSON.stringify(rules, null, 2)}\n`);
    return EXIT.ok;
  }
  const style = styleFor(useColor(context.env, context.isTTY));
  const [header, ...rows] = table([
    ["ID", "SEVERITY", "TITLE", "POLICY KEYS"],
    ...builtinRules.map((rule) => [
      rule.id,
      rule.severity,
      rule.title,
      rule.policyKeys.length === 0 ? "-" : rule.policyKeys.join(", "),
    ]),
  ]);
  context.stdout(
    [
      style.dim(header ?? ""),
      ...rows,
      "",
      `${builtinRules.length} rules. Override one in the register under policy.rules.<id>:`,
      "  severity: major | minor | observation | opportunity, or enabled: false.",
      "",
    ].join("\n"),
  );
  return EXIT.ok;
}
