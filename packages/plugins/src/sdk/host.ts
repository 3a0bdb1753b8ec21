import type {
  CreateSigregOptions,
  Exporter,
  ExtensionCheck,
  ExtensionIssue,
  Feed,
  Group,
  RegisterIssue,
  Rule,
} from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { PLUGIN_API_VERSION, SUPPORTED_PLUGIN_API_VERSIONS } from "./define.js";
import { DEFAULT_PLUGIN_TIMEOUT_MS, guardPluginCall, type PluginDiagnostic } from "./guard.js";
import { containedRules, ruleIdConflict } from "./rules.js";
import type { HookContext, HookName, HookPayloads, Scorer, SigregPlugin, Source } from "./types.js";
import { validatePlugin } from "./validate.js";

/** Why the host refused a plugin. */
export interface PluginRegistrationError {
  /** `PLUGIN_INVALID`, `PLUGIN_API_INCOMPATIBLE`, `PLUGIN_DUPLICATE` or `PLUGIN_CONFLICT`. */
  code: "PLUGIN_INVALID" | "PLUGIN_API_INCOMPATIBLE" | "PLUGIN_DUPLICATE" | "PLUGIN_CONFLICT";
  /** Id of the plugin refused (or its position when it has no id). */
  plugin: string;
  /** What is wrong, one sentence each. */
  problems: string[];
  /** One sentence naming the plugin and the problems. */
  message: string;
}

/** Options of {@link createPluginHost}. */
export interface PluginHostOptions {
  /** Time budget of one hook, source read or other plugin call, in milliseconds. @default 5000 */
  timeoutMs?: number;
}

/** A contribution with the plugin it came from. */
export interface Contributed<TValue> {
  /** Id of the plugin. */
  plugin: string;
  /** The contribution. */
  value: TValue;
}

/** The registered plugins, their contributions and the guarded way to call them. */
export interface PluginHost {
  /** The plugins, in registration order. */
  readonly plugins: readonly SigregPlugin[];
  /**
   * Every plugin's rules, for `evaluate(register, { rules: host.rules })`, each contained: one that
   * throws or returns something other than a list of hits gives no hits, and the `plugin-failed`
   * rule (last in the list) reports it as a finding naming plugin and `rules.<rule id>`.
   */
  readonly rules: readonly Rule[];
  /** Every plugin's sources. */
  readonly sources: readonly Contributed<Source>[];
  /** Every plugin's scorers. */
  readonly scorers: readonly Contributed<Scorer>[];
  /** Every plugin's exporters. */
  readonly exporters: readonly Contributed<Exporter>[];
  /** The first source that reads a feed's format, or `undefined`. */
  sourceFor(feed: Pick<Feed, "format">): Contributed<Source> | undefined;
  /** Runs a hook's handlers in declared order; failures are returned, the others still run. */
  runHook<TName extends HookName>(
    name: TName,
    payload: HookPayloads[TName],
    context: Omit<HookContext, "signal">,
  ): Promise<PluginDiagnostic[]>;
  /** Calls one plugin function within the time budget, turning a failure into a diagnostic. */
  call<TValue>(
    plugin: string,
    hook: string,
    fn: (signal: AbortSignal) => TValue | Promise<TValue>,
  ): Promise<Result<TValue, PluginDiagnostic>>;
  /** Checks groups' `extensions` against the plugins' schemas; issues name the path inside the file. */
  validateExtensions(groups: readonly Pick<Group, "id" | "extensions">[]): RegisterIssue[];
  /**
   * The same check for the loader, so a register fails to load with positioned issues:
   * `parseRegisterText(text, { file, checkExtensions: host.checkExtensions })`.
   */
  checkExtensions: ExtensionCheck;
  /**
   * What `createSigreg` needs to run these plugins: their rules, the extension check (on import and on group create and update),
   * and the `onFindings` and `onReviewRecorded` hooks (failures come back as diagnostics). The
   * engine contains the rules itself: a failing rule is a diagnostic in `evaluation.diagnostics`
   * (hook `rules.<rule id>`), not a `plugin-failed` finding.
   * @example
   * const sigreg = createSigreg({ storage, ...host.engineOptions() });
   */
  engineOptions(): Pick<CreateSigregOptions, "plugins" | "checkExtensions" | "hooks">;
}

const ORDER_RANK = { pre: 0, normal: 1, post: 2 } as const;

/**
 * Validates and registers plugins. An invalid plugin, one written for another API version, a
 * duplicate id, two plugins contributing the same source, exporter, scorer, rule id or extension
 * field, or a rule with a built-in rule's id are refused with an error naming the plugin.
 * @example
 * const host = createPluginHost([kevPlugin(), feedPlugin()], { timeoutMs: 2000 })._unsafeUnwrap();
 */
