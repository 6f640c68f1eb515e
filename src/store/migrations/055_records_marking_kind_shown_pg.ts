// PostgreSQL: a reader of few markings walks each readable marking's records of a kind newest first
// in `records_marking_kind_created` (Reader.mergedWalks: up to a page of rows per marking, merged),
// and each entry walked was a row read from the records' heap. The page keeps a page of them: the
// narrow scale reader's documents at a million records walked 273 rows of 14 markings for 51, and
// read 343 blocks for them. The index now holds the rest of the record's columns too (included,
// not keyed: its order and every plan that uses it are as before), so a walk reads the index
// alone: 67 blocks, and the page statement's backend CPU 0.79-0.85x (alone, alternated with the
// old index on another copy of the store; an A/A 0.96x). Built in about 10 s at a million records
// (201 MB, the old one 147 MB), under the old name. SQLite's walks already read keys alone and then
// the page's rows (Reader.pageByKeys), so it keeps its index.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== "postgres") return;
  await sql`create index records_marking_kind_shown on records (marking_id, kind, created_at, id) include (title, created_by, updated_at, version)`.execute(db);
  await sql`drop index records_marking_kind_created`.execute(db);
  await sql`alter index records_marking_kind_shown rename to records_marking_kind_created`.execute(db);
}
