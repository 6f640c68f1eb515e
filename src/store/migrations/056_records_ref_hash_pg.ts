// PostgreSQL: references are looked up in a hash index. An actions page presents each action with
// what it refers to (its meeting, forum, owner organisation and owner person: ~124 distinct records
// at a million), each looked up by id in `records_ref` (052: a B-tree of the id in the "C"
// collation, the kind, marking and title included). Those lookups were most of the page
// statement's backend time: 124 of them cost ~545 µs of its ~1,600 at a million records (each a
// descent of three levels, ~25 key comparisons and three buffers), more than the page's own rows.
// A hash index finds an id in its bucket's page by the 32-bit hash (one buffer; the metapage is
// cached) and then reads the row from the table (a second). The page statement's backend CPU per run,
// single runs alternated on one connection of a 1M copy (p5/p10/p25/p50): the B-tree 1.13-1.14x the
// hash index's (an A/A 0.96-1.00x), that is the hash 0.88x. It keeps the name and the lookup that
// uses it (`r.id collate "C"`, actionsJoinedTo), so nothing else changes plan; the pages' own
// records keep the primary key. At a million records 32 MB against 167 MB, built in about 6 s.
// SQLite has none (052).
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== "postgres") return;
  await sql`create index records_ref_hash on records using hash (id collate "C")`.execute(db);
  await sql`drop index records_ref`.execute(db);
  await sql`alter index records_ref_hash rename to records_ref`.execute(db);
}
