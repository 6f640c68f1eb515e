// Full-text search over what a caller may read: SQLite FTS5 or PostgreSQL full-text, with the read
// rule in the same query, so hits, highlights and counts never include what may not be read.
import { LRUCache } from "lru-cache";
import { sql, type RawBuilder, type Selectable } from "kysely";
import type { Kind } from "../kinds.ts";
import { readableBy, type Scope } from "./access.ts";
import { ONE_PLAN, type Conn } from "./db.ts";
import type { RecordTable } from "./schema.ts";
import { dialectOf } from "./dialect.ts";
import { markedId, markedPrefix, plainToken, stillStartingWith, wordsStartingWith } from "./search-terms.ts";
import { pgTextArray } from "./postgres-sets.ts";

export interface SearchRequest {
  words: string[];
  kind?: Kind | undefined;
  limit: number;
  /** Up to this many matches hits come by relevance; beyond it, newest first (ranking reads every match). */
  rankedMatches: number;
  /** Readers of this many markings or fewer ask the index for their markings as terms. */
  markingTerms: number;
  /** SQLite: the last word, a prefix, is asked for as the index's words it starts when they are this many or fewer. */
  prefixWords?: number | undefined;
  /** PostgreSQL, a narrow reader's search with a kind past the cap: the newest entries walked for its page (`KIND_WALK_ENTRIES`). */
  kindWalk?: number | undefined;
}

export type Hit = Selectable<RecordTable> & { body: string };

/**
 * Each word quoted for FTS5; the last matches as a prefix, or as any of `completions` when given
 * (the index's words it starts: see store/search-terms.ts).
 */
export function ftsQuery(words: string[], completions?: readonly string[] | null): string {
  const quoted = (w: string) => `"${w.replace(/"/g, '""')}"`;
  const last = completions ? `(${completions.map(quoted).join(" OR ")})` : `${quoted(words[words.length - 1]!)}*`;
  return [...words.slice(0, -1).map(quoted), last].join(" AND ");
}

/** Lexemes as a tsquery's text, any of them: each quoted, so taken as it is, not parsed. */
function lexemes(words: readonly string[]): string {
  return words.map((w) => `'${w.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`).join(" | ");
}

/** Text as the index tokenises it (unicode61, remove_diacritics 2): letters and digits, diacritics dropped, case folded. */
export function tokens(text: string): string[] {
  // ASCII text is its own NFD form and has no marks, and its letters and digits are [A-Za-z0-9].
  if (ASCII.test(text)) return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Rows ranked by BM25 (k1 1.2, b 0.75, as FTS5's) of the searched words in their text, with the rows
 * themselves as the corpus (the last word matching as a prefix, as in the query); ties by id.
 */
export function rankByBm25<T extends { id: string; body: string }>(rows: readonly T[], words: readonly string[]): T[] {
  const k1 = 1.2, b = 0.75;
  const wanted = words.map((w) => tokens(w).join(""));
  const docs = rows.map((r) => {
    const toks = tokens(r.body);
    const tf = wanted.map((w, i) => toks.reduce((n, t) => n + (t === w || (i === wanted.length - 1 && t.startsWith(w)) ? 1 : 0), 0));
    return { row: r, len: toks.length, tf };
  });
  const avg = docs.reduce((n, d) => n + d.len, 0) / Math.max(1, docs.length);
  const idf = wanted.map((_, i) => {
    const having = docs.filter((d) => d.tf[i]! > 0).length;
    return Math.log((docs.length - having + 0.5) / (having + 0.5) + 1);
  });
  const scored = docs.map((d) => ({
    row: d.row,
    score: d.tf.reduce((s, f, i) => s + (idf[i]! * f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.len) / (avg || 1))), 0),
  }));
  return scored.sort((x, y) => y.score - x.score || (x.row.id < y.row.id ? -1 : x.row.id > y.row.id ? 1 : 0)).map((x) => x.row);
}

