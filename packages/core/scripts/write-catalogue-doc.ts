// Writes docs/catalogue.md from the catalogue data; a test fails when the committed file drifts.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { catalogueReference } from "../src/catalogue/reference.js";

const target = fileURLToPath(new URL("../../../docs/catalogue.md", import.meta.url));
writeFileSync(target, catalogueReference());
console.log(`wrote ${target}`);
