// A reader of few markings asks the index for their markings with the words (each word as indexed
// with its record's marking: migration 048 on PostgreSQL, 049 on SQLite). Whatever the words (prefixes searched
// as their completions or as prefixes, several words, words that are not plain ASCII, a word too
// long to be indexed with its marking, a text of too many words to be), it finds exactly what the
// simple reference finds, in the same order: the same search without marking terms, the words
// alone with the read rule filtering each match. Both ranked and newest first.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { sql, type CompiledQuery } from "kysely";
import { ulid } from "ulid";
import { STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser, type UserSpec } from "../testing/factories.ts";
import { explain, queryPlan } from "../testing/explain.ts";
import { loadViewer } from "../accounts/users.ts";
import { ALL, type Marking, type Rank } from "../domain/markings.ts";
import { MarkingSets } from "./marking-sets.ts";
import { internMarking } from "./markings.ts";
import { indexSearchEntry, refreshMarkedWords } from "./search-terms.ts";
import { searchRecords } from "./search.ts";
import type { Scope } from "./access.ts";

const WORDS = ["radar", "radars", "radio", "Radár", "rad", "sonar", "naïve", "naive", "b52", "B-52", "שלום", "שלומות", "radarשלום",
  "Straße", "mk", "mkx", "mango", "orchard", "x2", "x"];
const LONG = `zlong${"q".repeat(1000)}`; // longer than 048 indexes with a marking
const MANY = Array.from({ length: 3000 }, (_, i) => `many${i}word`).join(" "); // too many words to index each with the marking
const MARKINGS: Marking[] = [
  { classification: 0 as Rank, originator: "IND", releasableTo: ALL, compartments: [] },
  { classification: 2 as Rank, originator: "IND", releasableTo: [], compartments: [] },
  { classification: 2 as Rank, originator: "ISR", releasableTo: ["IND"], compartments: ["MRSAM"] },
  { classification: 3 as Rank, originator: "IND", releasableTo: ALL, compartments: ["JWG", "KRAS"] },
  { classification: 4 as Rank, originator: "ISR", releasableTo: [], compartments: [] },
];
const READERS: UserSpec[] = [
  { clearance: 0 }, { clearance: 2 }, { clearance: 3, compartments: ["MRSAM"] }, { clearance: 4, compartments: ["JWG", "KRAS", "MRSAM"] },
  { nationality: "ISR", clearance: 4 },
];

const word = fc.oneof(fc.constantFrom(...WORDS), fc.stringMatching(/^[a-z]{1,4}$/));
const text = fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(" "));
const query = fc.array(fc.oneof(word, word.map((w) => w.slice(0, 2)), fc.constantFrom("zlo", "many1", "many12word", "rad", "m")), { minLength: 1, maxLength: 2 });