/** `knownWords`: false to read the last word's completions afresh (the search's second run, see `knownCompletions`). */
export async function searchRecords(conn: Conn, scope: Scope, q: SearchRequest, knownWords = true): Promise<Hit[]> {
  const { words, kind, limit } = q;
  if (!words.length) return [];
  const kindFilter = kind ? sql`and r.kind = ${kind}` : sql``;
  // A reader of few markings asks the index for their words and one of their markings (006);
  // a reader of many walks the word's matches. Either way the read rule filters every hit.
  const terms = scope.markings && scope.markings.ids.length <= q.markingTerms ? scope.markings.ids : null;
  if (terms?.length === 0) return []; // the reader may read no marking at all
  const cap = q.rankedMatches;
  // The last word is asked for as the words of the index it starts, which both indexes walk like any
  // word; as a prefix they would first gather every such word's whole entry (store/search-terms.ts).
  // On PostgreSQL each record's marking is a lexeme of its tsvector too ('mk' and the id, 006): a
  // prefix that could reach one is always asked for as the text's words, however many, or it would
  // match every record (searching "m" found them all).
  const last = words[words.length - 1]!.toLowerCase();
  const reachesMarking = dialectOf(conn) === "postgres" && (last.startsWith("mk") || "mk".startsWith(last));
  const max = reachesMarking ? Number.MAX_SAFE_INTEGER : q.prefixWords ?? 0;
  // PostgreSQL: the completions found before for this prefix, checked by the search statement itself
  // (see `knownCompletions`).
  const known = dialectOf(conn) === "postgres" && knownWords ? knownCompletions(conn, last, max) : undefined;
  const completions = known ?? await wordsStartingWith(conn, last, max);
  if (completions?.length === 0) return []; // no word of the index starts so
  if (known === undefined && completions) rememberCompletions(conn, last, max, completions);
  // The completions found before, asked for by a statement that used them (`current`): they stand
  // if its first row says they are still the index's words, in its own snapshot. Otherwise they are
  // read afresh (a statement that answered no row says nothing either), and when they changed the
  // search runs again with the fresh ones.
  const current = known ? sql`, ${stillStartingWith(last, max, known)} as terms_current` : sql``;
  const stale = async (first: { terms_current?: boolean | null } | undefined): Promise<boolean> => {
    if (!known || first?.terms_current === true) return false;
    if (sameWords(await wordsStartingWith(conn, last, max), known)) return false;
    forgetCompletions(conn, last, max);
    return true;
  };
  if (dialectOf(conn) === "postgres") {
    const head = words.slice(0, -1);
    const text = !completions
      ? sql`to_tsquery('simple', ${words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(" & ")})`
      : head.length
        ? sql`(to_tsquery('simple', ${head.join(" & ")}) && ${lexemes(completions)}::tsquery)`
        : sql`${lexemes(completions)}::tsquery`;
    // Marking terms are the ids verbatim (array_to_tsvector in 006), so they go in as lexemes, not parsed text.
    const marked = terms ? inMarkings(text, terms, words, completions) : null;
    const match = marked?.match ?? sql<boolean>`s.tsv @@ ${text}`;
    if (terms) {
      // A reader of few markings (their markings in the index query), however few records they may
      // read. Starting from those records instead (each readable marking's walked, each checked
      // against the words), as a reader of fewer than PLAN_PROBE did before 048's index was
      // measured against it, read every one of them: at 10,000 records the narrow reader's 1,093
      // cost 2.5 ms of the backends' CPU per "radar" against 0.17 ms from the index, and the index
      // took less for every word tried at every size (33 readable records: 0.57-0.62 ms against
      // 0.11-0.41; bench/pg-search-start.ts, since removed with the walk).
      // The index is asked once, the
      // matches up to the cap taken with their rank (of the words only), counted and ranked in one
      // statement (a count first and the hits after ran the index search twice, 11 ms each at 50k).
      // Only when that answers nothing (more matches than the cap, or none readable) are the newest
      // matches walked: record ids are ULIDs, so the key is creation order.
      // The matches' text comes with them (each row is read anyway), for the hits' highlights.
      // The matches are ranked (or ordered newest first) by their search entry's marking and kind,
      // and only the page's records read and checked by the read rule: joining every match's record
      // first cost 12 µs each (17 ms for 1,454 matches of a common word at a million records). The
      // entry's marking and kind are the record's (written with it); should a page's record differ,
      // the plan that checks every match answers instead.
      const entry = (m: string) => sql`${readableBy(scope, `${m}.marking_id`)} ${kind ? sql`and ${sql.ref(`${m}.kind`)} = ${kind}` : sql``}`;
      const page = async (rows: (Hit & { ok: boolean | null; terms_current?: boolean | null })[], full: () => Promise<Hit[]>): Promise<Hit[]> =>
        rows.every((x) => x.ok) ? rows.map(({ ok: _ok, terms_current: _current, ...h }) => h) : full();
      // When the matches come from 048's index (`inMarkings`), the only index its `@@` can use, the
      // plan is the same for any words and readers: the limits are written into the text and it is
      // marked `ONE_PLAN`, so it is prepared once per connection (store/db.ts) and PostgreSQL keeps
      // a generic plan. Planned afresh on every run, its planning was 0.39 ms of its 0.66 ms
      // (EXPLAIN ANALYZE, narrow "radar" at a million records: the tsquery's 28 lexemes estimated
      // against the index, each readable marking against the statistics). Side by side
      // (bench/p99-probe.ts, PostgreSQL 1M, narrow "radar", A/A within 1.04x): the backends' CPU
      // per search 0.56x (1.02 -> 0.57 ms), Node's 0.79x, requests a second 1.67x.
      const onePlan = marked?.onePlan === true;
      const lim = (n: number) => (onePlan ? sql.lit(whole(n)) : sql`${n}`);
      // The forms with a marking are counted first (`certain`) when this search was past the cap
      // when last run, or, not run before, when the planner's estimate of them is not well within
      // it. Either way the answer is the same: counting first only saves ranking what is past the cap
      // (narrow "s" at a million records: 34,088 forms, the ranked scan 35 ms, the count 7 ms), and
      // costs a scan of the forms when they are few (048's statistics estimate a pair of marking and
      // word they do not list at half the least frequency they do: 7,903 for narrow "radar"'s 62).
      // Side by side (bench/p99-probe.ts, PostgreSQL 1M, limit 20, the walk's order below included;
      // a loaded host, A/A in brackets): the backends' CPU per search, narrow "s" 0.22x (57.5 ->
      // 12.5 ms; 0.85x), "co" 0.35x (1.11x), "ra" 0.57x (1.08x); narrow "radar" 1.02x (1.01x),
      // broad "radar" 1.01x (0.95x).
      const certainKey = marked?.certain ? `${cap} ${marked.certain.forms}` : null;
      const pastCap = certainKey === null ? false
        : lastPastCap(conn, certainKey) ?? (await estimatedRows(conn, marked!.certain!.estimate)) * ESTIMATE_MARGIN > cap;
      // Counted marking by marking, the largest first (a record has one marking, so their counts
      // add up), each up to cap + 1 and stopping there: narrow "s" stops in its first marking, the
      // public registry's, which holds 15,260 of its 34,088 forms at a million records.
      const certain = pastCap ? marked!.certain!.count(await largestFirst(conn, terms), lim(cap + 1)) : undefined;
      const gate = certain ? sql`and (select c.n from c) <= ${lim(cap)}` : sql``;
      const ranked = (await sql<Hit & { ok: boolean | null; terms_current?: boolean | null; total: number | string; entry_id: string | null }>`
        with ${certain ? sql`c as (${certain}),` : sql``}
          m as materialized (select s.record_id, s.kind, s.marking_id, s.body, ts_rank(s.tsv, ${text}) as rank from search_docs s where ${match} ${gate} limit ${lim(cap + 1)}),
          n as (select ${certain ? sql`greatest(count(*), (select c.n from c))` : sql`count(*)`} as n from m),
          top as (select m.* from m cross join n where n.n <= ${lim(cap)} and ${entry("m")} order by m.rank desc, m.record_id limit ${lim(limit)})
        select n.n as total, top.record_id as entry_id, r.*, top.body, (${readableBy(scope, "r.marking_id")} ${kindFilter}) as ok${current}
        from n left join top on true left join records r on r.id = top.record_id
        order by top.rank desc, top.record_id ${onePlan ? sql.raw(ONE_PLAN) : sql``}`.execute(conn)).rows;
      if (certainKey !== null) rememberPastCap(conn, certainKey, Number(ranked[0]?.total ?? 0) > cap);
      const rows = ranked.filter((x) => x.entry_id !== null).map(({ total: _t, entry_id: _e, ...h }) => h);
      // The plans below would use the completions too, so they are checked here.
      if (await stale(ranked[0])) return searchRecords(conn, scope, q, false);
      const hits = await page(rows, async () => (await sql<Hit>`
        with m as materialized (select s.record_id, s.body, ts_rank(s.tsv, ${text}) as rank from search_docs s where ${match} limit ${cap + 1}),
          n as (select count(*) as n from m)
        select r.*, m.body from m join records r on r.id = m.record_id cross join n
        where n.n <= ${cap} and ${readableBy(scope, "r.marking_id")} ${kindFilter}
        order by m.rank desc, r.id limit ${limit}`.execute(conn)).rows);
      // Within the cap the ranked answer stands, empty or not: the walk below takes the same
      // matches with the same check of their entries, so it finds none where the ranked statement
      // found none (a kind of which no match is). Walking them cost every entry newer than the
      // oldest match.
      if (hits.length || Number(ranked[0]?.total ?? 0) <= cap) return hits;
      // Its rows' markings checked before their words (`checkedAfter`): narrow "s" at a million
      // records walks 688 entries for 20, most of them not the reader's: the statement's backend CPU
      // 3.8 -> 2.6 ms (bench/pg-stmt-cpu.ts, one run each on a loaded host: not measured apart otherwise).
      const walked = sql`${marked?.checkedAfter ? marked.checkedAfter(entry("s")) : match} and ${entry("s")}`;
      const newestOf = async (top: RawBuilder<unknown>) => (await sql<Hit & { ok: boolean | null }>`
        with top as (${top})
        select r.*, top.body, (${readableBy(scope, "r.marking_id")} ${kindFilter}) as ok from top left join records r on r.id = top.record_id
        order by top.record_id desc`.execute(conn)).rows;
      // With a kind, the walk reads only the newest entries (`KIND_WALK_ENTRIES`): the kind may be
      // rare among the matches, or none of them (narrow "te" of people at a million records walked
      // every entry, 1.8 s). When they hold fewer than the page, every match is taken from 048's
      // index instead and the newest kept: ordered by an expression, so the planner cannot walk
      // the primary key for it.
      let newest = await newestOf(kind
        ? sql`select s.record_id, s.body from (select s.record_id, s.body, s.marking_id, s.kind, s.tsv from search_docs s order by s.record_id desc limit ${sql.lit(whole(q.kindWalk ?? KIND_WALK_ENTRIES))}) s
            where ${walked} order by s.record_id desc limit ${limit}`
        : sql`select s.record_id, s.body from search_docs s where ${walked} order by s.record_id desc limit ${limit}`);
      if (kind && newest.length < limit) newest = await newestOf(sql`select s.record_id, s.body from search_docs s where ${walked} order by s.record_id || '' desc limit ${limit}`);
      return page(newest, async () => (await sql<Hit>`
        select r.*, s.body from search_docs s join records r on r.id = s.record_id
        where ${match} and ${readableBy(scope, "r.marking_id")} ${kindFilter}
        order by s.record_id desc limit ${limit}`.execute(conn)).rows);
    } else {
      // A reader of many markings. Counting the matches up to the cap reads the rows of cap + 1
      // (25-30 ms for a common word at a million records), so words the planner's statistics put
      // at many times the cap go newest first uncounted. Either way the page is taken from the
      // search entries (their marking and kind are the record's, written with it) and only the
      // page's records are read and checked by the read rule; should one differ, the plan that
      // checks every match's record answers instead. Joining the records in the walk doubled the
      // planning (0.3 ms of a search's 0.55 at a million records).
      const entry = sql`${readableBy(scope, "s.marking_id", "each")} ${kind ? sql`and s.kind = ${kind}` : sql``}`;
      const ok = sql`(${readableBy(scope, "r.marking_id", "each")} ${kindFilter})`;
      const page = (rows: (Hit & { ok: boolean | null; terms_current?: boolean | null })[]): Hit[] | null =>
        rows.every((x) => x.ok) ? rows.map(({ ok: _ok, terms_current: _current, ...h }) => h) : null;
      const estimate = await estimatedMatches(conn, text);
      if (estimate <= ESTIMATE_MARGIN * cap) {
        // The matches are counted up to the cap and, when they are no more, ranked by the words in
        // the same statement (one round trip, one plan), and only the page's entries and records
        // read. One row at least, with the count. Counting reads the rows of the matches up to the
        // cap + 1 (a bitmap heap scan fetches every page, all-visible or not, on PostgreSQL 15.20:
        // 2,149 buffers for 5,001 matches at 100k), so a word the planner expects to be well within
        // the cap (this margin again) is read once: its matches up to the cap + 1 taken with their
        // rank, and counted from those, where counting first and ranking after read each match's
        // row twice. Either way the same matches are counted, and ranked only when no more than
        // the cap. The matches' rows are read only within the cap: the planner's estimate of two
        // words was 1,294 for 34,588 matches at a million records.
        const matches = estimate * ESTIMATE_MARGIN <= cap
          ? sql`m as materialized (select s.record_id, s.kind, s.marking_id, ts_rank(s.tsv, ${text}) as rank from search_docs s where s.tsv @@ ${text} limit ${cap + 1}),
            n as (select count(*) as n from m)`
          : sql`n as (select count(*) as n from (select 1 from search_docs s where s.tsv @@ ${text} limit ${cap + 1}) c),
            m as materialized (select s.record_id, s.kind, s.marking_id, ts_rank(s.tsv, ${text}) as rank from search_docs s where s.tsv @@ ${text} and (select n.n from n) <= ${cap})`;
        const ranked = (await sql<Hit & { ok: boolean | null; total: number | string; record_id: string | null; terms_current?: boolean | null }>`
          with ${matches},
            top as (select s.record_id, s.rank from m s
              where (select n.n from n) <= ${cap} and ${readableBy(scope, "s.marking_id")} ${kind ? sql`and s.kind = ${kind}` : sql``} order by s.rank desc, s.record_id limit ${limit})
          select n.n as total, top.record_id, r.*, d.body, ${ok} as ok${current} from n left join top on true
            left join search_docs d on d.record_id = top.record_id left join records r on r.id = top.record_id
          order by top.rank desc, top.record_id`.execute(conn)).rows;
        if (await stale(ranked[0])) return searchRecords(conn, scope, q, false);
        if (Number(ranked[0]?.total ?? 0) <= cap) {
          const rows = ranked.filter((x) => x.record_id !== null).map(({ total: _t, record_id: _r, ...h }) => h);
          return page(rows) ?? (await sql<Hit>`
            select r.*, s.body from search_docs s join records r on r.id = s.record_id
            where ${match} and ${readableBy(scope, "r.marking_id")} ${kindFilter}
            order by ts_rank(s.tsv, ${text}) desc, r.id limit ${limit}`.execute(conn)).rows;
        }
      }
      // Past the cap, newest first: record ids are ULIDs, so the primary key is creation order. The
      // matches are more than the cap (counted, or estimated at many times it), and, estimating 647
      // for 34,588 matches of two words, the planner gathered and sorted them all (142 ms), so the
      // walk's shape is fixed here: period by period (053) when one of the words is certain as the
      // index keeps it, else the search entries newest first.
      const anchor = periodAnchor(words);
      const top = anchor
        ? newestByPeriod(text, anchor, entry, whole(limit))
        // The words are checked by `ts_match_vq`, which no index answers, so the search entries are
        // walked newest first whatever the planner estimates; every newer entry without the words is
        // read (~1.15 µs each), so this walk slows as the store takes records without them.
        : sql`select s.record_id, s.body from search_docs s where ts_match_vq(s.tsv, ${text}) and ${entry} order by s.record_id desc limit ${sql.lit(whole(limit))}`;
      // The limit is written into the text, so the statement is prepared once per connection and its
      // plan kept (store/db.ts): its plan is the same walk for any words, and parsing and planning
      // it were ~0.2 ms of the backend's ~0.5 ms.
      const newest = await sql<Hit & { ok: boolean | null; terms_current?: boolean | null }>`
        with top as (${top})
        select r.*, top.body, ${ok} as ok${current} from top left join records r on r.id = top.record_id
        order by top.record_id desc`.execute(conn);
      if (await stale(newest.rows[0])) return searchRecords(conn, scope, q, false);
      return page(newest.rows) ?? (await sql<Hit>`
        select r.*, s.body from search_docs s join records r on r.id = s.record_id
        where ${match} and ${readableBy(scope, "r.marking_id")} ${kindFilter}
        order by s.record_id desc limit ${limit}`.execute(conn)).rows;
    }
  } else {
    const body = `body : (${ftsQuery(words, completions)})`;
    // A reader of few markings asks for their words in their markings (049) when the words are as
    // the index keeps them; otherwise for the words and one of their markings, as terms of search_fts.
    const marked = terms ? markedQuery(terms, words, completions) : null;
    const index = sql.table(marked ? "search_fts_marked" : "search_fts");
    const match = marked ?? (terms ? `${body} AND marking_id : (${terms.map((id) => `"${id.replace(/"/g, '""')}"`).join(" OR ")})` : body);
    const from = sql`${index} join search_docs s on s.rowid = ${index}.rowid join records r on r.id = s.record_id`;
    const readable = sql`${readableBy(scope, "r.marking_id")} ${kindFilter}`;
    // Past a few thousand matches (a common word over years of records) ranking would read them
    // all: the newest matches come first instead, streamed from the index until `limit` readable ones.
    // FTS5 walks the word's own entry by rowid descending, so records without the word cost it
    // nothing (PostgreSQL's walk needed 053): a broad "radar" at a million records took 375 µs on a
    // fresh copy and 300 and 322 µs after 6,000 new actions (bench/stmt-timing.ts, the same copy).
    // The hits' text comes with them (the join reads its row anyway), for their highlights.
    const newest = async () => (await sql<Hit>`select r.*, s.body as body from ${from}
      where ${index} match ${match} and ${readable} order by ${index}.rowid desc limit ${limit}`.execute(conn)).rows;
    if (terms) {
      // A reader of few markings: the index query (the words in their markings, or the words and
      // their markings) is evaluated once: the matches (up to the cap) are counted and taken with
      // their text in one statement, and ranked here by BM25 over those rows (`rankByBm25`):
      // search_fts_marked keeps no frequencies, and FTS5's bm25() over search_fts would walk the
      // whole index entry of every phrase, the readers' marking terms included (108,129 rows to rank
      // 62 at 1M). Only when that answers nothing (too many matches to rank, or none readable) does
      // the newest-first walk run.
      // The matches are filtered and ranked by their search entry's marking and kind, and only the
      // page's records read and checked by the read rule (`pageRecords`): reading every match's
      // record cost ~2.3 µs each (62 for "radar" at 1M, 42 of them not shown). The entry's marking
      // and kind are the record's (written with it); should a page's record differ, the statement
      // that checks every match's record answers instead. The cap and the limit are written into
      // the text: bound, SQLite planned the statement again before every run (STAT4).
      const matched = sql`with m as materialized (select rowid as rid from ${index} where ${index} match ${match} limit ${sql.lit(whole(cap) + 1)}),
          n as (select count(*) as n from m)`;
      const entries = (await sql<{ id: string; body: string }>`${matched}
        select s.record_id as id, s.body as body from m join search_docs s on s.rowid = m.rid cross join n
        where n.n <= ${sql.lit(whole(cap))} and ${readableBy(scope, "s.marking_id")} ${kind ? sql`and s.kind = ${kind}` : sql``}`.execute(conn)).rows;
      if (entries.length) {
        const top = rankByBm25(entries, words).slice(0, limit);
        const hits = await pageRecords(conn, top, readable);
        if (hits) return hits;
        const rows = (await sql<Hit>`${matched}
          select r.*, s.body as body from m join search_docs s on s.rowid = m.rid join records r on r.id = s.record_id cross join n
          where n.n <= ${sql.lit(whole(cap))} and ${readable}`.execute(conn)).rows;
        if (rows.length) return rankByBm25(rows, words).slice(0, limit);
      }
      return newest();
    } else {
      // A reader of many markings: the word alone is cheap to count up to the cap.
      const matches = Number((await sql<{ n: number }>`select count(*) as n from (select 1 from search_fts where search_fts match ${match} limit ${cap + 1})`.execute(conn)).rows[0]?.n ?? 0);
      if (matches > cap) return newest();
      // The matches are ranked by their search entry's marking and kind, and only the page's records
      // read and checked by the read rule (reading every match's record to sort them: 1.9 ms of a
      // broad reader's search for "radar" at 10,000 records). The entry's marking and kind are the
      // record's (written with it); should a page's record differ, every match's record is read.
      const entry = sql`${readableBy(scope, "s.marking_id")} ${kind ? sql`and s.kind = ${kind}` : sql``}`;
      const top = (await sql<Hit & { ok: number | null }>`
        with top as (select s.record_id, s.body, bm25(search_fts, 1.0, 0.0) as rank from search_fts join search_docs s on s.rowid = search_fts.rowid
          where search_fts match ${match} and ${entry} order by rank, s.record_id limit ${limit})
        select r.*, top.body as body, (${readable}) as ok from top left join records r on r.id = top.record_id order by top.rank, top.record_id`.execute(conn)).rows;
      if (top.every((x) => x.ok)) return top.map(({ ok: _ok, ...h }) => h);
      return (await sql<Hit>`select r.*, s.body as body from ${from} where search_fts match ${match} and ${readable}
        order by bm25(search_fts, 1.0, 0.0), r.id limit ${limit}`.execute(conn)).rows;
    }
  }
}

