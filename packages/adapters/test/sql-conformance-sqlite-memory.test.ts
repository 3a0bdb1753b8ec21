import { sqlConformance } from "./helpers/sql-conformance.js";
import { sqliteMemoryTarget } from "./helpers/sql-targets.js";

sqlConformance(sqliteMemoryTarget);
