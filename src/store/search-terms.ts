// The search index's words, on SQLite, so that a prefix is searched as the words it stands for.
//
// FTS5 answers a prefix query (`"radar"*`) by reading the whole index entry of every word with that
// prefix and merging them into one list before it returns the first match: at a million records,
// 70,000 matches of "radar"* took 4.6 ms to give the newest 20 and 2.9 ms to count 5,001, where the
// same words named (`"radar" OR "radars"`) are walked lazily and took 0.09 and 0.47 ms. So the
// distinct words of the search index are kept in `search_terms` (migration 046), and the last word
// of a search, a prefix, is asked for as the words of the table that start with it.
//
// The table must hold every word the index holds, or a prefix search would miss records: a word
// too many costs nothing (it matches nothing). So each text is split by the index's own tokenizer
// (a contentless FTS5 table of the connection with the same settings, read through fts5vocab), not
// by a copy of its rules, and its words are added in the transaction that writes the text.
// PostgreSQL needs none of this: its GIN index finds a prefix's words in its own entry tree.
import { sql } from "kysely";
import type { Conn } from "./db.ts";
import { dialectOf } from "./dialect.ts";

/** The tokenizer of `search_fts` (migration 006); the words must come out exactly as the index's. */
const TOKENIZE = "unicode61 remove_diacritics 2";

/** Adds the words of a text written to `search_docs` to `search_terms` (SQLite; nothing on PostgreSQL). */
export async function addSearchTerms(conn: Conn, text: string): Promise<void> {
  if (dialectOf(conn) !== "sqlite") return;
  // A temporary table lives with its connection; `if not exists` makes it once per connection.
  await sql`create virtual table if not exists temp.search_tokenizer using fts5(body, content='', tokenize=${sql.lit(TOKENIZE)})`.execute(conn);
  await sql`create virtual table if not exists temp.search_tokenizer_words using fts5vocab(temp, search_tokenizer, 'row')`.execute(conn);
  await sql`insert into temp.search_tokenizer (rowid, body) values (1, ${text})`.execute(conn);
  await sql`insert or ignore into search_terms (term) select term from temp.search_tokenizer_words`.execute(conn);
  await sql`insert into temp.search_tokenizer (search_tokenizer) values ('delete-all')`.execute(conn);
}

/** Fills `search_terms` with every word of the search index's text column (after a bulk load, and by migration 046). */
export async function refreshSearchTerms(conn: Conn): Promise<void> {
  if (dialectOf(conn) !== "sqlite") return;
  await sql`create virtual table if not exists temp.search_index_words using fts5vocab(main, search_fts, 'col')`.execute(conn);
  await sql`insert or ignore into search_terms (term) select distinct term from temp.search_index_words where col = 'body'`.execute(conn);
}

/** A word as the index's tokenizer keeps it, when that is certain without asking it: ASCII letters and digits, lower-cased. */
function plainToken(word: string): string | null {
  const w = word.toLowerCase();
  return /^[a-z0-9]+$/.test(w) ? w : null;
}

/**
 * The words of the index that start with `word`, or null when the prefix is to be searched as a
 * prefix: a word the tokenizer might split or fold otherwise than lower-casing (anything but ASCII
 * letters and digits), or one that starts more than `max` words (a short prefix: the index's own
 * merge is then no worse than a long list of alternatives). An empty list means nothing matches.
 */
export async function wordsStartingWith(conn: Conn, word: string, max: number): Promise<string[] | null> {
  const prefix = plainToken(word);
  if (prefix === null || max <= 0) return null;
  // Every word starting with the prefix sorts from it to the prefix followed by U+10FFFF (the last
  // code point, whose UTF-8 bytes sort after any other's): a noncharacter, never part of a word.
  const rows = (await sql<{ term: string }>`select term from search_terms where term >= ${prefix} and term < ${`${prefix}\u{10FFFF}`}
    order by term limit ${max + 1}`.execute(conn)).rows;
  return rows.length > max ? null : rows.map((r) => r.term);
}
