export {
  type CheckLinksOptions,
  checkLinks,
  type LinkCheckResult,
  type LinkCheckSummary,
} from "./check-links.js";
export { groupLinkDead, type LinkRuleOptions } from "./link-rule.js";
export { LINK_STATE_PREFIX, type LinkState, linkStateKey, linkStateSchema } from "./link-state.js";
export { linkCheckPlugin } from "./plugin.js";
export { type LinkProbe, probeLink } from "./probe.js";
