import { sqlConformance } from "./helpers/sql-conformance.js";
import { pgliteTarget } from "./helpers/sql-targets.js";

sqlConformance(pgliteTarget);
