import { builtInExporters } from "@sigreg/core";
import { htmlExporter } from "@sigreg/core/report";
import { type FeedSourceOptions, feedSource } from "./feed/feed-source.js";
import { kevSource } from "./kev/kev-source.js";
import { definePlugin, PLUGIN_API_VERSION } from "./sdk/define.js";
import type { SigregPlugin } from "./sdk/types.js";

/**
 * The built-in sources as a plugin, written with the same SDK a user's plugin would be: RSS,
 * Atom and JSON Feed, and the CISA KEV catalog.
 * @example
 * const host = createPluginHost([builtinSources(), ...myPlugins])._unsafeUnwrap();
 */
export function builtinSources(options: FeedSourceOptions = {}): SigregPlugin {
  return definePlugin({
    id: "sigreg-sources",
    version: "0.1.0",
    apiVersion: PLUGIN_API_VERSION,
    sources: [feedSource(options), kevSource()],
  });
}

/**
 * The built-in export formats as a plugin, contributed the same way a platform adds its own:
 * HTML report, Markdown, CSV (register and findings), JSON and OSCAL. XLSX comes from
 * `xlsxPlugin()` in `@sigreg/adapters/xlsx`, so that exceljs stays optional.
 * @example
 * const host = createPluginHost([builtinExporters(), myFormatPlugin()])._unsafeUnwrap();
 * const html = host.exporters.find((entry) => entry.value.id === "html");
 */
export function builtinExporters(): SigregPlugin {
  return definePlugin({
    id: "sigreg-exporters",
    version: "0.1.0",
    apiVersion: PLUGIN_API_VERSION,
    exporters: [htmlExporter(), ...builtInExporters],
  });
}
