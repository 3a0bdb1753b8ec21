import { definePlugin, PLUGIN_API_VERSION } from "../sdk/define.js";
import type { SigregPlugin } from "../sdk/types.js";
import { groupLinkDead, type LinkRuleOptions } from "./link-rule.js";

/**
 * The link-check plugin: its `group-link-dead` rule reads the website checks {@link checkLinks}
 * records. Register it with the engine so every tenant evaluation sees them.
 * @example
 * const sigreg = createSigreg({ storage, plugins: [linkCheckPlugin()] });
 * await checkLinks({ sigreg, tenant: "acme", fetch: createFetcher() });
 * const evaluation = await sigreg.tenant("acme").evaluate({ asOf: new Date() });
 */
export function linkCheckPlugin(options: LinkRuleOptions = {}): SigregPlugin {
  return definePlugin({
    id: "sigreg-link-check",
    version: "0.1.0",
    apiVersion: PLUGIN_API_VERSION,
    rules: [groupLinkDead(options)],
  });
}
