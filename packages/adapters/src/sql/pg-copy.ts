import type { Writable } from "node:stream";
import { CompiledQuery, type Kysely, type PostgresCursorConstructor } from "kysely";
import { importOptionalPeer } from "../optional-peer.js";

/**
 * `COPY … FROM STDIN` on the connections of a `postgresStorage`, when the optional peer
 * `pg-copy-streams` is installed. Filled in when the adapter's pool is first used.
 * @internal
 */
export interface PgCopy {
  /** pg-copy-streams' `from`; `undefined` until loaded, or when the package is not installed. */
  from: ((sql: string) => Writable) | undefined;
}

/** Loads pg-copy-streams into `copy`, if it is installed. @internal */
export async function loadPgCopy(copy: PgCopy): Promise<void> {
  if (copy.from !== undefined) return;
  type CopyStreams = { from(sql: string): Writable };
  const loaded = await importOptionalPeer<CopyStreams>("pg-copy-streams");
  // CommonJS: its API is the default export under ESM, the module itself under CJS.
  copy.from = (loaded?.default ?? loaded)?.from;
}

/**
 * The `cursor` class handed to Kysely's PostgresDialect. Kysely streams a query by submitting
 * `new cursor(sql, parameters)` to the connection's `pg` client, then calling `read()` until it
 * returns no rows, and `close()`. The adapter never streams a SELECT: its only streamed statements
 * are `COPY … FROM STDIN`, whose one parameter is the data, so the "cursor" is pg-copy-streams'
 * submittable COPY, which sends the data and whose `read()` resolves (with no rows) when the
 * server has taken all of it, or rejects with the server's error.
 * @internal
 */
export function copyCursor(copy: PgCopy): PostgresCursorConstructor {
  return function CopyCursor(sql: string, parameters: unknown[]) {
    const from = copy.from;
    if (from === undefined) throw new Error("pg-copy-streams is not loaded");
    const stream = from(sql);
    const done = new Promise<void>((resolve, reject) => {
      stream.once("finish", () => resolve());
      // `on`, not `once`: a second error event must not go unheard and crash the process.
      stream.on("error", reject);
    });
    // The stream holds the data until the server is ready for it.
    stream.end(String(parameters[0] ?? ""));
    let read = false;
    return Object.assign(stream, {
      async read() {
        if (!read) {
          read = true;
          await done;
        }
        return [];
      },
      async close() {},
    });
  } as unknown as PostgresCursorConstructor;
}

/** Runs `COPY <target> FROM STDIN` (text format) with `data` on `db`'s connection. @internal */
export async function copyIn<TDatabase>(
  db: Kysely<TDatabase>,
  target: string,
  data: string,
): Promise<void> {
  const query = CompiledQuery.raw(`COPY ${target} FROM STDIN`, [data]);
  for await (const _ of db.getExecutor().stream(query, 1)) {
    // A COPY returns no rows: the loop ends when the server has taken the data.
  }
}

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped. @internal */
export function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) =>
        c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
      )
    : value;
}
