import { type FeedSourceOptions, feedSource } from "./feed/feed-source.js";
import { kevSource } from "./kev/kev-source.js";
import { definePlugin, PLUGIN_API_VERSION } from "./sdk/define.js";

/**
 * The built-in sources as a plugin, written with the same SDK a user's plugin would be: RSS,
 * Atom and JSON Feed, and the CISA KEV catalog.
 * @example
 * const host = createPluginHost([builtinSources(), ...myPlugins])._unsafeUnwrap();
 */
export function builtinSources(options: FeedSourceOptions = {}) {
  return definePlugin({
    id: "sigreg-sources",
    version: "0.1.0",
    apiVersion: PLUGIN_API_VERSION,
    sources: [feedSource(options), kevSource()],
  });
}