/**
 * The word a broad reader's newest-first walk asks the index of words by period for (053): a word
 * certain as the index keeps it (`plainToken`) that every match holds, exactly (one of the first
 * words) or as a prefix (the last word); null when none is (the walk then reads the search entries).
 */
export function periodAnchor(words: readonly string[]): { word: string; prefix: boolean } | null {
  const fits = (w: string | null | undefined): w is string => typeof w === "string" && Buffer.byteLength(w) <= 1000;
  const head = words.slice(0, -1).map(plainToken).find(fits);
  if (head) return { word: head, prefix: false };
  const last = plainToken(words[words.length - 1]!);
  return fits(last) ? { word: last, prefix: true } : null;
}

/** The first characters of a record id that name its period in the index of 053. */
const PERIOD_CHARS = 5;

/**
 * PostgreSQL: a broad reader's newest `limit` readable matches of `text` (their record_id and
 * body, newest first), walked period by period (053) newest first until they are `limit` or the
 * periods run out. Each step takes the next older period from the primary
 * key (one descent: the greatest id below the period before, so periods without records cost
 * nothing; the walk starts below the newest id and a digit, which sorts after it in any collation,
 * where a sentinel character might be ignored by the database's), and that period's matches from the index, as the lexemes of the anchor word with the
 * period (and the period and a space, for texts 053 indexed so), each checked against the words by
 * `ts_match_vq` and by the entry's marking and kind (`entry`, the read rule on `s`). So the walk
 * reads the word's matches in the periods it passes, not every record written since: after 5,740
 * new records without "radar" at a million records, the old walk read them all (6.6 ms).
 * Measured side by side (bench/p99-probe.ts, broad "radar", limit 20, PostgreSQL 1M, five runs):
 * after 6,000 new actions (bench/newer-records.ts) the backends' CPU per search was 0.44x the old
 * walk's (1.43 against 3.27 ms; A/A 0.99x), 1.57x the requests a second (A/A 1.06x). On a fresh
 * copy it was 1.24x (0.96 against 0.78 ms; A/A 1.05x), requests a second the same: each period
 * costs a descent, a call and a bitmap scan (~3 periods for 20 "radar"), about what the old walk
 * paid for ~165 newer records without the word.
 * A period's candidates come from 053's function (`accord_search_period_entries`, planned within
 * it), the words and the read rule checked here on each; the limit is written into the text, so
 * the statement is prepared once per connection (store/db.ts).
 */
