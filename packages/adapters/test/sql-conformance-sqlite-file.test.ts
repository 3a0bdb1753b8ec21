import { sqlConformance } from "./helpers/sql-conformance.js";
import { sqliteFileTarget } from "./helpers/sql-targets.js";

sqlConformance(sqliteFileTarget);
