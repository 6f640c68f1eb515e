import { PostgresAdapter, sql, type RawBuilder } from "kysely";
import type { Conn, Dialect } from "./db.ts";
import { pgTextArray } from "./postgres-sets.ts";

export function dialectOf(conn: Conn): Dialect {
  return conn.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/**
 * `column` is one of `ids` (at least one). PostgreSQL: one text[] bound as a literal, so the
 * statement has one text whatever the number of ids (prepared once per connection, see db.ts,
 * where `in ($1, ..., $n)` made a text per length) and one parameter to send instead of n.
 *
 * SQLite: one JSON array, read by `json_each`. SQLite (built with STAT4, as better-sqlite3 is)
 * prepares a statement again before every run whose bound values its planner looked up in the
 * index samples, which an `in (?, ..., ?)` over an indexed column always is: each run of a page's
 * id lists re-parsed and re-planned its statement (about as much as running it). Values read by
 * `json_each` are not looked up, so its statement is prepared once, and has one text for any
 * number of ids (a statement cache entry, not one per length). The plan stays a search of
 * `column`'s index for each id (plans.test.ts). One id is compared as `= ?`: prepared again for
 * one value it costs less than json_each's table (a document's versions at 1M: 6.0 µs against 7.9;
 * from two ids on json_each costs less: 10 against 16 µs, 34.5 against 44.6 for sixteen).
 */
export function oneOf(conn: Conn, column: string, ids: readonly string[]): RawBuilder<boolean> {
  if (dialectOf(conn) === "postgres") return sql<boolean>`${sql.ref(column)} = any(${pgTextArray(ids)}::text[])`;
  if (ids.length === 1) return sql<boolean>`${sql.ref(column)} = ${ids[0]}`;
  return sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}