function newestByPeriod(text: RawBuilder<unknown>, anchor: { word: string; prefix: boolean }, entry: RawBuilder<unknown>, limit: number): RawBuilder<unknown> {
  return sql`with recursive b(p, got, ids, bodies) as (
      select (select max(s.record_id) || '0' from search_docs s), 0, null::text[], null::text[]
      union all
      select x.p, b.got + coalesce(cardinality(h.ids), 0), h.ids, h.bodies
      from b cross join lateral (select left(max(s.record_id), ${sql.lit(PERIOD_CHARS)}) as p from search_docs s where s.record_id < b.p) x
        cross join lateral (select array_agg(s.record_id) as ids, array_agg(s.body) as bodies
          from accord_search_period_entries(x.p, ${anchor.word}::text, ${sql.lit(anchor.prefix)}) s where ts_match_vq(s.tsv, ${text}) and ${entry}) h
      where b.got < ${sql.lit(limit)} and x.p is not null)
    select h.record_id, h.body from b cross join unnest(b.ids, b.bodies) h(record_id, body) order by h.record_id desc limit ${sql.lit(limit)}`;
}

/**
 * A common word is taken newest first without counting its matches when PostgreSQL's statistics
 * (the most common lexemes of `search_docs.tsv`, kept by ANALYZE) estimate more than this many
 * times the cap: a word estimated nearer the cap is counted, so only an estimate this far off could
 * put a word of fewer matches than the cap newest first.
 */
