// Preloaded with `node --import` by the e2e tests: makes the database drivers unresolvable, as on a
// machine where sigreg is installed without them.
import { register } from "node:module";

register("./hide-drivers-hooks.mjs", import.meta.url);
