// Writes register.schema.json from the zod schemas; a test fails when the committed file drifts.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { registerJsonSchema } from "../src/json-schema.js";

const target = fileURLToPath(new URL("../register.schema.json", import.meta.url));
writeFileSync(target, `${JSON.stringify(registerJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