const ESTIMATE_MARGIN = 4;

/**
 * A narrow reader's one word: this many alternatives (each of its forms in each of the reader's
 * markings, and each marking's unindexed texts) or fewer are asked of the index as one query, more
 * one by one (see `inMarkings`). One query reads each entry once (94 pages for "radar" in 14
 * markings at a million records, 0.2 ms; one by one 224 pages, 0.29 ms); one by one, each
 * candidate is checked against its own alternative only.
 */
const ONE_QUERY_ALTERNATIVES = 64;

/**
 * A narrow reader's search with a kind, past the cap: the newest search entries walked for the
 * page before every match is taken from 048's index instead (see `searchRecords`). At a million
 * records each entry walked cost ~1.1 µs (EXPLAIN ANALYZE, cached), and the matches of a word
 * past the cap, 5,001 and more, 2.6-20 ms from the index: narrow "sh" of people walks 2,113
 * entries for its page (2.4 ms), "co" of people 3,942, "s" of organisations 2,415 (where the
 * planner had taken every match from the index, 25 ms); "te" of people, none of whose 7,145
 * matches is a person, walked all 1,000,000 (1.8 s) and now 10,000 (10 ms) before the index (2.6 ms).
 */
const KIND_WALK_ENTRIES = 10_000;

/** Readers of this many (markings × words) or fewer ask for their words in their markings (048). */
const MARKING_WORDS = 4096;

