import { describe } from "vitest";
import { sqlConformance } from "./helpers/sql-conformance.js";
import { postgresTarget } from "./helpers/sql-targets.js";

// Needs SIGREG_PG_URL; CI sets it, so it never skips.
describe.skipIf(!postgresTarget.available)("postgres", () => sqlConformance(postgresTarget));
