import { SqlStorageError } from "./errors.js";

/**
 * Imports an optional driver on first use, so that importing the adapter never loads a database
 * library; a driver that is not installed gives an error that says how to install it.
 * @internal
 */
export async function loadDriver<TModule>(
  moduleName: string,
  factoryName: string,
): Promise<TModule> {
  let loaded: { default?: TModule } & TModule;
  try {
    loaded = await import(moduleName);
  } catch (error) {
    if (isMissing(error, moduleName)) {
      throw new SqlStorageError(
        "DRIVER_MISSING",
        `install ${moduleName} to use ${factoryName}: pnpm add ${moduleName}`,
      );
    }
    throw error;
  }
  // The drivers are CommonJS: their API is the default export under ESM, the module under CJS.
  return loaded.default ?? loaded;
}

function isMissing(error: unknown, moduleName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
    typeof message === "string" &&
    message.includes(`'${moduleName}'`)
  );
}