/**
 * The words' query `text` restricted to records of the reader's markings `ids`. Each record's words
 * are indexed with its marking too (migration 048: 'mk', the id, a space, the word), so when one of
 * the searched words is certain as the index keeps it (a plain word, or the last word's
 * completions) the markings are asked for with that word: each such lexeme's entry holds only the
 * matches, where the marking's own entry holds every record of it (the index intersected 69,639
 * records of "radar" with 108,129 of the narrow reader's markings to find 62). A text whose words
 * were not indexed with its marking carries the marking and a space, asked for with the words.
 * Searching one word, the word with a marking implies the word, so its query is and-ed only with
 * the markings and a space. (That part still makes the index walk the words' own entries for each
 * candidate: about 50 ms for the 15 common completions of "m" and their 18,905 candidates at a
 * million records, against 0.5 ms for "radar"; keeping the words out of the index query instead
 * let the planner misjudge the candidates and add the words' index or parallel workers.)
 * Otherwise the words and the markings' own lexemes ('mk' and the id, 006).
 * `onePlan`: the match is asked of 048's index, the only index it can use, so its plan is the same
 * for any words (the statement may keep a generic plan: see `ONE_PLAN` in store/db.ts).
 */
function inMarkings(text: RawBuilder<unknown>, ids: readonly string[], words: readonly string[], completions: readonly string[] | null): {
  match: RawBuilder<boolean>; onePlan: boolean;
  certain?: { count: (largestFirst: readonly string[], most: RawBuilder<unknown>) => RawBuilder<unknown>; estimate: RawBuilder<boolean>; forms: string };
  checkedAfter?: (first: RawBuilder<unknown>) => RawBuilder<boolean>;
} {
  const marks = ids.map((id) => `mk${id.toLowerCase()}`);
  const head = words.slice(0, -1).map(plainToken).find((w) => w !== null);
  const last = plainToken(words[words.length - 1]!);
  // A word, exactly; or the last word's completions (words of the index), exactly; or the last word as a prefix.
  const anchors = head ? [head] : completions ?? (last ? [last] : null);
  const prefix = !head && !completions;
  // Words longer than 048 indexes with a marking are in texts that carry the marking and a space.
  const fit = anchors?.filter((w) => Buffer.byteLength(w) <= 1000);
  // The words' own index: its best plan depends on how common they are.
  if (!fit || marks.length * (fit.length + 1) > MARKING_WORDS) return { match: sql<boolean>`s.tsv @@ (${text} && ${lexemes(marks)}::tsquery)`, onePlan: false };
  // The expression of 048's index, so the planner uses it.
  const indexed = sql`accord_search_tsv(s.body, s.marking_id)`;
  const withWord = marks.flatMap((m) => fit.map((w) => `${lexemes([`${m} ${w}`])}${prefix ? ":*" : ""}`));
  const unindexed = lexemes(marks.map((m) => `${m} `));
  // One word: any of its forms with a marking, or a text of the marking not so indexed (the marking
  // and a space), the word itself checked on each candidate's own text. Each alternative is asked of
  // the index as a query of its own, one bitmap scan each (an array's elements): GIN checks every
  // candidate against the whole query it was asked, so one query of all the alternatives cost
  // (alternatives × candidates): 35 ms for the 15 completions of "m" in 14 markings (224 lexemes,
  // 18,905 candidates) at a million records, against 3 ms one by one; and the word in the
  // unindexed texts' query made the index read the word's whole entry ("radar": 70,000 records).
  // The array is computed as the statement runs, so the planner does not estimate each element (5 ms
  // of planning for 224 bound ones). The word is checked by `ts_match_vq`, which no index answers:
  // as `@@` the planner could add the word's own index. The stored tsv holds the same words as 048's
  // expression, and the word (letters and digits) cannot reach a word with a marking.
  if (words.length === 1) {
    const alternatives = [...withWord, ...marks.map((m) => `${lexemes([`${m} `])}`)];
    const candidates = alternatives.length <= ONE_QUERY_ALTERNATIVES
      ? sql<boolean>`${indexed} @@ ${alternatives.join(" | ")}::tsquery`
      : sql<boolean>`${indexed} @@ any(array(select q::tsquery from unnest(${pgTextArray(alternatives)}::text[]) q))`;
    // The word with one of the reader's markings is a match by itself (048 indexes a text's words
    // with its marking only from the text's own words), so those alternatives alone, without the
    // words' check on each row, count matches for certain: `certain`. A record has one marking, so
    // they are counted marking by marking (`largestFirst`: the reader's markings, the largest
    // first), each marking's forms one by one (an array's elements, as above), up to `most` in all:
    // the count stops in the marking that reaches it, and the forms of the others are not read.
    // (One query of all the forms built the whole bitmap of the matches before counting any:
    // narrow "s" at a million records, its 448 forms and their 34,088 entries, 3.2 ms; the public
    // registry's marking alone, 32 forms and 15,260 entries, 0.9 ms.)
    // `estimate`: the same as one query, for the planner's estimate of them (048's statistics).
    // `forms`: the same as one tsquery's text, which names the search in `lastPastCap`.
    const forms = withWord.join(" | ");
    const oneQuery = sql<boolean>`${indexed} @@ ${forms}::tsquery`;
    const count = (largestFirst: readonly string[], most: RawBuilder<unknown>) => {
      const byMarking = largestFirst.flatMap((id) => fit.map((w) => `${lexemes([`mk${id.toLowerCase()} ${w}`])}${prefix ? ":*" : ""}`));
      return sql`select count(*) as n from (select 1 from generate_series(0, ${largestFirst.length - 1}::int) g(i)
        cross join lateral (select 1 from search_docs s where ${indexed} @@ any(array(select q::tsquery
          from unnest((${pgTextArray(byMarking)}::text[])[g.i * ${fit.length}::int + 1 : (g.i + 1) * ${fit.length}::int]) q)) limit ${most}) x limit ${most}) y`;
    };
    // `checkedAfter`: the same match, the words checked on a row only when `first` holds of it (a
    // walk's cheap check of the entry's marking): the planner orders a filter's conditions by
    // their cost, which puts `ts_match_vq` (reading the row's words) before a marking's `= any`.
    return {
      match: sql<boolean>`(${candidates} and ts_match_vq(s.tsv, ${text}))`, onePlan: true, certain: { count, estimate: oneQuery, forms },
      checkedAfter: (first) => sql<boolean>`(${candidates} and case when ${first} then ts_match_vq(s.tsv, ${text}) else false end)`,
    };
  }
  return { match: sql<boolean>`${indexed} @@ (${text} && ${[...withWord, unindexed].join(" | ")}::tsquery)`, onePlan: true };
}

