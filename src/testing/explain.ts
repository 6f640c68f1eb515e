import { CompiledQuery } from "kysely";
import type { Conn } from "../store/db.ts";
import { dialectOf } from "../store/dialect.ts";

/** Node's reporter does not print an error's cause: put fast-check's inner failure in the message. */
export async function explain(p: Promise<void>): Promise<void> {
  try {
    await p;
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause;
    throw new Error(`${cause?.message ?? ""}\n${(err as Error).message}`);
  }
}

/**
 * The plan a store chooses for a query, one line per node: SQLite's `explain query plan` details,
 * PostgreSQL's `explain (costs off)` lines. Plan tests assert its shape (an index used, no sort).
 */
export async function queryPlan(conn: Conn, query: CompiledQuery | { compile(): CompiledQuery }): Promise<string[]> {
  const c = "compile" in query ? query.compile() : query;
  if (dialectOf(conn) === "sqlite") {
    const res = await conn.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]));
    return res.rows.map((r) => r.detail);
  }
  const res = await conn.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain (costs off) ${c.sql}`, [...c.parameters]));
  return res.rows.map((r) => r["QUERY PLAN"]);
}
