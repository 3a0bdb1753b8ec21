// Writes docs/rules.md from the rules' own metadata; a test fails when the committed file drifts.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { rulesReference } from "../src/rules/reference.js";

const target = fileURLToPath(new URL("../../../docs/rules.md", import.meta.url));
writeFileSync(target, rulesReference());
console.log(`wrote ${target}`);
