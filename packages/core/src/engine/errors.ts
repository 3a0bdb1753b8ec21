import { formatRegisterError } from "../errors.js";
import type { SigregError } from "./types.js";

/**
 * Formats any engine error as text for people: one line per problem.
 * @example
 * if (result.isErr()) console.error(formatSigregError(result.error));
 */
export function formatSigregError(error: SigregError): string {
  switch (error.code) {
    case "CONFLICT":
      return error.expectedVersion === 0
        ? `${error.collection}/${error.id} already exists [CONFLICT]`
        : `${error.collection}/${error.id} changed since version ${error.expectedVersion} was read${
            error.actualVersion === undefined
              ? ""
              : ` (now ${error.actualVersion === 0 ? "removed" : `version ${error.actualVersion}`})`
          }; read it again and retry [CONFLICT]`;
    case "NOT_FOUND":
      return `${error.collection}/${error.id} does not exist for tenant "${error.tenant}" [NOT_FOUND]`;
    case "REFERENCED":
      return `${error.collection}/${error.id} cannot be removed: ${error.referencedBy} refers to it [REFERENCED]`;
    default:
      return formatRegisterError(error);
  }
}
