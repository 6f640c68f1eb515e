// Does the "C" collation on PostgreSQL's key columns pay (issue 16)? This gives a copy of a store its
// key text columns in "C", timed, with the schema's index sizes before and after, for an A/B run
// against an untouched copy. Under a libc collation other than C/POSIX (C.UTF-8 here) PostgreSQL 15
// compares two texts in varstr_cmp by copying both and calling strcoll; under "C" by memcmp.
//
// Which columns: every text column of the schema's tables that a B-tree index is built on (a key, an
// expression, a predicate or an included column), that a key constraint (primary, unique, foreign)
// names, or whose name is `id` or ends in `_id` (199 columns at 052). All at once: an index is used
// only by a comparison in its own collation, and a comparison of a "C" column with one of the
// default collation takes "C", so converting one side of a join alone would turn the other side's
// index lookups into scans. Left: Kysely's tables, and `search_docs.marking_id`, which the generated
// `tsv` reads (PostgreSQL 15 cannot change its type short of dropping and computing `tsv` again)
// and which no B-tree index has. Triggers `update of` a converted column (040's) are dropped and
// created again around the change; the tables analysed before are analysed again (a type change
// forgets the columns' statistics; a never analysed table keeps the planner's defaults). Rows are
// not rewritten; the indexes on the columns are rebuilt. 052's `records_ref` then is a covering
// index on plain `id`, and the planner takes it for any lookup of a record by id that needs only
// its kind, marking or title (a document's attachment too: plans.test.ts asserts records_pkey there).
//
// Measured (README, issue 16's ninth round): at 1M, 20 s; the page statements' backend CPU perhaps
// 5-9% lower, the requests' within the A/A noise. Not kept: no migration.
// For the A/B, REINDEX every copy first (a conversion rebuilds B's indexes, and the seeded ones are
// ~25% larger, which would be measured instead):
//   createdb -h 127.0.0.1 -U postgres -T accord_bench_1000000 me_a; ... me_b
//   tsx bench/pg-collate-c.ts postgres://postgres@127.0.0.1:5432/me_b
//   psql ... -c "reindex database me_a" -c analyze   (and me_b)
//   tsx bench/list-loop.ts --app A=.@postgres://.../me_a --app B=.@postgres://.../me_b   (PG CPU columns)
import { sql, type Kysely } from "kysely";
import { openStore } from "../src/store/db.ts";

const LEFT = ["search_docs.marking_id"];

/** The key text columns (as above) of the current schema's tables, with their collation. */
async function keyTextColumns(db: Kysely<any>) {
  const { rows } = await sql<{ table: string; column: string; collation: string }>`
    select c.relname as "table", a.attname as "column", coalesce(co.collname, 'default') as "collation"
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid and c.relkind = 'r'
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
    left join pg_collation co on co.oid = a.attcollation and co.collname <> 'default'
    where a.attnum > 0 and not a.attisdropped and a.atttypid = 'text'::regtype
      and c.relname not like 'kysely\_migration%'
      and (a.attname = 'id' or a.attname like '%\_id'
        or exists (select 1 from pg_index i
          join pg_class ic on ic.oid = i.indexrelid
          join pg_am am on am.oid = ic.relam and am.amname = 'btree'
          join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = i.indexrelid
            and d.refclassid = 'pg_class'::regclass and d.refobjid = c.oid and d.refobjsubid = a.attnum
          where i.indrelid = c.oid)
        or exists (select 1 from pg_constraint k
          where k.conrelid = c.oid and k.contype in ('p', 'u', 'f') and a.attnum = any(k.conkey))
        or exists (select 1 from pg_constraint k
          where k.confrelid = c.oid and k.contype = 'f' and a.attnum = any(k.confkey)))
    order by 1, 2`.execute(db);
  return rows.filter((r) => !LEFT.includes(`${r.table}.${r.column}`));
}

/** Gives every key text column not yet in "C" the "C" collation, a table's columns in one ALTER TABLE; returns how many. */
async function collateKeyColumns(db: Kysely<any>): Promise<number> {
  const byTable = new Map<string, string[]>();
  for (const r of (await keyTextColumns(db)).filter((x) => x.collation !== "C")) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r.column]);
  // Only tables analysed before (reltuples -1: never): a fresh database's empty tables keep the
  // planner's defaults, as they had them.
  const { rows: analysed } = await sql<{ t: string }>`select c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r' and c.reltuples >= 0`.execute(db);
  const known = new Set(analysed.map((r) => r.t));
  for (const [table, columns] of byTable) {
    const { rows: triggers } = await sql<{ name: string; def: string }>`
      select distinct t.tgname as name, pg_get_triggerdef(t.oid) as def from pg_trigger t
      join pg_depend d on d.classid = 'pg_trigger'::regclass and d.objid = t.oid and d.refclassid = 'pg_class'::regclass
      join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
      where t.tgrelid = ${table}::regclass and not t.tgisinternal and a.attname = any(${columns})`.execute(db);
    for (const t of triggers) await sql`drop trigger ${sql.id(t.name)} on ${sql.table(table)}`.execute(db);
    const alters = columns.map((c) => sql`alter column ${sql.ref(c)} type text collate "C"`);
    await sql`alter table ${sql.table(table)} ${sql.join(alters)}`.execute(db);
    for (const t of triggers) await sql.raw(t.def).execute(db);
  }
  for (const table of byTable.keys()) if (known.has(table)) await sql`analyze ${sql.table(table)}`.execute(db);
  return [...byTable.values()].reduce((n, cs) => n + cs.length, 0);
}

const [url = "postgres://postgres@127.0.0.1:5432/test"] = process.argv.slice(2);
const store = openStore(url);
const indexes = async () => (await sql<{ name: string; bytes: string }>`
  select i.relname as name, pg_relation_size(i.oid)::text as bytes from pg_class i join pg_index x on x.indexrelid = i.oid
  join pg_namespace n on n.oid = i.relnamespace and n.nspname = current_schema() order by 1`.execute(store.db)).rows;
try {
  const before = await indexes();
  console.log(`${(await keyTextColumns(store.db)).filter((r) => r.collation !== "C").length} key text columns not in "C"`);
  const t0 = process.hrtime.bigint();
  const n = await store.db.transaction().execute((trx) => collateKeyColumns(trx));
  console.log(`${n} columns converted in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`);
  const after = new Map((await indexes()).map((r) => [r.name, Number(r.bytes)]));
  const mb = (b: number) => (b / 2 ** 20).toFixed(1);
  let sumBefore = 0;
  let sumAfter = 0;
  for (const r of before) {
    const a = after.get(r.name) ?? NaN;
    sumBefore += Number(r.bytes);
    sumAfter += a;
    if (Number(r.bytes) > 2 ** 20 || a > 2 ** 20) console.log(`${r.name.padEnd(40)} ${mb(Number(r.bytes)).padStart(8)} MB -> ${mb(a).padStart(8)} MB`);
  }
  console.log(`${"all indexes".padEnd(40)} ${mb(sumBefore).padStart(8)} MB -> ${mb(sumAfter).padStart(8)} MB`);
} finally {
  await store.close();
}
