import { PostgresAdapter, sql, type RawBuilder } from "kysely";
import type { Conn, Dialect } from "./db.ts";

export function dialectOf(conn: Conn): Dialect {
  return conn.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/**
 * `column` is one of `ids`, given as one parameter (a JSON array on SQLite, an array on PostgreSQL)
 * rather than one parameter each: the statement's text is the same whatever the number of ids, so
 * SQLite prepares it once (see the statement cache in db.ts) where a list of parameters made a new
 * statement for each length, and Kysely compiles one value instead of a node per id.
 */
export function oneOf(dialect: Dialect, column: string, ids: readonly string[]): RawBuilder<boolean> {
  return dialect === "postgres"
    ? sql<boolean>`${sql.ref(column)} = any(${[...ids]}::text[])`
    : sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}
