export {
  type AlertMatch,
  type CatalogIndex,
  catalogIndex,
  type MatchableAlert,
  type MatchableProfile,
  matchCatalog,
  type ProfileMatches,
} from "./match-catalog.js";
export {
  type AlertFactor,
  type AlertRelevanceWeights,
  type AlertScore,
  DEFAULT_ALERT_WEIGHTS,
  DEFAULT_PUSH_THRESHOLD,
  type ScoreAlertOptions,
  scoreAlert,
} from "./score-alert.js";
export { extractCves, matchTechnologies, type TechnologyMatch, textTokens } from "./text-match.js";
