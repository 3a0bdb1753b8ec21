export {
  type GroupHistory,
  matchTopics,
  type RelevanceFactor,
  type RelevanceScore,
  type ScoreOptions,
  type SignalCounts,
  scoreGroup,
} from "./score-group.js";
export {
  DEFAULT_RELEVANCE_WEIGHTS,
  type RelevanceWeights,
  relevanceWeightsSchema,
} from "./weights.js";
