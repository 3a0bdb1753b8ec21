import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { xlsxPlugin } from "@sigreg/adapters/xlsx";
import {
  builtinExporters,
  createPluginHost,
  type PluginHost,
  type SigregPlugin,
} from "@sigreg/plugins";
import { type Context, UsageError } from "./io.js";

/**
 * `--plugin MODULE`: a path (relative to the working directory) or a package name whose default
 * export (or `plugin` export) is a plugin, or a factory returning one. @internal
 */
export async function loadPlugin(
  spec: string,
  context: Context,
  command: string,
): Promise<SigregPlugin> {
  const local = spec.startsWith(".") || isAbsolute(spec);
  const target = local ? pathToFileURL(resolve(context.cwd, spec)).href : spec;
  let module: Record<string, unknown>;
  try {
    module = (await import(target)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(
      `sigreg ${command}: cannot load the plugin ${spec}: ${(error as Error).message}`,
    );
  }
  const exported = module.default ?? module.plugin;
  const plugin = typeof exported === "function" ? await (exported as () => unknown)() : exported;
  if (plugin === null || typeof plugin !== "object")
    throw new UsageError(
      `sigreg ${command}: ${spec}: expected a default export (or \`plugin\`) that is a sigreg plugin or a function returning one`,
    );
  return plugin as SigregPlugin;
}

/** The built-in exporters, XLSX, and the `--plugin` modules, registered in one host. @internal */
export async function exportHost(
  specs: readonly string[],
  context: Context,
  command: string,
): Promise<PluginHost> {
  const plugins: SigregPlugin[] = [builtinExporters(), xlsxPlugin() as SigregPlugin];
  for (const spec of specs) plugins.push(await loadPlugin(spec, context, command));
  const host = createPluginHost(plugins);
  if (host.isErr()) throw new UsageError(`sigreg ${command}: ${host.error.message}`);
  return host.value;
}
