/**
 * Plugin SDK for sigreg. A plugin is a factory returning a plain object with a literal `id`, a
 * `version` and the plugin API version it was written for; it may contribute sources, rules,
 * scorers, exporters, extension schemas and hooks. The built-in feed and CISA KEV sources are
 * written with the same SDK, and `ingest` turns what sources find into scored, deduplicated alerts.
 * @example
 * import { definePlugin } from "@sigreg/plugins";
 *
 * export const acmeRules = () => definePlugin({ id: "acme-rules", version: "1.0.0", apiVersion: 1, rules: [myRule] });
 * @packageDocumentation
 */

export { builtinExporters, builtinSources } from "./builtin.js";
export * from "./feed/index.js";
export * from "./ingest/index.js";
export * from "./ingest-all/index.js";
export * from "./kev/index.js";
export * from "./link-check/index.js";
export * from "./relevance/index.js";
export * from "./sdk/index.js";
