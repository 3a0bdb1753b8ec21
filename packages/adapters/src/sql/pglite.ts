import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from "kysely";
import { createSqlStorage, type SqlFactoryOptions, type SqlStorage } from "./sql-storage.js";

/** The part of a PGlite instance the adapter uses. */
export interface PGliteClient {
  /** Runs one statement with `$1…` parameters. */
  query<TRow>(
    sql: string,
    params?: unknown[],
  ): Promise<{
    /** Rows returned. */
    rows: TRow[];
    /** The statement's command tag, such as `INSERT`. */
    command?: string;
    /** Rows returned or changed. */
    rowCount?: number;
    /** Rows changed. */
    affectedRows?: number;
  }>;
}

/** Options of {@link pgliteStorage}. */
export interface PgliteStorageOptions extends SqlFactoryOptions {
  /** A PGlite instance, opened and closed by the caller. */
  client: PGliteClient;
}

/**
 * A storage adapter on PGlite, Postgres compiled to WebAssembly and run in-process: the Postgres
 * adapter's SQL, without a server. PGlite is one connection, so operations run one at a time and a
 * transaction holds it until it ends: inside `transaction`, use only the `tx` it passes, and do not
 * query the instance directly while the adapter may be in a transaction.
 * @example
 * import { PGlite } from "@electric-sql/pglite";
 * const storage = pgliteStorage({ client: new PGlite("./sigreg-data") });
 * await storage.migrate();
 */
export function pgliteStorage(options: PgliteStorageOptions): SqlStorage {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: pglitePool(options.client) }),
  });
  return createSqlStorage({
    db,
    dialect: "postgres",
    tablePrefix: options.tablePrefix,
    name: "pglite",
    // The PGlite instance is the caller's; the pool around it holds nothing else.
    close: () => db.destroy(),
  });
}

/** One queue per PGlite instance, shared by every adapter on it: the instance is one session. */
const queues = new WeakMap<PGliteClient, { tail: Promise<void> }>();

/**
 * A `pg`-style pool over a PGlite instance, so that Kysely's Postgres driver (and every line of the
 * Postgres SQL) runs on it. PGlite is one session: a client is handed to one borrower at a time,
 * and the next waits until it is released, so one transaction's statements never interleave with
 * another's, even between two adapters on the same instance.
 * @internal
 */
export function pglitePool(client: PGliteClient): PostgresPool {
  let queue = queues.get(client);
  if (queue === undefined) {
    queue = { tail: Promise.resolve() };
    queues.set(client, queue);
  }
  const shared = queue;
  const query = async (sql: string, parameters: ReadonlyArray<unknown>) => {
    const result = await client.query<Record<string, unknown>>(sql, [...parameters]);
    return {
      command: result.command,
      rowCount: result.rowCount ?? result.affectedRows ?? 0,
      rows: result.rows,
    };
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      let release: () => void = () => {};
      const previous = shared.tail;
      shared.tail = new Promise<void>((resolve) => {
        release = resolve;
      });
      await previous;
      let released = false;
      return {
        query: query as PostgresPoolClient["query"],
        release: () => {
          if (released) return;
          released = true;
          release();
        },
      };
    },
    end: async () => {},
  };
}
