// SQLite: `search_fts_marked` (049) is merged a little on each write (search-terms.ts:
// `mergeMarkedWords`), and FTS5's 'merge' command merges a level once it holds `usermerge`
// segments: 2 (the least it takes) so each write's segment is merged with the one before it,
// where the default, 4, left up to three on every level. The table's settings are kept in it, so
// this is set once. The small segments a store has already taken are merged now (a few pages).
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";
import { mergeMarkedWords } from "../search-terms.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== "sqlite") return;
  await sql`insert into search_fts_marked (search_fts_marked, rank) values ('usermerge', 2)`.execute(db);
  await mergeMarkedWords(db);
}