/** Readers of this many (markings × alternatives of the words) or fewer ask for their words in their markings (049). */
const MARKED_TERMS = 1024;

/**
 * SQLite: the query of `search_fts_marked` (049) for the words in any of the markings `ids`: each
 * word as the terms of it with each marking, the last as its completions with each marking, or as
 * a prefix of each marking's; and-ed. A record has one marking, so a record matching every word in
 * some reader's marking has them all in its own. Each such term's entry holds only its matches,
 * where the marking's own term in search_fts holds every record of it. Null when a word is not
 * certain as the index keeps it (the table holds the index's words; a word it would split or fold
 * goes to search_fts), or the terms would be too many.
 */
function markedQuery(ids: readonly string[], words: readonly string[], completions: readonly string[] | null): string | null {
  const plain = words.map(plainToken);
  if (!ids.every(markedId) || plain.some((w) => w === null)) return null;
  const marks = ids.map(markedPrefix);
  const quoted = (t: string) => `"${t.replace(/"/g, '""')}"`;
  const groups = plain.map((w, i) => i < plain.length - 1 || !completions
    ? marks.map((m) => `${quoted(m + w!)}${i === plain.length - 1 ? "*" : ""}`)
    : marks.flatMap((m) => completions.map((c) => quoted(m + c))));
  if (groups.reduce((n, g) => n + g.length, 0) > MARKED_TERMS) return null;
  return groups.map((g) => `(${g.join(" OR ")})`).join(" AND ");
}

