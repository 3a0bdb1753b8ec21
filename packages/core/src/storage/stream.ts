import type { Collection, StorageOperations, StoredRecord } from "./port.js";

/** Default page size of streaming reads. */
export const DEFAULT_PAGE_SIZE = 1000;

/**
 * Streams a tenant's collection page by page, so that a million records never sit in memory at once.
 * @example
 * for await (const record of streamRecords(storage, { tenant: "acme", collection: "activities" })) {}
 */
export async function* streamRecords(
  storage: Pick<StorageOperations, "list">,
  options: { tenant: string; collection: Collection; pageSize?: number },
): AsyncGenerator<StoredRecord> {
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  let after: string | undefined;
  for (;;) {
    const page = await storage.list({
      tenant: options.tenant,
      collection: options.collection,
      limit,
      ...(after === undefined ? {} : { after }),
    });
    yield* page;
    if (page.length < limit) return;
    after = page.at(-1)?.id;
  }
}

/** Streams every tenant that has a profile, in tenant order. */
export async function* streamTenants(
  storage: Pick<StorageOperations, "listTenants">,
  options: { pageSize?: number } = {},
): AsyncGenerator<string> {
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  let after: string | undefined;
  for (;;) {
    const page = await storage.listTenants({ limit, ...(after === undefined ? {} : { after }) });
    yield* page;
    if (page.length < limit) return;
    after = page.at(-1);
  }
}
