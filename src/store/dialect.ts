import { PostgresAdapter, sql, type RawBuilder } from "kysely";
import type { Conn, Dialect } from "./db.ts";

export function dialectOf(conn: Conn): Dialect {
  return conn.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/**
 * `column` is one of `ids`, given as one parameter (a JSON array on SQLite, an array on PostgreSQL)
 * rather than one parameter each: the statement's text is the same whatever the number of ids, so
 * SQLite prepares it once (see the statement cache in db.ts) where a list of parameters made a new
 * statement for each length, and Kysely compiles one value instead of a node per id. A single id
 * on SQLite is compared as itself.
 */
export function oneOf(dialect: Dialect, column: string, ids: readonly string[]): RawBuilder<boolean> {
  if (dialect === "postgres") return sql<boolean>`${sql.ref(column)} = any(${[...ids]}::text[])`;
  // One id (a record read alone) is a plain key lookup: json_each costs more than it saves there.
  if (ids.length === 1) return sql<boolean>`${sql.ref(column)} = ${ids[0]}`;
  return sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}
