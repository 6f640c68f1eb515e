// References from one record to others, resolved for a caller: a readable one shows its kind and
// title, any other is withheld with neither title nor identifier (SPEC 3.2).
import { sql, type CompiledQuery } from "kysely";
import { readableBy, type Scope } from "./access.ts";
import type { Conn } from "./db.ts";
import { dialectOf, oneOfBound, oneOfValue } from "./dialect.ts";
import { keptFor, keptWith } from "./kept-statements.ts";

export type Reference = { id: string; kind: string; title: string; withheld: false } | { id: null; withheld: true };
export type Refs = Map<string, Reference>;

export async function resolveRefs(conn: Conn, scope: Scope, ids: readonly (string | null | undefined)[]): Promise<Refs> {
  const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
  const out: Refs = new Map();
  if (!wanted.length) return out;
  const rows = await readableOf(conn, scope, wanted);
  for (const id of wanted) out.set(id, { id: null, withheld: true });
  for (const r of rows) out.set(r.id, { id: r.id, kind: r.kind, title: r.title, withheld: false });
  return out;
}

/**
 * The readable ones of `wanted` (distinct ids), each sought by key. SQLite, two ids or more: the ids
 * walked from their JSON list, each looked up in turn (`cross join` keeps the list outside), where
 * `in (select value from json_each(?))` first gathered them into a temporary index: an actions
 * page's ~124 references at 1M, 140 µs against 120 µs measured alone. The ids are distinct, so
 * the join finds each record once, as `in` did.
 *
 * SQLite answers them as one row: a JSON array of `[place in wanted, kind, title]`, parsed here.
 * Handing rows to JavaScript cost better-sqlite3 more than finding them (a step, an array and a
 * string made from UTF-8 for every value): an actions page's ~120 references at 1M, the statement
 * alone (bench/explain-sqlite.ts), 171-194 µs as rows against 34 µs counting them and 89-93 µs as
 * one JSON row; with its parsing here, 0.77-0.83x the CPU of the rows. The place stands for the id,
 * which the caller already has. Kind and title are text (not null), which JSON gives back exactly.
 */
function readableOf(conn: Conn, scope: Scope, wanted: readonly string[]): Promise<{ id: string; kind: string; title: string }[]> {
  const many = dialectOf(conn) === "sqlite" && wanted.length > 1;
  const q = keptWith(keptFor(scope), many ? "refs many, as json" : wanted.length > 1 ? "refs many" : "refs one", [oneOfValue(conn, wanted)], (value: string) => {
    if (many) {
      return sql<{ refs: string }>`select json_group_array(json_array(j.key, r.kind, r.title)) as refs from json_each(${value}) j cross join records r on r.id = j.value
        where ${readableBy(scope, "r.marking_id", "each")}`.compile(conn);
    }
    return conn.selectFrom("records as r").select(["r.id", "r.kind", "r.title"]).where(readableBy(scope, "r.marking_id", "each")).where(oneOfBound(conn, "r.id", value, wanted.length)).compile();
  });
  if (!many) return conn.executeQuery(q as CompiledQuery<{ id: string; kind: string; title: string }>).then((r) => r.rows);
  return conn.executeQuery(q as CompiledQuery<{ refs: string }>).then((r) => (JSON.parse(r.rows[0]!.refs) as [number, string, string][]).map(([at, kind, title]) => ({ id: wanted[at]!, kind, title })));
}

/**
 * References from pairs of an id and what a statement read of it for the caller (through
 * `records()`, so under the read rule): the same map `resolveRefs` gives for those ids, the ones
 * not read withheld.
 */
export function refsOf(pairs: Iterable<readonly [string | null | undefined, { id: string; kind: string; title: string } | null | undefined]>): Refs {
  const out: Refs = new Map();
  for (const [id, read] of pairs) {
    if (!id) continue;
    if (read) out.set(id, { id: read.id, kind: read.kind, title: read.title, withheld: false });
    else if (!out.has(id)) out.set(id, { id: null, withheld: true });
  }
  return out;
}
