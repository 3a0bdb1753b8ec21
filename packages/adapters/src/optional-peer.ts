/**
 * Imports an optional peer dependency on first use, so that importing an adapter's entry point
 * loads no database, mail, ZIP or spreadsheet library. Resolves with the module namespace, or
 * `undefined` when the package is not installed; any other failure (a broken install) is rethrown.
 * Each caller turns `undefined` into its own "install X" error.
 * @internal
 */
export async function importOptionalPeer<TModule>(
  moduleName: string,
): Promise<({ default?: TModule } & TModule) | undefined> {
  try {
    return (await import(moduleName)) as { default?: TModule } & TModule;
  } catch (error) {
    if (isModuleMissing(error, moduleName)) return undefined;
    throw error;
  }
}

function isModuleMissing(error: unknown, moduleName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
    typeof message === "string" &&
    message.includes(`'${moduleName}'`)
  );
}
