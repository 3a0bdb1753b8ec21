import type { ExtensionCheck } from "../load/load-register.js";
import type { PolicyInput } from "../model/policy.js";
import type { Rule } from "../rules/types.js";
import type { RelevanceWeights } from "../scoring/weights.js";
import type { StorageAdapter } from "../storage/port.js";
import type { EngineDiagnostic, EngineHooks } from "./types.js";

/** What every tenant handle shares. @internal */
export interface EngineContext {
  storage: StorageAdapter;
  clock: () => Date;
  actor: string;
  policy: PolicyInput | undefined;
  weights: Partial<RelevanceWeights> | undefined;
  rules: readonly Rule[];
  /** The same rules with the plugin each came from, wrapped per evaluation by `containPluginRule`. */
  pluginRules: readonly { plugin: string; rule: Rule }[];
  ruleIds: ReadonlySet<string>;
  checkExtensions: ExtensionCheck | undefined;
  hooks: EngineHooks;
  onDiagnostic: (diagnostic: EngineDiagnostic) => void;
}
