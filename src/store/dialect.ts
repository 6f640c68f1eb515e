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
 */
export function oneOf(conn: Conn, column: string, ids: readonly string[]): RawBuilder<boolean> {
  if (dialectOf(conn) === "postgres") return sql<boolean>`${sql.ref(column)} = any(${pgTextArray(ids)}::text[])`;
  return sql<boolean>`${sql.ref(column)} in (${sql.join([...ids])})`;
}