export function createPluginHost(
  plugins: readonly SigregPlugin[],
  options: PluginHostOptions = {},
): Result<PluginHost, PluginRegistrationError> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PLUGIN_TIMEOUT_MS;
  const seen = new Map<string, string>();
  for (const [index, plugin] of plugins.entries()) {
    const refused = checkPlugin(plugin, index, seen);
    if (refused !== undefined) return err(refused);
  }
  const collect = <TValue>(pick: (plugin: SigregPlugin) => readonly TValue[] | undefined) =>
    plugins.flatMap((plugin) =>
      (pick(plugin) ?? []).map((value) => ({ plugin: plugin.id, value })),
    );
  const sources = collect((plugin) => plugin.sources);
  const call: PluginHost["call"] = (plugin, hook, fn) =>
    guardPluginCall(plugin, hook, timeoutMs, fn);
  const runHook: PluginHost["runHook"] = async (name, payload, context) => {
    const diagnostics: PluginDiagnostic[] = [];
    for (const { plugin, handler } of handlersOf(plugins, name)) {
      const result = await call(plugin, name, (signal) => handler(payload, { ...context, signal }));
      if (result.isErr()) diagnostics.push(result.error);
    }
    return diagnostics;
  };
  return ok({
    plugins,
    rules: containedRules(
      plugins.flatMap((plugin) =>
        (plugin.rules ?? []).map((rule) => ({ plugin: plugin.id, rule })),
      ),
    ),
    sources,
    scorers: collect((plugin) => plugin.scorers),
    exporters: collect((plugin) => plugin.exporters),
    sourceFor: (feed) => sources.find((entry) => entry.value.formats.includes(feed.format)),
    call,
    runHook,
    validateExtensions: (groups) =>
      extensionIssues(plugins, groups).map((issue) => ({
        code: "SCHEMA_MISMATCH",
        path: issue.path
          .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`))
          .join(""),
        message: issue.message,
      })),
    checkExtensions: (groups) => extensionIssues(plugins, groups),
    engineOptions() {
      return {
        plugins: plugins.map((plugin) => ({ id: plugin.id, rules: plugin.rules ?? [] })),
        checkExtensions: (groups) => extensionIssues(plugins, groups),
        hooks: {
          onFindings: ({ tenant, findings }) => runHook("onFindings", { findings }, { tenant }),
          onReviewRecorded: ({ tenant, review }) =>
            runHook("onReviewRecorded", { review }, { tenant }),
        },
      };
    },
  });
}

function checkPlugin(
  plugin: SigregPlugin,
  index: number,
  seen: Map<string, string>,
): PluginRegistrationError | undefined {
  const name = typeof plugin?.id === "string" && plugin.id !== "" ? plugin.id : `#${index}`;
  const problems = validatePlugin(plugin);
  if (problems.length > 0) {
    const api = !SUPPORTED_PLUGIN_API_VERSIONS.includes(plugin?.apiVersion);
    const code = api && problems.length === 1 ? "PLUGIN_API_INCOMPATIBLE" : "PLUGIN_INVALID";
    const lead =
      code === "PLUGIN_API_INCOMPATIBLE"
        ? `plugin "${name}" was written for plugin API ${String(plugin.apiVersion)}; this host runs API ${PLUGIN_API_VERSION}`
        : `plugin "${name}" cannot be registered: ${problems.join("; ")}`;
    return { code, plugin: name, problems, message: lead };
  }
  if (seen.has(`plugin:${plugin.id}`))
    return refuse("PLUGIN_DUPLICATE", name, `plugin "${name}" is registered twice`);
  seen.set(`plugin:${plugin.id}`, plugin.id);
  const keys = [
    ...(plugin.sources ?? []).map((source) => `source "${source.id}"`),
    ...(plugin.exporters ?? []).map((exporter) => `exporter "${exporter.id}"`),
    ...(plugin.scorers ?? []).map((scorer) => `scorer "${scorer.id}"`),
    ...Object.keys(plugin.schemas ?? {}).map((field) => `extension field "${field}"`),
  ];
  for (const key of keys) {
    const owner = seen.get(key);
    if (owner !== undefined)
      return refuse(
        "PLUGIN_CONFLICT",
        name,
        `plugin "${name}" contributes ${key}, already contributed by plugin "${owner}"`,
      );
    seen.set(key, plugin.id);
  }
  for (const rule of plugin.rules ?? []) {
    const conflict = ruleIdConflict(name, rule.id, seen.get(`rule:${rule.id}`));
    if (conflict !== undefined) return refuse("PLUGIN_CONFLICT", name, conflict);
    seen.set(`rule:${rule.id}`, plugin.id);
  }
  return undefined;
}

function refuse(
  code: PluginRegistrationError["code"],
  plugin: string,
  message: string,
): PluginRegistrationError {
  return { code, plugin, problems: [message], message };
}

type AnyHandler = (payload: unknown, context: HookContext) => void | Promise<void>;

function handlersOf(plugins: readonly SigregPlugin[], name: HookName) {
  const entries: { plugin: string; rank: number; handler: AnyHandler }[] = [];
  for (const plugin of plugins) {
    const hook = plugin.hooks?.[name];
    if (hook === undefined) continue;
    const handler = (typeof hook === "function" ? hook : hook.handler) as AnyHandler;
    const order = typeof hook === "function" ? "normal" : (hook.order ?? "normal");
    entries.push({ plugin: plugin.id, rank: ORDER_RANK[order], handler });
  }
  // Array.prototype.sort is stable, so plugins of the same rank keep registration order.
  return entries.sort((a, b) => a.rank - b.rank);
}

function extensionIssues(
  plugins: readonly SigregPlugin[],
  groups: readonly Pick<Group, "id" | "extensions">[],
): ExtensionIssue[] {
  const issues: ExtensionIssue[] = [];
  groups.forEach((group, index) => {
    for (const plugin of plugins) {
      for (const [field, schema] of Object.entries(plugin.schemas ?? {})) {
        const value = group.extensions?.[field];
        const parsed = schema.safeParse(value);
        if (parsed.success) continue;
        for (const issue of parsed.error.issues) {
          const inner = issue.path.map((part) => (typeof part === "number" ? part : String(part)));
          issues.push({
            path: ["groups", index, "extensions", field, ...inner],
            message: `${issue.message} (field "${field}" of plugin "${plugin.id}", group "${group.id}")`,
          });
        }
      }
    }
  });
  return issues;
}
