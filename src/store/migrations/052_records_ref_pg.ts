// PostgreSQL: references are read from an index of their own. A list page presents each record it
// shows with what it refers to (an actions page: each action's meeting, forum, owner organisation
// and owner person, ~124 distinct records at a million), each looked up by id, its kind, title and
// marking taken from the records' heap: a descent of `records_pkey` and a heap page per reference.
// `records_ref` holds those columns (id, then kind, marking and title as included columns), so a
// reference is one index-only descent. Its key is compared in the "C" collation (bytes, as ids
// are ASCII): a lookup written `r.id collate "C"` uses it (actionsJoinedTo), and nothing else
// does, so the pages' own records keep the primary key. At a million records: 128 MB, built in
// about 5 s. SQLite measured no difference with such an index (README), so it has none.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== "postgres") return;
  await sql`create index records_ref on records (id collate "C") include (kind, marking_id, title)`.execute(db);
}
