// Module resolution hooks (see hide-drivers.mjs): the drivers resolve as "not installed".
const HIDDEN = ["better-sqlite3", "pg", "mysql2"];

export async function resolve(specifier, context, nextResolve) {
  if (HIDDEN.some((name) => specifier === name || specifier.startsWith(`${name}/`))) {
    const error = new Error(
      `Cannot find package '${specifier}' imported from ${context.parentURL ?? "the command line"}`,
    );
    error.code = "ERR_MODULE_NOT_FOUND";
    throw error;
  }
  return nextResolve(specifier, context);
}
