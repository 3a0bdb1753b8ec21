export { CATALOGUE_VERSION, catalogue } from "./catalogue.js";
export {
  type GroupSuggestion,
  type SuggestionMatches,
  type SuggestOptions,
  suggestGroups,
} from "./suggest.js";
export type { CatalogueEntry, CatalogueEvidence } from "./types.js";
