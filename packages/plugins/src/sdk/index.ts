export { definePlugin, PLUGIN_API_VERSION, SUPPORTED_PLUGIN_API_VERSIONS } from "./define.js";
export {
  badResult,
  DEFAULT_PLUGIN_TIMEOUT_MS,
  guardPluginCall,
  PLUGIN_FAILURE_CODES,
  type PluginDiagnostic,
} from "./guard.js";
export {
  type Contributed,
  createPluginHost,
  type PluginHost,
  type PluginHostOptions,
  type PluginRegistrationError,
} from "./host.js";
export { PLUGIN_FAILED_RULE_ID } from "./rules.js";
export type {
  FeedItem,
  HookContext,
  HookHandler,
  HookName,
  HookPayloads,
  PluginHooks,
  SafeFetcher,
  Scorer,
  ScorerFactor,
  ScorerInput,
  SigregPlugin,
  Source,
  SourceContext,
  SourceError,
  SourceResult,
  SourceState,
} from "./types.js";
export { rulesOf, validatePlugin } from "./validate.js";
