/**
 * The files written into the scratch projects of `scripts/check-install.ts`: runtime probes (ESM
 * import, CJS require, the module-load recorder) and TypeScript consumers. Each probe prints one
 * line per entry and exits non-zero when any entry fails, saying which and why.
 */
import { isBuiltin } from "node:module";

/** One entry point of a packed package, as a consumer names it. */
export interface Entry {
  /** The specifier a consumer writes: `@sigreg/adapters/sql`. */
  specifier: string;
  /** Whether the entry is a JSON file (`./register.schema.json`) rather than a module. */
  json: boolean;
}

/** Packages that importing `@sigreg/core` must never load: drivers, mailers, HTTP clients, spreadsheets. */
export const HEAVY_PACKAGES = [
  "pg",
  "mysql2",
  "better-sqlite3",
  "@electric-sql/pglite",
  "nodemailer",
  "undici",
  "exceljs",
  "kysely",
] as const;

const IGNORED_KEYS = new Set(["default", "__esModule", "module.exports"]);

/** `probe-esm.mjs`: imports every entry with `import()` and prints its export names. */
export function esmProbe(entries: readonly Entry[]): string {
  return `const entries = ${JSON.stringify(entries)};
const ignored = new Set(${JSON.stringify([...IGNORED_KEYS])});
let failed = 0;
const names = {};
for (const { specifier, json } of entries) {
  try {
    const ns = json ? await import(specifier, { with: { type: "json" } }) : await import(specifier);
    const keys = Object.keys(ns).filter((key) => !ignored.has(key)).sort();
    if (!json && keys.length === 0) throw new Error("the module has no named exports");
    names[specifier] = keys;
    console.log(\`ok    esm  \${specifier} (\${json ? "json" : keys.length + " exports"})\`);
  } catch (error) {
    failed++;
    console.log(\`FAIL  esm  \${specifier}: \${error?.code ?? ""} \${error?.message ?? error}\`);
  }
}
(await import("node:fs")).writeFileSync("esm-names.json", JSON.stringify(names));
process.exitCode = failed > 0 ? 1 : 0;
`;
}

/** `probe-cjs.cjs`: `require`s every entry and checks it exports the same names as under ESM. */
export function cjsProbe(entries: readonly Entry[]): string {
  return `const entries = ${JSON.stringify(entries)};
const ignored = new Set(${JSON.stringify([...IGNORED_KEYS])});
const esm = JSON.parse(require("node:fs").readFileSync("esm-names.json", "utf8"));
let failed = 0;
for (const { specifier, json } of entries) {
  try {
    const mod = require(specifier);
    if (json) {
      if (typeof mod !== "object" || mod === null) throw new Error("the JSON file did not parse to an object");
      console.log(\`ok    cjs  \${specifier} (json)\`);
      continue;
    }
    const keys = Object.keys(mod).filter((key) => !ignored.has(key)).sort();
    if (keys.length === 0) throw new Error("the module has no named exports");
    const esmKeys = esm[specifier];
    if (esmKeys !== undefined) {
      const onlyCjs = keys.filter((key) => !esmKeys.includes(key));
      const onlyEsm = esmKeys.filter((key) => !keys.includes(key));
      if (onlyCjs.length + onlyEsm.length > 0)
        throw new Error(\`exports differ from the ESM build: only in CJS [\${onlyCjs}], only in ESM [\${onlyEsm}]\`);
    }
    console.log(\`ok    cjs  \${specifier} (\${keys.length} exports, same as ESM)\`);
  } catch (error) {
    failed++;
    console.log(\`FAIL  cjs  \${specifier}: \${error?.code ?? ""} \${error?.message ?? error}\`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
`;
}

/**
 * `record-hook.mjs`: an ESM resolve hook (registered with `node --import`) that appends every
 * specifier node resolves, and what it resolved to, to the file named by `SIGREG_PROBE_LOG`; it
 * records attempts too, so a package that is not installed is still caught being asked for.
 */
export const RECORD_HOOK = `import { register } from "node:module";
import { appendFileSync } from "node:fs";
import Module from "node:module";
const log = process.env.SIGREG_PROBE_LOG;
// ESM: the hooks run on their own thread and write to the same log.
register("./record-hooks.mjs", import.meta.url, { data: { log } });
// CJS: require() goes through Module._resolveFilename, which the ESM hooks do not see on Node 20.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  appendFileSync(log, \`require \${request}\\n\`);
  const resolved = resolveFilename.call(this, request, ...rest);
  appendFileSync(log, \`resolved \${resolved}\\n\`);
  return resolved;
};
`;

/** `record-hooks.mjs`: the hooks module that {@link RECORD_HOOK} registers. */
export const RECORD_HOOKS = `import { appendFileSync } from "node:fs";
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  appendFileSync(log, \`import \${specifier}\\n\`);
  const result = await next(specifier, context);
  appendFileSync(log, \`resolved \${result.url}\\n\`);
  return result;
}
`;

/** The package a specifier or a resolved path belongs to, or `undefined` for node built-ins and relative paths. */
export function packageOf(line: string): string | undefined {
  const target = line.slice(line.indexOf(" ") + 1);
  if (isBuiltin(target)) return undefined;
  return packageIn(line);
}

function packageIn(line: string): string | undefined {
  const [kind, target = ""] = line.split(/ (.*)/s);
  if (kind === "resolved") {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(target);
    return match?.[1];
  }
  if (target.startsWith(".") || target.startsWith("/") || target.includes(":")) return undefined;
  const parts = target.split("/");
  return target.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** A node16 ESM consumer (`.mts`) or CJS consumer (`.cts`), or a bundler consumer (`.ts`). */
export function typeConsumer(entries: readonly Entry[]): string {
  const modules = entries.filter((entry) => !entry.json);
  const imports = modules.map((entry, i) => `import * as m${i} from "${entry.specifier}";`);
  const uses = modules.map((_, i) => `m${i}`).join(", ");
  return `${imports.join("\n")}
import { registerSchema, type Register } from "@sigreg/core";

// One typed use of the core API, so that a wrong declaration shows as an error here.
const register: Register = registerSchema.parse({ organisation: { name: "Scratch Ltd" } });
export const organisation: string = register.organisation.name;
export const modules: readonly object[] = [${uses}];
`;
}

/** A strict tsconfig for one consumer file, with the given module settings. */
export function tsconfig(
  module: string,
  moduleResolution: string,
  files: readonly string[],
): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        module,
        moduleResolution,
        target: "es2022",
        lib: ["es2022"],
        types: ["node"],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
      },
      files,
    },
    null,
    2,
  )}\n`;
}
