// The search index's words, so that a prefix is searched as the words it stands for.
//
// Both stores answer a prefix query by reading the whole index entry of every word with that
// prefix before they can skip or stop: at a million records, 70,000 matches of "radar"*. FTS5
// merged them into one list (4.6 ms for the newest 20, 2.9 ms to count 5,001) where the words
// named (`"radar" OR "radars"`) are walked lazily (0.09 and 0.47 ms); PostgreSQL's GIN index built
// a bitmap of them (23-30 ms for a narrow reader's search, against 10-15 ms for `radar | radars`).
// So the distinct words of the searched text are kept in `search_terms` (migration 046), and the
// last word of a search, a prefix, is asked for as the words of the table that start with it.
//
// The table must hold every word the index holds, or a prefix search would miss records: a word
// too many costs nothing (it matches nothing). So each text is split by the index's own tokenizer,
// not by a copy of its rules, and its words are added in the transaction that writes the text:
// on SQLite a contentless FTS5 table of the connection with the index's settings, read through
// fts5vocab; on PostgreSQL `to_tsvector('simple', …)`, the expression the index is built from.
import { sql, type RawBuilder } from "kysely";
import type { Conn } from "./db.ts";
import { dialectOf } from "./dialect.ts";
import { pgTextArray } from "./postgres-sets.ts";

/** The tokenizer of `search_fts` (migration 006); the words must come out exactly as the index's. */
const TOKENIZE = "unicode61 remove_diacritics 2";

/** Adds the words of a text written to `search_docs` to `search_terms`. */
export async function addSearchTerms(conn: Conn, text: string): Promise<void> {
  if (dialectOf(conn) === "postgres") {
    await sql`insert into search_terms (term) select unnest(tsvector_to_array(to_tsvector('simple', ${text}))) on conflict do nothing`.execute(conn);
    return;
  }
  // A temporary table lives with its connection; `if not exists` makes it once per connection.
  await sql`create virtual table if not exists temp.search_tokenizer using fts5(body, content='', tokenize=${sql.lit(TOKENIZE)})`.execute(conn);
  await sql`create virtual table if not exists temp.search_tokenizer_words using fts5vocab(temp, search_tokenizer, 'row')`.execute(conn);
  await sql`insert into temp.search_tokenizer (rowid, body) values (1, ${text})`.execute(conn);
  await sql`insert or ignore into search_terms (term) select term from temp.search_tokenizer_words`.execute(conn);
  await sql`insert into temp.search_tokenizer (search_tokenizer) values ('delete-all')`.execute(conn);
}

/**
 * Indexes a record's search entry, once written or changed: the words of `text` (its new text, if
 * it changed) in `search_terms`, and on SQLite the entry's words with its marking in
 * `search_fts_marked` (migration 049), from the same split; a changed marking alone changes only those.
 */
export async function indexSearchEntry(conn: Conn, recordId: string, text: string | undefined): Promise<void> {
  if (dialectOf(conn) === "postgres") {
    if (text !== undefined) await addSearchTerms(conn, text);
    return;
  }
  const entry = (await sql<{ rid: number; body: string; marking_id: string }>`select rowid as rid, body, marking_id from search_docs where record_id = ${recordId}`.execute(conn)).rows[0];
  if (!entry) return;
  await sql`create virtual table if not exists temp.search_tokenizer using fts5(body, content='', tokenize=${sql.lit(TOKENIZE)})`.execute(conn);
  await sql`create virtual table if not exists temp.search_tokenizer_words using fts5vocab(temp, search_tokenizer, 'row')`.execute(conn);
  await sql`insert into temp.search_tokenizer (rowid, body) values (1, ${entry.body})`.execute(conn);
  if (text !== undefined) await sql`insert or ignore into search_terms (term) select term from temp.search_tokenizer_words`.execute(conn);
  // A changed entry's old row is gone already (049's trigger on the update), and a new one has none:
  // deleting here would write a tombstone for nothing.
  await sql`insert into search_fts_marked (rowid, words) select ${entry.rid}, group_concat(${markedPrefix(entry.marking_id)} || term, ' ')
    from temp.search_tokenizer_words having count(*) > 0`.execute(conn);
  await sql`insert into temp.search_tokenizer (search_tokenizer) values ('delete-all')`.execute(conn);
  await mergeMarkedWords(conn);
}

