// The rows that present a page of records, in one statement: the page's ids are bound once (a JSON
// array on SQLite, an array on PostgreSQL), and each part (a kind's own rows, its child rows, rows
// of a query over other readable records) comes back as JSON rows of one `union all`, with the
// titles of the records they refer to. Six `IN` lists of ~50 ids cost ~150 µs each even prepared
// (issue 16); this costs one statement, whatever the number of parts.
import { sql, type Expression, type RawBuilder } from "kysely";
import type { Conn, Dialect } from "./db.ts";
import { dialectOf } from "./dialect.ts";
import type { Reference, Refs } from "./refs.ts";

/** Columns of each table, read from the store once per store (its Kysely adapter) and table. */
const columnsByStore = new WeakMap<object, Map<string, Promise<string[]>>>();

export function columnsOf(conn: Conn, table: string): Promise<string[]> {
  const key = conn.getExecutor().adapter;
  let known = columnsByStore.get(key);
  if (!known) columnsByStore.set(key, (known = new Map()));
  let cols = known.get(table);
  if (!cols) {
    const query = dialectOf(conn) === "postgres"
      ? sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_schema = current_schema() and table_name = ${table} order by ordinal_position`
      : sql<{ name: string }>`select name from pragma_table_info(${table}) order by cid`;
    cols = query.execute(conn).then((r) => {
      if (!r.rows.length) throw new Error(`no columns for table ${table}`);
      return r.rows.map((c) => c.name);
    });
    cols.catch(() => known.delete(table));
    known.set(table, cols);
  }
  return cols;
}

/** `json_object('a', x.a, ...)` (SQLite) or `json_build_object(...)` (PostgreSQL) of columns of an alias. */
export function jsonRow(dialect: Dialect, alias: string, columns: readonly string[]): RawBuilder<unknown> {
  // Column names come from the schema, never from input: safe to write as literals (PostgreSQL
  // cannot type a bound key of json_build_object).
  const args = sql.join(columns.flatMap((c) => [sql.lit(c), sql.ref(`${alias}.${c}`)]));
  return dialect === "postgres" ? sql`json_build_object(${args})` : sql`json_object(${args})`;
}

/** The page's ids as a table `page(id)`, bound as one value. */
export function pageIds(dialect: Dialect, ids: readonly string[]): RawBuilder<unknown> {
  return dialect === "postgres"
    ? sql`select unnest(${[...ids]}::text[]) as id`
    : sql`select value as id from json_each(${JSON.stringify(ids)})`;
}

/**
 * One part of the statement: rows (`select <name> as part, <json> as row ...`), and their order by
 * fields of the row ("field" or "field desc"), applied here: a window function to number them in
 * SQL cost more than the rows themselves (130 µs for 50 on SQLite).
 */
export interface GatherPart { name: string; rows: Expression<unknown> | RawBuilder<unknown>; order: readonly string[] }

function comparator(order: readonly string[]): ((a: Record<string, unknown>, b: Record<string, unknown>) => number) | null {
  if (!order.length) return null;
  const keys = order.map((o) => {
    const [field, dir] = o.split(" ") as [string, string | undefined];
    return { field, sign: dir === "desc" ? -1 : 1 };
  });
  return (a, b) => {
    for (const { field, sign } of keys) {
      const x = a[field] as string | number | null, y = b[field] as string | number | null;
      if (x === y) continue;
      if (x === null) return -sign;
      if (y === null) return sign;
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  };
}

/**
 * Runs the parts as one statement and returns each part's rows in order, and the references: `refs`
 * selects the rows of readable records (as `r`) that any part refers to, and every other id those
 * parts name is withheld by `refOf` (src/resources/common.ts), exactly as `resolveRefs` does.
 */
export async function runGather(conn: Conn, ids: readonly string[], parts: readonly GatherPart[]): Promise<Map<string, Record<string, unknown>[]>> {
  const dialect = dialectOf(conn);
  const union = sql.join(parts.map((p) => sql`select * from (${p.rows}) ${sql.id(`p_${p.name}`)}`), sql` union all `);
  const result = await sql<{ part: string; row: unknown }>`with page(id) as (${pageIds(dialect, ids)}) ${union}`.execute(conn);
  const out = new Map<string, Record<string, unknown>[]>(parts.map((p) => [p.name, []]));
  for (const r of result.rows) out.get(r.part)!.push((typeof r.row === "string" ? JSON.parse(r.row) : r.row) as Record<string, unknown>);
  for (const p of parts) {
    const compare = comparator(p.order);
    if (compare) out.get(p.name)!.sort(compare);
  }
  return out;
}

/** References from the rows of the ref part (id, kind, title of readable records). */
export function refsFrom(rows: readonly Record<string, unknown>[]): Refs {
  const out: Refs = new Map();
  for (const r of rows) out.set(r.id as string, { id: r.id as string, kind: r.kind as string, title: r.title as string, withheld: false } satisfies Reference);
  return out;
}
