import type { SigregPlugin } from "./types.js";

/** The plugin API version this SDK implements. A plugin written for another version is refused. */
export const PLUGIN_API_VERSION = 1;

/** Plugin API versions this host can run. */
export const SUPPORTED_PLUGIN_API_VERSIONS: readonly number[] = [PLUGIN_API_VERSION];

/**
 * Declares a plugin; a typed identity function that keeps the literal `id`.
 * @example
 * export const acmeRules = () => definePlugin({ id: "acme-rules", version: "1.0.0", apiVersion: 1, rules: [myRule] });
 */
export function definePlugin<const TPlugin extends SigregPlugin>(plugin: TPlugin): TPlugin {
  return plugin;
}
