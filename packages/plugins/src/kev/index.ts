export {
  type KevCatalog,
  type KevEntry,
  kevEntrySchema,
  kevItem,
  parseKevCatalog,
} from "./kev-catalog.js";
export { type KevState, kevSource } from "./kev-source.js";