/**
 * Pages of `search_fts_marked` an entry's write may merge (FTS5's 'merge' command, with the table's
 * `usermerge` of 2 set by migration 054): the level-0 segment each write leaves is merged with
 * the small ones before it, in the writer's own transaction, where FTS5's own automerge waits for
 * four segments on a level and 64 pages written. A narrow reader asks for its word in each of its
 * markings (14 terms for "radar" at a million records), and FTS5 seeks every term in every
 * segment: after the bench's 1,500 created actions the table had 15 segments (one from the seed)
 * and the search's statement took 1.01 ms instead of 0.16 (alone, quiet). Merged so, it took
 * 0.29 ms (3 segments); 1,000 to 20,000 writes left 3 to 5, each write's merge 0.1 ms on average
 * (p99.9 8 ms on a loaded host; 16 pages at most). Side by side (bench/p99-probe.ts, the narrow
 * reader's "radar" at a million records, after 6 s of the broad reader's creates through each
 * server's own code, as the bench runs them): CPU per search 0.94 against 1.55 ms (A/A 1.08x),
 * 1.69x the requests a second (A/A 0.89x). A bulk write of many entries in one transaction merges
 * after each (the command flushes FTS5's pending entries first), ~0.1 ms an entry.
 */
const MARKED_MERGE_PAGES = 16;

/** Merges the small segments of `search_fts_marked` (SQLite), up to `MARKED_MERGE_PAGES` pages. */
export async function mergeMarkedWords(conn: Conn): Promise<void> {
  await sql`insert into search_fts_marked (search_fts_marked, rank) values ('merge', ${sql.lit(MARKED_MERGE_PAGES)})`.execute(conn);
}

/** A marking as the start of its words' terms in `search_fts_marked` (049). */
export function markedPrefix(markingId: string): string {
  return `mk${markingId.toLowerCase()}_`;
}

/** Marking ids that `markedPrefix` keeps as one term of `search_fts_marked`'s tokenizer (ULIDs are). */
export function markedId(markingId: string): boolean {
  return /^[A-Za-z0-9]+$/.test(markingId);
}

/**
 * Fills `search_fts_marked` with every search entry's words and marking (SQLite: migration 049, and
 * after a bulk load). Entries are split a batch at a time by a contentless table of the index's
 * tokenizer, their words read back per entry through fts5vocab's instances.
 */
export async function refreshMarkedWords(conn: Conn, batch = 5000): Promise<void> {
  if (dialectOf(conn) === "postgres") return;
  await sql`create virtual table if not exists temp.search_batch using fts5(body, content='', tokenize=${sql.lit(TOKENIZE)})`.execute(conn);
  await sql`create virtual table if not exists temp.search_batch_words using fts5vocab(temp, search_batch, 'instance')`.execute(conn);
  await sql`insert into search_fts_marked (search_fts_marked) values ('delete-all')`.execute(conn);
  for (let from = 0; ;) {
    const last = (await sql<{ rid: number | null }>`select max(rid) as rid from (select rowid as rid from search_docs where rowid > ${from} order by rowid limit ${batch})`.execute(conn)).rows[0]?.rid;
    if (last == null) break;
    await sql`insert into temp.search_batch (rowid, body) select rowid, body from search_docs where rowid > ${from} and rowid <= ${last}`.execute(conn);
    await sql`insert into search_fts_marked (rowid, words)
      select w.doc, group_concat('mk' || lower(s.marking_id) || '_' || w.term, ' ') from (select distinct doc, term from temp.search_batch_words) w
      join search_docs s on s.rowid = w.doc group by w.doc`.execute(conn);
    await sql`insert into temp.search_batch (search_batch) values ('delete-all')`.execute(conn);
    from = last;
  }
  await sql`drop table temp.search_batch_words`.execute(conn);
  await sql`drop table temp.search_batch`.execute(conn);
  // Filled a batch at a time, the index is many segments, and a search reads each term from every
  // one: merged into one (1.3 s at a million records), the 15 completions of "m" in a narrow
  // reader's 14 markings took 0.8 ms for the newest 20 instead of 2.6.
  await sql`insert into search_fts_marked (search_fts_marked) values ('optimize')`.execute(conn);
}

