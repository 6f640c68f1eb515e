// SQLite: each record's words are also indexed together with its marking ('mk', the id, '_', the
// word), in an FTS5 table of their own, so a reader of few markings asks for exactly their words in
// their markings (PostgreSQL's 048). With the marking as a term of `search_fts` (006), the index
// intersected two long lists to find a few matches: "radar"'s completions (69,639 records) with the
// narrow reader's markings (108,129) to find 62 at a million records, 3.1 ms of CPU per search.
//
// The table holds no text (contentless) and no positions or counts (detail=none): a word with a
// marking is one term, asked for alone or as a prefix, and hits are ranked from their text
// (search.ts). The writer fills it with the text (search-terms.ts: `indexSearchEntry`); deleting or
// changing a search entry removes its row here, so nothing stale is left for a candidate.
// At a million records: filled in about 18 s, 34 MB beside search_fts's 41 MB; narrow search 0.43x
// the CPU (1.38 ms per request), a created action about 0.06 ms more for the index's insert.
// (contentless_delete needs SQLite 3.43: better-sqlite3 bundles a newer one; an older sqlite3 shell
// cannot read this table.)
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";
import { refreshMarkedWords } from "../search-terms.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== "sqlite") return;
  // The words come in as the main index tokenised them; '_' joins the marking to the word, and the
  // ascii tokenizer keeps every other byte of a word as it is (non-ASCII bytes are token bytes).
  await sql`create virtual table search_fts_marked using fts5(words, content='', contentless_delete=1, detail=none, tokenize="ascii tokenchars '_'")`.execute(db);
  await sql`create trigger search_docs_marked_ad after delete on search_docs begin delete from search_fts_marked where rowid = old.rowid; end`.execute(db);
  await sql`create trigger search_docs_marked_au after update of body, marking_id on search_docs begin delete from search_fts_marked where rowid = old.rowid; end`.execute(db);
  await refreshMarkedWords(db);
}
