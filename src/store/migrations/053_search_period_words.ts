// PostgreSQL: each record's words are also indexed together with its period (the first five
// characters of its id, 'p', the period, a space, the word), so a broad reader's common word is
// walked newest first period by period, reading only that word's matches in each. Record ids are
// ULIDs, whose first ten characters are the creation time: five of them are a period of 2^25 ms
// (about 9.3 hours; 106 records each at a million records over ten years), and a period's prefix
// sorts as its ids do, so periods newest first are ids newest first (search.ts: `newestByPeriod`).
//
// Before, the walk read `search_docs` by record id newest first and checked the words on each entry
// (~1.15 µs each): every newer record without the word was read. A store takes records all day, so
// a common word's newest matches drift ever further back: after 5,740 new records without "radar"
// a broad search for it took 6.6 ms instead of 0.19 ms at a million records (stop 31).
//
// The words come out as the search index's (`to_tsvector('simple', …)`, as 006 and 048), and a text
// whose words would not fit a tsvector (or one too long a word to prefix) gets the period and a
// space instead: searches ask for that lexeme too and check the words themselves (as 048).
// An index of the expression, not a stored column (048: the table keeps its size). Its pending list
// is kept small, as 048's: every search reads all of it.
import { sql, type Kysely } from "kysely";
import type { Dialect } from "../db.ts";

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== "postgres") return;
  await sql`create function accord_search_period_tsv(body text, record_id text) returns tsvector language sql immutable parallel safe
    as $$ select array_to_tsvector(
        case when coalesce((select sum(octet_length(w) + 16) <= 100000 and max(octet_length(w)) <= 1000 from unnest(tsvector_to_array(v)) w), true)
          then array(select 'p' || left(record_id, 5) || ' ' || w from unnest(tsvector_to_array(v)) w)
          else array['p' || left(record_id, 5) || ' '] end)
      from (select to_tsvector('simple', body) as v) t $$`.execute(db);
  await sql`create index search_docs_period_words on search_docs using gin (accord_search_period_tsv(body, record_id)) with (gin_pending_list_limit = 256)`.execute(db);
  // A period's candidates: the entries with `word` and the period in this index (as a prefix when
  // `prefix`), or the period and a space (texts indexed so), each with its words for the caller to
  // check. A function of its own, planned within it: the walk asks it once per period, and the
  // planner, estimating the default 0.5% of the table for a query made as the statement runs
  // (5,000 rows at a million records), costed the walk at ten periods' worth of that (611,228),
  // past jit_above_cost: JIT compiled it on every run, 252 ms of a 253 ms statement. Its rows are
  // declared few, as a period's are. Its own query is costed by the lexemes' statistics (a prefix
  // in a period: 42,106 at a million records), so it runs without JIT too, which would pass the
  // threshold at some ten million. The caller checks the words and the read rule on its rows.
  await sql`create function accord_search_period_entries(period text, word text, prefix boolean)
  returns table (record_id text, body text, marking_id text, kind text, tsv tsvector)
  language plpgsql stable parallel safe rows 10 set jit = off as $f$
begin
  return query select s.record_id, s.body, s.marking_id, s.kind, s.tsv from search_docs s
    where accord_search_period_tsv(s.body, s.record_id) @@ (
      '''' || replace(replace('p' || period || ' ' || word, '\\', '\\\\'), '''', '''''') || '''' || case when prefix then ':*' else '' end
      || ' | ''' || replace(replace('p' || period || ' ', '\\', '\\\\'), '''', '''''') || '''')::tsquery;
end $f$`.execute(db);
}