/** Fills `search_terms` with every word of the search index's text (after a bulk load, and by migration 046). */
export async function refreshSearchTerms(conn: Conn): Promise<void> {
  if (dialectOf(conn) === "postgres") {
    await sql`insert into search_terms (term) select distinct unnest(tsvector_to_array(to_tsvector('simple', body))) from search_docs on conflict do nothing`.execute(conn);
    return;
  }
  await sql`create virtual table if not exists temp.search_index_words using fts5vocab(main, search_fts, 'col')`.execute(conn);
  await sql`insert or ignore into search_terms (term) select distinct term from temp.search_index_words where col = 'body'`.execute(conn);
}

/**
 * A word as the index keeps it, when that is certain without asking it: ASCII letters and digits,
 * lower-cased (FTS5's unicode61 and PostgreSQL's default parser with the simple dictionary alike).
 */
export function plainToken(word: string): string | null {
  const w = word.toLowerCase();
  return /^[a-z0-9]+$/.test(w) ? w : null;
}

/**
 * PostgreSQL: the limit written into the text, so the statement is prepared once per connection and
 * its plan kept (store/db.ts names no statement with a bound limit): its plan is the same range of
 * the key for any prefix. Beyond a whole number PostgreSQL takes, bound (never, with the configured bounds).
 */
function limitText(n: number): RawBuilder<number> | number {
  return Number.isSafeInteger(n) && n > 0 ? sql.lit<number>(n) : n;
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
  // (The column compares bytes on both stores: SQLite's binary collation, PostgreSQL's "C".)
  // SQLite: the bounds as `+?` and the limit in the text, or STAT4 made SQLite plan the statement
  // again before every run for the values bound anew (the index is searched all the same).
  const sqlite = dialectOf(conn) === "sqlite";
  const upTo = `${prefix}\u{10FFFF}`;
  const rows = (await (sqlite && Number.isSafeInteger(max)
    ? sql<{ term: string }>`select term from search_terms where term >= +${prefix} and term < +${upTo} order by term limit ${sql.lit(max + 1)}`
    : sql<{ term: string }>`select term from search_terms where term >= ${prefix} and term < ${upTo} order by term limit ${limitText(max + 1)}`).execute(conn)).rows;
  return rows.length > max ? null : rows.map((r) => r.term);
}

/**
 * PostgreSQL: whether `known` are still the words of the index that start with `word` (as
 * `wordsStartingWith(word, max)` would answer), as an expression for a statement to read them in
 * its own snapshot: the same range of the key and the same limit, written into the text.
 */
export function stillStartingWith(word: string, max: number, known: readonly string[]): RawBuilder<boolean> {
  const prefix = plainToken(word);
  if (prefix === null || !Number.isSafeInteger(max + 1)) throw new Error("no completions to check");
  return sql<boolean>`(select coalesce(array_agg(t.term order by t.term), '{}') = ${pgTextArray(known)}::text[]
    from (select term from search_terms where term >= ${prefix} and term < ${`${prefix}\u{10FFFF}`} order by term limit ${sql.lit(max + 1)}) t)`;
}