/** A count written into a statement's text: a whole number, or the statement is not built. */
function whole(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a count: ${n}`);
  return n;
}

/**
 * SQLite: the records of a ranked page of search entries, in its order with each entry's text, each
 * read by key and checked by the read rule (`readable`, on `r`); null when one is missing or may not
 * be read as its entry said (the caller then asks the statement that checks every match's record).
 * The entries go in as one JSON object of texts by record id, so each row comes out whole, its text
 * included (copying each row to add it cost more than reading the records).
 */
async function pageRecords(conn: Conn, page: readonly { id: string; body: string }[], readable: RawBuilder<unknown>): Promise<Hit[] | null> {
  if (!page.length) return [];
  const texts: Record<string, string> = {};
  for (const e of page) texts[e.id] = e.body;
  const rows = (await sql<Hit & { ok: number | null }>`select r.*, j.value as body, (${readable}) as ok
    from json_each(${JSON.stringify(texts)}) j cross join records r on r.id = j.key`.execute(conn)).rows;
  const byId = new Map<string, Hit>();
  for (const r of rows) {
    if (!r.ok) return null;
    byId.set(r.id, r);
  }
  if (byId.size !== page.length) return null;
  return page.map((e) => byId.get(e.id)!);
}

/**
 * The planner's estimate of a full-text query's matches (PostgreSQL), kept per store for a minute:
 * it changes only when ANALYZE gathers new statistics, and asking for it was a statement of its own
 * (a round trip and a plan) in every search of a reader of many markings.
 */
async function estimatedMatches(conn: Conn, tsq: RawBuilder<unknown>): Promise<number> {
  return estimatedRows(conn, sql`s.tsv @@ ${tsq}`);
}

/** The planner's estimate of the search entries (`s`) for which `where` holds, kept as `estimatedMatches`'. */
async function estimatedRows(conn: Conn, where: RawBuilder<unknown>): Promise<number> {
  const key = conn.getExecutor().adapter;
  let known = estimatesByStore.get(key);
  if (!known) estimatesByStore.set(key, (known = new LRUCache<string, number>({ max: 1000, ttl: ESTIMATE_TTL_MS })));
  const q = where.compile(conn);
  const text = JSON.stringify([q.sql, q.parameters]);
  const cached = known.get(text);
  if (cached !== undefined) return cached;
  const plan = (await sql<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }>`explain (format json) select 1 from search_docs s where ${where}`.execute(conn)).rows[0];
  const n = plan?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? 0;
  known.set(text, n);
  return n;
}

const ESTIMATE_TTL_MS = 60_000;

/**
 * PostgreSQL, a narrow reader's one word: whether its matches were past the cap when last counted,
 * per store, by the search's cap and forms with a marking (see `certain` in `searchRecords`). Only a
 * guess of which statement costs less: either answers the same.
 */
function lastPastCap(conn: Conn, key: string): boolean | undefined {
  return pastCapByStore.get(conn.getExecutor().adapter)?.get(key);
}

function rememberPastCap(conn: Conn, key: string, past: boolean): void {
  const store = conn.getExecutor().adapter;
  let known = pastCapByStore.get(store);
  if (!known) pastCapByStore.set(store, (known = new LRUCache<string, boolean>({ max: 1000 })));
  known.set(key, past);
}

const pastCapByStore = new WeakMap<object, LRUCache<string, boolean>>();

/**
 * PostgreSQL: the markings `ids`, the most search entries first, by the statistics ANALYZE keeps
 * of `search_docs.marking_id` (its most common values; the others after them, as they are), read
 * once a minute per store as the estimates are. Only an order to count in: any gives the same count.
 */
async function largestFirst(conn: Conn, ids: readonly string[]): Promise<string[]> {
  const key = conn.getExecutor().adapter;
  let known = sharesByStore.get(key);
  if (!known || Date.now() - known.at > ESTIMATE_TTL_MS) {
    const row = (await sql<{ vals: string[] | null; freqs: number[] | null }>`select most_common_vals::text::text[] as vals, most_common_freqs as freqs
      from pg_stats where schemaname = current_schema() and tablename = 'search_docs' and attname = 'marking_id'`.execute(conn)).rows[0];
    const shares = new Map<string, number>();
    row?.vals?.forEach((v, i) => shares.set(v, Number(row.freqs?.[i] ?? 0)));
    sharesByStore.set(key, (known = { shares, at: Date.now() }));
  }
  const shares = known.shares;
  return [...ids].sort((a, b) => (shares.get(b) ?? 0) - (shares.get(a) ?? 0));
}

const sharesByStore = new WeakMap<object, { shares: Map<string, number>; at: number }>();
const estimatesByStore = new WeakMap<object, LRUCache<string, number>>();

/**
 * PostgreSQL: the words of the index a prefix started when last read (`wordsStartingWith`), per
 * store, for a search to take without a statement of their own, whichever statement it starts with
 * (a narrow reader's ranked statement, a broad reader's ranked statement or newest-first walk). A
 * round trip saved: with the lookup left out, narrow "radar" at a million records took 0.77x the
 * backends' CPU per search (A/A 1.05x, a loaded machine), broad "radar" 0.93x (A/A 0.97x, a quiet
 * one; bench/p99-probe.ts). They are only a guess: the search statement reads
 * them again in its own snapshot (`stillStartingWith`, an index range of search_terms) and its
 * answer stands only if they are the same; otherwise they are read afresh and the search runs again.
 * search_terms only grows (each text's words are added in the transaction that writes it), so a
 * prefix's words change only when a new word starting so is written. Only lists of words are kept:
 * none (nothing to search) and more than the bound (the prefix searched as a prefix) are read each time.
 */
function knownCompletions(conn: Conn, word: string, max: number): string[] | undefined {
  return completionsByStore.get(conn.getExecutor().adapter)?.get(`${max} ${word}`);
}

function rememberCompletions(conn: Conn, word: string, max: number, words: string[]): void {
  if (dialectOf(conn) !== "postgres" || !words.length || !Number.isSafeInteger(max + 1)) return;
  const key = conn.getExecutor().adapter;
  let known = completionsByStore.get(key);
  if (!known) completionsByStore.set(key, (known = new LRUCache<string, string[]>({ max: 5000 })));
  known.set(`${max} ${word}`, words);
}

function forgetCompletions(conn: Conn, word: string, max: number): void {
  completionsByStore.get(conn.getExecutor().adapter)?.delete(`${max} ${word}`);
}

function sameWords(a: readonly string[] | null, b: readonly string[]): boolean {
  return a !== null && a.length === b.length && a.every((w, i) => w === b[i]);
}

const completionsByStore = new WeakMap<object, LRUCache<string, string[]>>();
