import { PostgresAdapter, sql, type RawBuilder } from "kysely";
import type { Conn, Dialect } from "./db.ts";
import { pgTextArray } from "./postgres-sets.ts";

export function dialectOf(conn: Conn): Dialect {
  return conn.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/**
 * `column` is one of `ids` (at least one). PostgreSQL: one text[] bound as a literal, so the
 * statement has one text whatever the number of ids from two on (prepared once per connection, see
 * db.ts, where `in ($1, ..., $n)` made a text per length) and one parameter to send instead of n.
 * One id alone is `column = $n`: a bound array's length is unknown to a generic plan, which
 * PostgreSQL costs as ten rows, so a statement of one id by an array (a get's presentation: a
 * document's row, versions and attachment, an action's own row) costed its generic plan at ~10× its
 * custom one and planned it afresh on every run (pg_prepared_statements: 0 generic plans, ~0.25 ms
 * of planning a get); by `=` both plans are the same one-row lookup, and it is planned once.
 *
 * SQLite: one JSON array, read by `json_each`. SQLite (built with STAT4, as better-sqlite3 is)
 * prepares a statement again before every run whose bound values its planner looked up in the
 * index samples, which an `in (?, ..., ?)` over an indexed column always is: each run of a page's
 * id lists re-parsed and re-planned its statement (about as much as running it). Values read by
 * `json_each` are not looked up, so its statement is prepared once, and has one text for any
 * number of ids (a statement cache entry, not one per length). The plan stays a search of
 * `column`'s index for each id (plans.test.ts). One id is compared by `keyEquals` (`= +?`, which
 * is not looked up either): cheaper than json_each's table for one value.
 */
export function oneOf(conn: Conn, column: string, ids: readonly string[]): RawBuilder<boolean> {
  return oneOfBound(conn, column, oneOfValue(conn, ids), ids.length);
}

/** The one value `oneOf` binds for `ids`: the one id, else a text[] literal or a JSON array. */
export function oneOfValue(conn: Conn, ids: readonly string[]): string {
  if (ids.length === 1) return ids[0]!;
  return dialectOf(conn) === "postgres" ? pgTextArray(ids) : JSON.stringify(ids);
}

/** `oneOf` for a value from `oneOfValue` (of `count` ids), or a kept statement's hole for one. */
export function oneOfBound(conn: Conn, column: string, value: string, count: number): RawBuilder<boolean> {
  if (count === 1) return keyEquals(conn, column, value);
  if (dialectOf(conn) === "postgres") return sql<boolean>`${sql.ref(column)} = any(${value}::text[])`;
  return sql<boolean>`${sql.ref(column)} in (select value from json_each(${value}))`;
}

/**
 * `column = value`, for a lookup by key whose best plan is the same whatever the value (a record
 * by its id, a page's rows by their record). SQLite: the value is bound as `+?`. A bare `?`
 * compared with an indexed column is looked up in the index samples (STAT4) whenever the planner
 * weighs more than one way in (a join, an `exists`, an index that is not unique), and the
 * statement is then prepared again before every run, since every run binds it anew: one record
 * by id, checked against the reader's set, cost 14 µs warm where it costs 4 µs with `+?`, and
 * ~50 µs within a request (measured at 1M, bench/stmt-timing.ts). The unary plus leaves the value
 * and its comparison as they were, and the column's index is still searched (plans.test.ts).
 * PostgreSQL: a plain parameter (its plans are kept by db.ts's named statements).
 */
export function keyEquals(conn: Conn, column: string, value: string): RawBuilder<boolean> {
  return dialectOf(conn) === "postgres" ? sql<boolean>`${sql.ref(column)} = ${value}` : sql<boolean>`${sql.ref(column)} = +${value}`;
}
