// PostgreSQL: each record's words are also indexed together with its marking ('mk', the id, a space,
// the word), so a reader of few markings asks the index for exactly their words in their markings.
// With the marking and the word as two lexemes (006), the index intersected two long lists to find
// a few matches: "radar" (69,639 records) with the narrow reader's markings (108,129, none of whose
// large ones says "radar") took 11 ms to find 62 at a million records, and the common words of
// every search paid it. A word in a marking is as long a list as its matches (0.5 ms for the 62).
//
// The index's pending list (fast update) is kept small: every search reads all of it, and without
// autovacuum it grew to 4 MB (253 pages after seeding a million records: 25 ms instead of 11 ms).
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== "postgres") return;
  // The words as before, the marking as before, and each word with the marking. A word is a
  // lexeme of the simple parser, which never holds a space, so the space ends the marking's id.
  // A text whose words would not fit a tsvector twice over (or one too long a word to prefix) gets
  // the marking and a space instead: searches ask for that lexeme too, and check the words themselves.
  await sql`create function accord_search_tsv(body text, marking_id text) returns tsvector language sql immutable parallel safe
    as $$ select v || array_to_tsvector(array['mk' || lower(marking_id)]) || array_to_tsvector(
        case when coalesce((select sum(octet_length(w) + 32) <= 100000 and max(octet_length(w)) <= 1000 from unnest(tsvector_to_array(v)) w), true)
          then array(select 'mk' || lower(marking_id) || ' ' || w from unnest(tsvector_to_array(v)) w)
          else array['mk' || lower(marking_id) || ' '] end)
      from (select to_tsvector('simple', body) as v) t $$`.execute(db);
  // An index of the expression, not a stored column: the table keeps its size (twice the pages made
  // the planner of the broad reader's newest matches sort them all instead of walking the newest).
  await sql`create index search_docs_marking_words on search_docs using gin (accord_search_tsv(body, marking_id)) with (gin_pending_list_limit = 256)`.execute(db);
  await sql`alter index search_docs_tsv set (gin_pending_list_limit = 256)`.execute(db);
  await sql`select gin_clean_pending_list('search_docs_tsv'::regclass)`.execute(db);
  // The planner's statistics of the expression (its most common lexemes).
  await sql`analyze search_docs`.execute(db);
}
