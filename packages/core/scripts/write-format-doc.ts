// Writes docs/register-format.md from the zod schemas; a test fails when the committed file drifts.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { registerFormatReference } from "../src/format-reference.js";

const target = fileURLToPath(new URL("../../../docs/register-format.md", import.meta.url));
writeFileSync(target, registerFormatReference());
console.log(`wrote ${target}`);
