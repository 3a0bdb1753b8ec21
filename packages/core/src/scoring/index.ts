export {
  type GroupHistory,
  matchTopics,
  type RelevanceFactor,
  type RelevanceScore,
  type ScoreOptions,
  scoreGroup,
} from "./score-group.js";
export {
  DEFAULT_RELEVANCE_WEIGHTS,
  type RelevanceWeights,
  relevanceWeightsSchema,
} from "./weights.js";
