import { describe } from "vitest";
import { sqlConformance } from "./helpers/sql-conformance.js";
import { mariadbTarget } from "./helpers/sql-targets.js";

// Needs SIGREG_MYSQL_URL; CI sets it, so it never skips.
describe.skipIf(!mariadbTarget.available)("mariadb", () => sqlConformance(mariadbTarget));
