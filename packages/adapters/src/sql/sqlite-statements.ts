import type { SqliteDatabase, SqliteStatement } from "kysely";

/** Prepared statements kept per connection; the adapter's own queries are far fewer. */
const CACHED_STATEMENTS = 100;

/**
 * The database with its prepared statements kept and reused, keyed by their SQL (least recently
 * used dropped first). Kysely prepares every query it runs; a bulk insert's statement with
 * thousands of placeholders costs milliseconds to prepare, which is a large part of the insert.
 * The adapter never streams, so a cached statement is never in use when it is handed out again.
 * @internal
 */
export function withStatementCache(database: SqliteDatabase): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement !== undefined) {
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (statements.size >= CACHED_STATEMENTS) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      }
      statements.set(sql, statement);
      return statement;
    },
    close() {
      statements.clear();
      database.close();
    },
  };
}