for (const kind of STORES) describe(`a narrow reader's search with marking terms finds what the words alone find (${kind})`, () => {
  let env: TestEnv;
  let scopes: Scope[];
  before(async () => {
    env = await testEnv(kind);
    scopes = [];
    // The markings first: a reader's set is computed from the markings there are.
    for (const m of MARKINGS) await internMarking(env.store.db, m);
    for (const spec of READERS) {
      const u = await buildUser(env.store.db, { roles: ["analyst"], ...spec });
      scopes.push(await new MarkingSets(env.store.db, env.store.dialect).scopeFor((await loadViewer(env.store.db, u.userId))!));
    }
  });
  after(async () => { await env.close(); });

  const db = () => env.store.db;
  /** What `fn` returns, with the statements it ran through the store's executor. */
  const statementsOf = async <T>(fn: () => Promise<T>): Promise<{ result: T; seen: CompiledQuery[] }> => {
    const executor = db().getExecutor();
    const run = executor.executeQuery.bind(executor);
    const seen: CompiledQuery[] = [];
    executor.executeQuery = <R>(q: CompiledQuery<R>) => { seen.push(q); return run(q); };
    try {
      return { result: await fn(), seen };
    } finally {
      executor.executeQuery = run;
    }
  };
  async function write(body: string, marking: Marking, recordKind: "organisation" | "document"): Promise<void> {
    const id = ulid();
    const at = new Date().toISOString();
    const markingId = await internMarking(db(), marking);
    await db().insertInto("records").values({ id, kind: recordKind, marking_id: markingId, title: body.slice(0, 60), created_by: "test", created_at: at, updated_at: at, version: 1 }).execute();
    await db().insertInto("search_docs").values({ record_id: id, kind: recordKind, body, marking_id: markingId }).execute();
    await indexSearchEntry(db(), id, body);
  }

  async function search(scope: Scope, words: string[], opts: { terms: boolean; cap: number; prefixWords: number; kind?: "organisation" }): Promise<string[]> {
    const hits = await searchRecords(db(), scope, { words, kind: opts.kind, limit: 100, rankedMatches: opts.cap, markingTerms: opts.terms ? 100_000 : 0, prefixWords: opts.prefixWords });
    return hits.map((h) => h.id);
  }

  test("same hits in the same order as the words alone, for readers of every kind", async () => {
    for (const [i, m] of MARKINGS.entries()) {
      await write(`radar ${LONG} orchard`, m, "document");
      await write(`${MANY} radar mango`, m, i % 2 ? "organisation" : "document");
    }
    let found = 0;
    await explain(fc.assert(fc.asyncProperty(fc.array(fc.tuple(text, fc.nat(MARKINGS.length - 1), fc.boolean()), { minLength: 1, maxLength: 6 }), query,
      fc.constantFrom(64, 1, 0), fc.constantFrom(5000, 0), fc.boolean(), async (texts, words, prefixWords, cap, ofKind) => {
        for (const [body, m, org] of texts) await write(body, MARKINGS[m]!, org ? "organisation" : "document");
        for (const scope of scopes) {
          const opts = { cap, prefixWords, ...(ofKind ? { kind: "organisation" as const } : {}) };
          const withTerms = await search(scope, words, { ...opts, terms: true });
          const alone = await search(scope, words, { ...opts, terms: false });
          // (SQLite ranks a narrow reader's matches by BM25 over those matches, the words alone by the whole index's.)
          const order = (ids: string[]) => (kind === "sqlite" && cap > 0 ? [...ids].sort() : ids);
          assert.deepEqual(order(withTerms), order(alone), `${JSON.stringify(words)} ${JSON.stringify(opts)}`);
          found += withTerms.length;
        }
      }), { numRuns: 40 }));
    assert.ok(found > 0, "the searches found something");
    // The long word's record and the record of many words are found by their other words, by readers of their markings.
    for (const scope of scopes) {
      const orchard = await search(scope, ["zlo"], { terms: true, cap: 5000, prefixWords: 64 });
      assert.deepEqual(orchard.sort(), (await search(scope, ["zlo"], { terms: false, cap: 5000, prefixWords: 64 })).sort());
      const many = await search(scope, ["many1234word"], { terms: true, cap: 5000, prefixWords: 64 });
      assert.deepEqual(many.sort(), (await search(scope, ["many1234word"], { terms: false, cap: 5000, prefixWords: 64 })).sort());
    }
    const everything = scopes[3]!;
    assert.ok((await search(everything, ["zlo"], { terms: true, cap: 5000, prefixWords: 64 })).length >= 3);
    assert.ok((await search(everything, ["many1234word", "mango"], { terms: true, cap: 5000, prefixWords: 64 })).length >= 3);
  });

  test("a record whose search entry says another marking than its own is found only by the read rule on its own", async () => {
    const scope = scopes[1]!; // clearance 2: reads MARKINGS[0] and [1], not [4]
    await write("okapi okapi", MARKINGS[0]!, "document");
    await write("okapi", MARKINGS[1]!, "document");
    const found = await search(scope, ["okapi"], { terms: true, cap: 5000, prefixWords: 64 });
    assert.equal(found.length, 2);
    const hidden = await internMarking(db(), MARKINGS[4]!);
    await db().updateTable("records").set({ marking_id: hidden }).where("id", "=", found[0]!).execute();
    for (const cap of [5000, 0]) {
      const now = await search(scope, ["okapi"], { terms: true, cap, prefixWords: 64 });
      assert.deepEqual(now, [found[1]], `cap ${cap}`);
      assert.deepEqual(now, await search(scope, ["okapi"], { terms: false, cap, prefixWords: 64 }), `cap ${cap}`);
    }
  });

  if (kind === "sqlite") test("a narrow reader's matches are ranked from their search entries, and only the page's records read", async () => {
    const scope = scopes[1]!; // reads MARKINGS[0] and [1]
    for (let i = 0; i < 5; i++) await write(`wombat ${"burrow ".repeat(i)}`, MARKINGS[i % 2]!, "document");
    await write("wombat", MARKINGS[4]!, "document"); // not this reader's
    const { result: page, seen } = await statementsOf(async () => (await searchRecords(db(), scope, { words: ["wombat"], limit: 2, rankedMatches: 5000, markingTerms: 100_000, prefixWords: 64 })).map((h) => h.id));
    // The same page as every readable match ranked (the words alone, the read rule on each record).
    const all = await search(scope, ["wombat"], { terms: false, cap: 5000, prefixWords: 64 });
    assert.equal(all.length, 5);
    assert.deepEqual(page, all.slice(0, 2));
    const ranking = seen.filter((q) => /search_fts_marked/.test(q.sql));
    assert.equal(ranking.length, 1, seen.map((q) => q.sql).join("\n"));
    assert.doesNotMatch(ranking[0]!.sql, /\brecords\b/);
    const records = seen.filter((q) => /\brecords\b/.test(q.sql));
    assert.equal(records.length, 1, records.map((q) => q.sql).join("\n"));
    assert.deepEqual(records[0]!.parameters.filter((p) => typeof p === "string" && p.startsWith("{")).map((p) => Object.keys(JSON.parse(p as string) as object).sort()), [[...page].sort()]);
  });

  if (kind === "sqlite") test("the markings' own index is kept in few segments as entries are written one by one (054), and answers as before", async () => {
    // FTS5 seeks each of a narrow reader's terms in every segment of the index, and each write
    // (its own transaction) leaves a segment: FTS5's automerge alone let them pile up.
    const segments = async () => Number((await sql<{ n: number }>`select count(distinct segid) as n from search_fts_marked_idx`.execute(db())).rows[0]!.n);
    assert.equal((await sql<{ v: number }>`select v from search_fts_marked_config where k = 'usermerge'`.execute(db())).rows[0]?.v, 2);
    const scope = scopes[1]!;
    const most = [];
    for (let i = 0; i < 60; i++) {
      await write(`numbat ${i} ${"termite ".repeat(i % 3)}`, MARKINGS[i % 2]!, i % 3 ? "document" : "organisation");
      most.push(await segments());
    }
    assert.ok(Math.max(...most) <= 4, `segments after each write: ${most.join(",")}`);
    const found = await search(scope, ["numbat"], { terms: true, cap: 5000, prefixWords: 64 });
    assert.equal(found.length, 60);
    assert.deepEqual(found, await search(scope, ["numbat"], { terms: false, cap: 5000, prefixWords: 64 }));
    assert.deepEqual(await search(scope, ["numbat", "term"], { terms: true, cap: 5000, prefixWords: 64 }), await search(scope, ["numbat", "term"], { terms: false, cap: 5000, prefixWords: 64 }));
  });

  if (kind === "sqlite") test("plain words are asked for in the markings' own index, filled again from the entries as migration 049 does", async () => {
    const scope = scopes[1]!;
    await write("quokka harbour", MARKINGS[0]!, "document");
    await write("quokka quokkas", MARKINGS[1]!, "organisation");
    await write("quokka", MARKINGS[4]!, "document"); // not this reader's
    const { result: found, seen } = await statementsOf(() => search(scope, ["quok"], { terms: true, cap: 5000, prefixWords: 64 }));
    assert.equal(found.length, 2);
    assert.ok(seen.some((q) => /search_fts_marked/.test(q.sql)), seen.map((q) => q.sql).join("\n"));
    assert.ok(!seen.some((q) => /"search_fts" match/.test(q.sql)), seen.map((q) => q.sql).join("\n"));
    // A store whose entries were written before 049 (or bulk-loaded) is filled from their text.
    const before = await Promise.all([["quok"], ["quokka", "harb"], ["m"]].map((w) => search(scope, w, { terms: true, cap: 5000, prefixWords: 64 })));
    await sql`insert into search_fts_marked (search_fts_marked) values ('delete-all')`.execute(db());
    assert.deepEqual(await search(scope, ["quok"], { terms: true, cap: 5000, prefixWords: 64 }), []);
    await refreshMarkedWords(db(), 7);
    const after = await Promise.all([["quok"], ["quokka", "harb"], ["m"]].map((w) => search(scope, w, { terms: true, cap: 5000, prefixWords: 64 })));
    assert.deepEqual(after, before);
    assert.deepEqual(after[1]!.length, 1);
  });

  if (kind === "postgres") test("one word: its forms with each marking asked of 048's index, as one query when few and one by one when many; the word itself checked on each candidate", async () => {
    const scope = scopes[3]!;
    for (const m of MARKINGS) await write(`${MANY} radar mango`, m, "document");
    const statements = async (words: string[], prefixWords: number) => {
      const { result: hits, seen } = await statementsOf(() => search(scope, words, { terms: true, cap: 5000, prefixWords }));
      assert.deepEqual(hits, await search(scope, words, { terms: false, cap: 5000, prefixWords }), JSON.stringify(words));
      assert.ok(hits.length > 0, JSON.stringify(words));
      return seen.filter((q) => /accord_search_tsv/.test(q.sql) && !/^\s*explain\b/.test(q.sql)); // (not the planner's estimate of the forms)
    };
    const marks = scope.markings!.ids.map((id) => `mk${id.toLowerCase()}`);
    // "radar": a form in each marking and each marking's unindexed texts, as one query; the word
    // alone is not in it (the index would read its whole entry), but checked by ts_match_vq.
    const few = await statements(["radar"], 64);
    assert.ok(few.length > 0);
    for (const q of few) {
      assert.match(q.sql, /accord_search_tsv\(s\.body, s\.marking_id\) @@ \$\d+::tsquery and ts_match_vq\(s\.tsv, /, q.sql);
      const asked = q.parameters.find((p): p is string => typeof p === "string" && p.includes(`'${marks[0]} radar'`) && p.includes(`'${marks[0]} '`))!;
      assert.ok(asked, JSON.stringify(q.parameters));
      for (const m of marks) assert.ok(asked.includes(`'${m} radar'`) && asked.includes(`'${m} '`), asked);
      assert.doesNotMatch(asked, /(^|[|&(] *)'radar'/, asked);
      // The ranked statement also counts the forms with a marking alone (matches for certain, see
      // `certain` in search.ts), marking by marking: the same forms, without the unindexed texts' alternatives.
      if (/ as \(select count\(\*\) as n from \(select 1 from generate_series\([\s\S]*?cross join lateral \(select 1 from search_docs s where accord_search_tsv/.test(q.sql)) {
        const certain = q.parameters.find((p): p is string => typeof p === "string" && p.includes(`'${marks[0]} radar'`) && !p.includes(`'${marks[0]} '`))!;
        assert.ok(certain, JSON.stringify(q.parameters));
        for (const m of marks) assert.ok(certain.includes(`'${m} radar'`), certain);
      }
    }
    // "many12": 111 completions in each marking, one by one (an array computed as the statement runs).
    const many = await statements(["many12"], 2000);
    assert.ok(many.length > 0);
    for (const q of many) assert.match(q.sql, /accord_search_tsv\(s\.body, s\.marking_id\) @@ any\(array\(select q::tsquery from unnest\(/, q.sql);
    for (const q of [...few, ...many]) {
      const plan = await db().transaction().execute(async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        return (await queryPlan(tx, q)).join("\n");
      });
      assert.match(plan, /Bitmap Index Scan on search_docs_marking_words/, plan);
      assert.doesNotMatch(plan, /search_docs_tsv|Gather/, plan);
    }
  });

  if (kind === "postgres") test("a narrow reader's ranked search through 048's index is prepared once per connection, its limits in its text, the same hits as the words alone", async () => {
    const scope = scopes[3]!;
    for (const m of MARKINGS) await write(`${MANY} yakstrap ocelot`, m, "document");
    // One word as one query, one word one by one (many completions), and two words. Their
    // prefixes are this test's own (longer than the words the property above writes or asks):
    // a prefix's completions remembered by an earlier search and outdated by a later write would
    // make the first search here run twice, a text of its own.
    for (const [words, prefixWords] of [[["yakstrap"], 64], [["many12"], 2000], [["ocelot", "yakst"], 64]] as const) {
      const held = await db().connection().execute(async (conn) => {
        const executor = conn.getExecutor();
        const run = executor.executeQuery.bind(executor);
        const seen: CompiledQuery[] = [];
        executor.executeQuery = <R>(q: CompiledQuery<R>) => { seen.push(q); return run(q); };
        let hits: string[] = [];
        try {
          for (let i = 0; i < 8; i++) {
            hits = (await searchRecords(conn, scope, { words: [...words], limit: 100, rankedMatches: 5000, markingTerms: 100_000, prefixWords })).map((h) => h.id);
          }
        } finally {
          executor.executeQuery = run;
        }
        // The first search reads the prefix's completions on their own; later ones check them within (see the next test).
        const texts = [...new Set(seen.map((q) => q.sql))].filter((t) => /accord_search_tsv/.test(t) && !/^\s*explain\b/.test(t));
        const runs = [];
        for (const text of texts) {
          const p = await sql<{ generic_plans: number; custom_plans: number }>`select generic_plans, custom_plans from pg_prepared_statements where statement = ${text}`.execute(conn);
          runs.push({ text, runs: p.rows[0] ? Number(p.rows[0].generic_plans) + Number(p.rows[0].custom_plans) : 0 });
        }
        return { hits, runs };
      });
      assert.ok(held.hits.length > 0, JSON.stringify(words));
      assert.deepEqual(held.hits, await search(scope, [...words], { terms: false, cap: 5000, prefixWords }), JSON.stringify(words));
      assert.ok(held.runs.length >= 1 && held.runs.length <= 2, JSON.stringify(held.runs));
      for (const { text } of held.runs) {
        assert.match(text, /limit 5001\)[\s\S]*limit 100\b/, text);
        assert.doesNotMatch(text, /limit \$\d/, text);
      }
      // Prepared from its second run (db.ts), then run by name: parsed once.
      const { text, runs } = held.runs[held.runs.length - 1]!;
      assert.ok(runs >= 6, `run by name (${runs} of 8): ${text}`);
    }
  });

  if (kind === "postgres") test("every search index takes a new entry into its tree at once: no pending list for searches to read (057)", async () => {
    for (let i = 0; i < 3; i++) await write(`pending okapi${i} herd`, MARKINGS[i]!, "document");
    await sql`create extension if not exists pgstattuple`.execute(db());
    // Every GIN index on the search entries, so one added later is held to it too.
    const indexes = (await sql<{ name: string; options: string[] | null; pending: number }>`
      select c.relname as name, c.reloptions as options, (pgstatginindex(c.oid)).pending_pages as pending
      from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
      where i.indrelid = 'search_docs'::regclass and a.amname = 'gin' order by c.relname`.execute(db())).rows;
    assert.deepEqual(indexes.map((x) => x.name), ["search_docs_marking_words", "search_docs_period_words", "search_docs_tsv"]);
    for (const x of indexes) {
      assert.ok(x.options?.includes("fastupdate=off"), `${x.name}: ${x.options}`);
      assert.equal(Number(x.pending), 0, `${x.name}'s pending list`);
    }
    const found = await search(scopes[3]!, ["okapi1"], { terms: true, cap: 5000, prefixWords: 64 });
    assert.equal(found.length, 1);
    assert.deepEqual(found, await search(scopes[3]!, ["okapi1"], { terms: false, cap: 5000, prefixWords: 64 }));
  });

  if (kind === "postgres") test("a prefix's completions found before are checked by the ranked search itself: no statement of their own, and a word written since is found", async () => {
    const scope = scopes[3]!;
    await write("quagga herd", MARKINGS[0]!, "document");
    await write("quagga quaggas", MARKINGS[2]!, "document");
    const reference = (words: string[]) => search(scope, words, { terms: false, cap: 5000, prefixWords: 64 });
    const lookups = (seen: CompiledQuery[]) => seen.filter((q) => /^\s*select term from search_terms/.test(q.sql));
    for (const words of [["quag"], ["herd", "quag"]]) {
      const first = await statementsOf(() => search(scope, words, { terms: true, cap: 5000, prefixWords: 64 }));
      assert.equal(first.result.length, words.length === 1 ? 2 : 1);
      assert.deepEqual(first.result, await reference(words));
      const again = await statementsOf(() => search(scope, words, { terms: true, cap: 5000, prefixWords: 64 }));
      assert.deepEqual(again.result, first.result);
      assert.deepEqual(lookups(again.seen).map((q) => q.sql), [], "the completions asked within the search statement");
      assert.ok(again.seen.some((q) => /from search_terms[\s\S]*accord_search_tsv|accord_search_tsv[\s\S]*from search_terms/.test(q.sql)), again.seen.map((q) => q.sql).join("\n"));
    }
    // A new word starting so: the known completions no longer hold; read afresh, and the search runs again.
    await write("quagmire herd", MARKINGS[1]!, "document");
    for (const words of [["quag"], ["herd", "quag"]]) {
      const { result, seen } = await statementsOf(() => search(scope, words, { terms: true, cap: 5000, prefixWords: 64 }));
      assert.equal(result.length, words.length === 1 ? 3 : 2, JSON.stringify(words));
      assert.deepEqual(result, await reference(words), JSON.stringify(words));
      // The first search reads them afresh (and again as it runs again); the second finds them known.
      assert.ok(words.length === 1 ? lookups(seen).length >= 1 : lookups(seen).length === 0, seen.map((q) => q.sql).join("\n"));
    }
    // No readable match: the statement answers nothing, so the completions are read again (a word
    // written since must not be missed), and the search stands when they are the same.
    const none = await statementsOf(() => search(scopes[0]!, ["quag"], { terms: true, cap: 5000, prefixWords: 64 }));
    assert.deepEqual(none.result, await search(scopes[0]!, ["quag"], { terms: false, cap: 5000, prefixWords: 64 }));
  });

  if (kind === "postgres") test("completions found before are checked by whichever statement a search starts with: no statement of their own, and a word written since is found", async () => {
    const lookups = (seen: CompiledQuery[]) => seen.filter((q) => /^\s*select term from search_terms/.test(q.sql));
    const ways = [
      { name: "broad, ranked", stem: "womb", opts: { terms: false, cap: 5000 }, first: /\bm as materialized/ },
      { name: "broad, newest first", stem: "numb", opts: { terms: false, cap: 0 }, first: /^\s*with top as/ }, // (every word past a cap of 0)
    ];
    const scope = scopes[3]!;
    for (const way of ways) {
      await write(`${way.stem}at burrow`, MARKINGS[0]!, "document");
      await write(`${way.stem}ats ${way.stem}at`, MARKINGS[2]!, "document");
      const ask = (words: string[]) => statementsOf(() => search(scope, words, { ...way.opts, prefixWords: 64 }));
      // The reference: the prefix searched as a prefix (no completions at all), by the words alone.
      const reference = async (words: string[]) => (await search(scope, words, { terms: false, cap: 5000, prefixWords: 0 })).sort();
      const prefixed = (words: string[]) => words.map((w) => (w === "?" ? way.stem : w));
      for (const [added, expected] of [[false, 2], [true, 3]] as const) {
        if (added) await write(`${way.stem}atting burrow`, MARKINGS[1]!, "document"); // a new word starting so, written since
        for (const words of [["?"], ["burrow", "?"]].map(prefixed)) {
          const at = JSON.stringify({ way: way.name, added, words });
          const first = await ask(words);
          assert.equal(first.result.length, words.length === 1 ? expected : expected - 1, at);
          assert.deepEqual([...first.result].sort(), await reference(words), at);
          // A word written since the completions were kept: the first search reads them afresh (and
          // again as it runs again); otherwise they are known, and checked by the search's statement.
          if (added && words.length === 1) assert.ok(lookups(first.seen).length >= 1, `${at}\n${first.seen.map((q) => q.sql).join("\n")}`);
          const again = await ask(words);
          assert.deepEqual(again.result, first.result, at);
          assert.deepEqual(lookups(again.seen).map((q) => q.sql), [], `${at}: the completions asked within the search statement`);
          // Every statement of the search (the planner's estimate aside) checks them, the way's own among them.
          const searching = again.seen.filter((q) => !/^\s*explain\b/.test(q.sql));
          const shown = `${at}\n${again.seen.map((q) => q.sql).join("\n")}`;
          assert.ok(searching.some((q) => way.first.test(q.sql)), shown);
          assert.ok(searching.every((q) => /\bterms_current\b/.test(q.sql)), shown);
        }
      }
    }
  });

  if (kind === "postgres") test("one word past the cap: its forms with a marking, counted alone, stop the ranked statement before its matches are read; the answer as the words alone", async () => {
    const scope = scopes[1]!; // reads MARKINGS[0] and [1], not [4]
    for (let i = 0; i < 3; i++) await write(`dingo ${"pup ".repeat(i)}`, MARKINGS[i % 2]!, "document");
    const reference = (cap: number) => search(scope, ["dingo"], { terms: false, cap, prefixWords: 64 });
    /** The search at `cap`, and whether its ranked statement read the matches (EXPLAIN ANALYZE of it, run again). */
    const run = async (cap: number) => {
      const { result, seen } = await statementsOf(() => search(scope, ["dingo"], { terms: true, cap, prefixWords: 64 }));
      const ranked = seen.filter((q) => /\bm as materialized/.test(q.sql));
      assert.equal(ranked.length, 1, seen.map((q) => q.sql).join("\n"));
      const analyzed = (await db().executeQuery<{ "QUERY PLAN": string }>({ ...ranked[0]!, sql: `explain (analyze, costs off, timing off) ${ranked[0]!.sql}` })).rows.map((r) => r["QUERY PLAN"]);
      // The scan of the matches with their rank is the one that checks the words on each row.
      const scan = analyzed.findIndex((l) => /Filter: .*ts_match_vq/.test(l));
      assert.ok(scan > 0, analyzed.join("\n"));
      const node = analyzed.slice(0, scan).reverse().find((l) => /Scan on search_docs/.test(l))!;
      // Past the cap, the newest matches are walked: each row's marking checked before its words.
      const walk = seen.find((q) => /^\s*with top as \(select s\.record_id, s\.body from search_docs s where/.test(q.sql));
      if (walk) assert.match((await queryPlan(db(), walk)).join("\n"), /CASE WHEN \(marking_id = ANY \([^)]*\)\) THEN ts_match_vq\(tsv, /);
      const counted = /\bc as \(select count\(\*\) as n from \(select 1 from generate_series\([\s\S]*?cross join lateral \(select 1 from search_docs s where accord_search_tsv/.test(ranked[0]!.sql);
      return { result, read: !/never executed/.test(node), plan: analyzed.join("\n"), walked: walk !== undefined, counted };
    };
    // Three readable matches, all with the word indexed with their marking: past a cap of 2 they are
    // counted as such and the ranked scan never runs; newest first, as the words alone.
    const past = await run(2);
    assert.equal(past.result.length, 3);
    assert.deepEqual(past.result, await reference(2));
    assert.deepEqual(past.result, [...past.result].sort().reverse(), "newest first");
    assert.equal(past.read, false, past.plan);
    assert.ok(past.counted);
    assert.ok(past.walked);
    // Well within the cap by the planner's estimate: not counted so (the ranked scan counts them).
    const within = await statementsOf(() => search(scope, ["dingo"], { terms: true, cap: 5000, prefixWords: 64 }));
    assert.deepEqual(within.result, await reference(5000));
    assert.ok(within.seen.some((q) => /\bm as materialized/.test(q.sql)) && !within.seen.some((q) => /\bc as \(select count/.test(q.sql)), within.seen.map((q) => q.sql).join("\n"));
    // At the cap: ranked, as the words alone.
    const at = await run(3);
    assert.deepEqual(at.result, await reference(3));
    assert.equal(at.read, true, at.plan);
    assert.notDeepEqual(at.result, past.result, "ranked, not newest first");
    // A text of too many words to be indexed with its marking is a match the forms do not count:
    // 3 counted for certain, 4 in all, so past a cap of 3 after the ranked scan counted them.
    await write(`${MANY} dingo`, MARKINGS[0]!, "document");
    const unindexed = await run(3);
    assert.equal(unindexed.result.length, 4);
    assert.deepEqual(unindexed.result, await reference(3));
    assert.deepEqual(unindexed.result, [...unindexed.result].sort().reverse(), "newest first");
    assert.equal(unindexed.read, true, unindexed.plan);
    assert.deepEqual((await run(4)).result, await reference(4));
    // Counted so first when the planner's estimate is not well within the cap (any estimate, at a
    // cap of 1); once found within it, not again: the ranked scan counts them.
    await write("wallaby", MARKINGS[1]!, "document");
    const counted = (seen: CompiledQuery[]) => seen.some((q) => /\bc as \(select count/.test(q.sql));
    const first = await statementsOf(() => search(scope, ["wallaby"], { terms: true, cap: 1, prefixWords: 64 }));
    const second = await statementsOf(() => search(scope, ["wallaby"], { terms: true, cap: 1, prefixWords: 64 }));
    assert.equal(first.result.length, 1);
    for (const { result } of [first, second]) assert.deepEqual(result, await search(scope, ["wallaby"], { terms: false, cap: 1, prefixWords: 64 }));
    assert.deepEqual([counted(first.seen), counted(second.seen)], [true, false]);
  });

  if (kind === "postgres") test("one word past the cap: its forms counted marking by marking, stopping in the first marking that holds more than the cap", async () => {
    const scope = scopes[1]!; // reads MARKINGS[0] and [1]
    for (let i = 0; i < 6; i++) await write(`gnuherd ${i}`, MARKINGS[i % 2]!, "document"); // 3 in each
    const { result, seen } = await statementsOf(() => search(scope, ["gnuherd"], { terms: true, cap: 2, prefixWords: 64 }));
    assert.deepEqual(result, await search(scope, ["gnuherd"], { terms: false, cap: 2, prefixWords: 64 }));
    assert.deepEqual(result, [...result].sort().reverse(), "newest first");
    const ranked = seen.filter((q) => /\bc as \(select count/.test(q.sql));
    assert.equal(ranked.length, 1, seen.map((q) => q.sql).join("\n"));
    const plan = await db().transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx); // (the test's table is small)
      return (await tx.executeQuery<{ "QUERY PLAN": string }>({ ...ranked[0]!, sql: `explain (analyze, costs off, timing off) ${ranked[0]!.sql}` })).rows.map((r) => r["QUERY PLAN"]);
    });
    // Whichever marking comes first holds 3, more than the cap: the count stops there.
    const markings = plan.find((l) => /Function Scan on generate_series/.test(l));
    assert.match(markings ?? "", /actual rows=1 loops=1/, plan.join("\n"));
    assert.ok(plan.some((l) => /Bitmap Index Scan on search_docs_marking_words .*actual rows=3 loops=1/.test(l)), plan.join("\n"));
  });

  if (kind === "postgres") test("within the cap, a kind of which no match is answers nothing from the ranked statement, without walking the matches newest first", async () => {
    const scope = scopes[1]!; // reads MARKINGS[0] and [1]
    for (let i = 0; i < 3; i++) await write(`kiwibird ${"egg ".repeat(i)}`, MARKINGS[i % 2]!, "document");
    const walks = (seen: CompiledQuery[]) => seen.filter((q) => /order by s\.record_id desc/.test(q.sql));
    for (const cap of [5000, 3]) {
      const none = await statementsOf(() => search(scope, ["kiwibird"], { terms: true, cap, prefixWords: 64, kind: "organisation" }));
      assert.deepEqual(none.result, []);
      assert.deepEqual(none.result, await search(scope, ["kiwibird"], { terms: false, cap, prefixWords: 64, kind: "organisation" }));
      assert.deepEqual(walks(none.seen).map((q) => q.sql), [], `cap ${cap}`);
    }
    // Past the cap the newest matches are walked (and none is of the kind).
    const past = await statementsOf(() => search(scope, ["kiwibird"], { terms: true, cap: 2, prefixWords: 64, kind: "organisation" }));
    assert.deepEqual(past.result, await search(scope, ["kiwibird"], { terms: false, cap: 2, prefixWords: 64, kind: "organisation" }));
    assert.deepEqual(past.result, []);
    assert.ok(walks(past.seen).length > 0, past.seen.map((q) => q.sql).join("\n"));
    // And the kind of the matches finds them, ranked within the cap.
    const found = await search(scope, ["kiwibird"], { terms: true, cap: 5000, prefixWords: 64 });
    assert.equal(found.length, 3);
    assert.deepEqual(found, await search(scope, ["kiwibird"], { terms: false, cap: 5000, prefixWords: 64 }));
  });

  if (kind === "postgres") test("past the cap with a kind, the newest entries walked are bounded, then every match is taken from 048's index; the answer as the words alone", async () => {
    const scope = scopes[1]!; // reads MARKINGS[0] and [1]
    await write("okapiwalk old", MARKINGS[0]!, "organisation"); // the only match of the kind, the oldest
    for (let i = 0; i < 4; i++) await write(`okapiwalk ${i}`, MARKINGS[i % 2]!, "document");
    for (let i = 0; i < 12; i++) await write(`newer entry ${i}`, MARKINGS[i % 2]!, i % 2 ? "organisation" : "document");
    const reference = await search(scope, ["okapiwalk"], { terms: false, cap: 2, prefixWords: 64, kind: "organisation" });
    assert.equal(reference.length, 1);
    for (const kindWalk of [5, 100]) {
      const { result, seen } = await statementsOf(() => searchRecords(db(), scope, { words: ["okapiwalk"], kind: "organisation", limit: 20, rankedMatches: 2, markingTerms: 100_000, prefixWords: 64, kindWalk }));
      assert.deepEqual(result.map((h) => h.id), reference, `walk ${kindWalk}`);
      const walks = seen.filter((q) => /order by s\.record_id desc limit/.test(q.sql));
      assert.equal(walks.length, 1, seen.map((q) => q.sql).join("\n"));
      // The walk, made to read the primary key (the test's table is small), reads no more entries than its bound.
      const plan = await db().transaction().execute(async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        await sql`set local enable_bitmapscan = off`.execute(tx);
        return (await tx.executeQuery<{ "QUERY PLAN": string }>({ ...walks[0]!, sql: `explain (analyze, costs off, timing off) ${walks[0]!.sql}` })).rows.map((r) => r["QUERY PLAN"]);
      });
      const scan = plan.find((l) => /Index Scan Backward using search_docs_pkey/.test(l));
      assert.ok(scan, plan.join("\n"));
      const read = Number(/actual rows=(\d+)/.exec(scan)![1]);
      assert.ok(read <= kindWalk, plan.join("\n"));
      // Fewer than the page within the bound: every match from 048's index, the newest kept.
      const fromIndex = seen.filter((q) => /order by s\.record_id \|\| '' desc/.test(q.sql));
      assert.equal(fromIndex.length, 1, seen.map((q) => q.sql).join("\n"));
      assert.match((await queryPlan(db(), fromIndex[0]!)).join("\n"), /search_docs_marking_words|Seq Scan on search_docs/);
    }
  });

  if (kind === "postgres") test("the words are asked for with each marking, and each marking with a space for texts not so indexed", async () => {
    const scope = scopes[1]!;
    const { seen } = await statementsOf(() => search(scope, ["orchard", "radar"], { terms: true, cap: 5000, prefixWords: 64 }));
    const params = seen.flatMap((q) => q.parameters).filter((p): p is string => typeof p === "string");
    const marks = scope.markings!.ids.map((id) => `mk${id.toLowerCase()}`);
    const asked = params.find((p) => p.includes(`'${marks[0]} orchard'`));
    assert.ok(asked, params.join("\n"));
    for (const m of marks) {
      assert.ok(asked.includes(`'${m} orchard'`) && asked.includes(`'${m} '`), asked);
    }
    // Through 048's index of the expression, not the words' own index (the planner told that
    // scanning the table costs much, as it does at scale: the test's table is a few hundred rows).
    const statement = seen.find((q) => q.parameters.includes(asked))!;
    const plan = await db().transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      return (await queryPlan(tx, statement)).join("\n");
    });
    assert.match(plan, /search_docs_marking_words/, plan);
    assert.doesNotMatch(plan, /search_docs_tsv/, plan);
  });
});
