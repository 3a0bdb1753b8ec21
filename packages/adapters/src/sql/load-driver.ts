import { importOptionalPeer } from "../optional-peer.js";
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
  const loaded = await importOptionalPeer<TModule>(moduleName);
  if (loaded === undefined)
    throw new SqlStorageError(
      "DRIVER_MISSING",
      `install ${moduleName} to use ${factoryName}: pnpm add ${moduleName}`,
    );
  // The drivers are CommonJS: their API is the default export under ESM, the module under CJS.
  return loaded.default ?? loaded;
}
