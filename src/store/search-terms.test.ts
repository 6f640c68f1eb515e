// The words of the search index: every word the index holds is in `search_terms`, whatever
// the text (diacritics, other scripts, punctuation), through creation, edits and a refill; and a
// search whose last word is asked for as the words it starts finds exactly what the same search
// as a prefix finds (the store's own prefix query is the reference), on both stores.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { sql, type CompiledQuery } from "kysely";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { explain } from "../testing/explain.ts";
import { refreshSearchTerms, wordsStartingWith } from "./search-terms.ts";

const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };
// Words sharing prefixes, with diacritics, other scripts and joined forms, so prefixes start several.
const WORDS = ["radar", "radars", "radio", "Radár", "rad", "ra", "sonar", "naïve", "naive", "NAÏVETÉ", "b52", "B-52", "co-production",
  "שלום", "שלומות", "नमस्ते", "नमक", "radarשלום", "Straße", "strasse", "ǅemal", "x2", "x", "ﬁre", "fire"];
const word = fc.oneof(fc.constantFrom(...WORDS), fc.stringMatching(/^[a-zA-Z0-9éàüß]{1,7}$/));
const text = fc.array(word, { minLength: 1, maxLength: 6 }).map((ws) => ws.join(" "));

for (const kind of STORES) describe(`search terms (${kind})`, () => {
  let env: TestEnv;
  before(async () => { env = await testEnv(kind); });
  after(async () => { await env.close(); });

  /** The words the index holds for the text: FTS5's vocabulary of its body column; the tsvector column less each row's marking lexeme. */
  const indexWords = async () => {
    if (kind === "postgres") {
      return (await sql<{ term: string }>`select term from (select distinct t as term from search_docs, unnest(tsvector_to_array(tsv)) t
        where t <> 'mk' || lower(marking_id)) w order by term collate "C"`.execute(env.store.db)).rows.map((r) => r.term);
    }
    await sql`create virtual table if not exists temp.test_index_words using fts5vocab(main, search_fts, 'col')`.execute(env.store.db);
    return (await sql<{ term: string }>`select distinct term from temp.test_index_words where col = 'body' order by term`.execute(env.store.db)).rows.map((r) => r.term);
  };
  const kept = async () => (await sql<{ term: string }>`select term from search_terms order by term`.execute(env.store.db)).rows.map((r) => r.term);

  test("every word of the index is kept, through creation and edits, and a search by completions finds what the prefix finds", async () => {
    const api = client(env.app, await buildUser(env.store.db, { roles: ["secretariat"] }));
    const config = env.app.ctx.config;
    const made: string[] = [];
    await explain(fc.assert(fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 4 }), text, fc.nat(), async (names, edit, pick) => {
      for (const name of names) {
        const res = await api.post("/api/organisations", { marking: PUBLIC, name, country: "IND", kind: "company" });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        made.push(res.body.id);
      }
      const target = made[pick % made.length]!;
      assert.equal((await api.patch(`/api/organisations/${target}`, { name: edit })).status, 200);
      const have = new Set(await kept());
      const missing = (await indexWords()).filter((w) => !have.has(w));
      assert.deepEqual(missing, [], "words of the index missing from search_terms");
      // Every prefix of every word written, searched with and without completions, finds the same records.
      const prefixes = new Set([...names, edit].flatMap((n) => n.split(/\s+/)).flatMap((w) => [w, w.slice(0, 1), w.slice(0, 2), w.slice(0, 3)]).filter(Boolean));
      const before = config.searchPrefixWords;
      try {
        for (const p of prefixes) {
          const found: string[][] = [];
          for (const max of [64, 1, 0]) {
            config.searchPrefixWords = max;
            const res = await api.get(`/api/search?q=${encodeURIComponent(`works ${p}`)}&limit=50`);
            const alone = await api.get(`/api/search?q=${encodeURIComponent(p)}&limit=50`);
            assert.equal(res.status, 200);
            assert.equal(alone.status, 200);
            found.push([...res.body.items.map((i: { id: string }) => i.id).sort(), "|", ...alone.body.items.map((i: { id: string }) => i.id).sort()]);
          }
          assert.deepEqual(found[0], found[2], `completions of ${JSON.stringify(p)}`);
          assert.deepEqual(found[1], found[2], `completions (at most 1) of ${JSON.stringify(p)}`);
        }
      } finally {
        config.searchPrefixWords = before;
      }
    }), { numRuns: 15 }));
  });

  test("a prefix of the marking lexemes finds only the text's words (PostgreSQL indexes each marking as 'mk' and its id)", async () => {
    const api = client(env.app, await buildUser(env.store.db, { roles: ["secretariat"] }));
    const mango = await api.post("/api/organisations", { marking: PUBLIC, name: "Mango orchard", country: "IND", kind: "company" });
    assert.equal((await api.post("/api/organisations", { marking: PUBLIC, name: "Quince orchard", country: "IND", kind: "company" })).status, 201);
    const config = env.app.ctx.config;
    const before = config.searchPrefixWords;
    try {
      for (const max of [64, 0]) {
        config.searchPrefixWords = max;
        for (const q of ["orchard m", "orchard mk", "orchard mango"]) {
          const res = await api.get(`/api/search?q=${encodeURIComponent(q)}&limit=50`);
          assert.equal(res.status, 200);
          const ids = res.body.items.map((i: { id: string }) => i.id);
          assert.deepEqual(ids, q === "orchard mk" ? [] : [mango.body.id], `${q} (${max})`);
        }
      }
    } finally {
      config.searchPrefixWords = before;
    }
  });

  test("a refill from the index gives back every word, and completions come from it in order", async () => {
    const api = client(env.app, await buildUser(env.store.db, { roles: ["secretariat"] }));
    for (const name of ["Radar works", "Radars and radios", "Radiant"]) {
      assert.equal((await api.post("/api/organisations", { marking: PUBLIC, name, country: "IND", kind: "company" })).status, 201);
    }
    await sql`delete from search_terms`.execute(env.store.db);
    await refreshSearchTerms(env.store.db);
    assert.deepEqual(await kept(), await indexWords());
    const rad = (await indexWords()).filter((w) => w.startsWith("rad"));
    assert.ok(["radar", "radars", "radiant", "radios"].every((w) => rad.includes(w)), rad.join(" "));
    assert.deepEqual(await wordsStartingWith(env.store.db, "Rad", 64), rad);
    assert.equal(await wordsStartingWith(env.store.db, "rad", 2), null, "more words than allowed: searched as a prefix");
    assert.deepEqual(await wordsStartingWith(env.store.db, "zzzq", 64), [], "no word starts so");
    assert.equal(await wordsStartingWith(env.store.db, "radár", 64), null, "not plain ASCII: searched as a prefix");
    if (kind === "sqlite") {
      // No value that SQLite's planner looks up in its index samples (STAT4) is bound, or it would
      // plan the statement again before every run: the bounds as `+?`, the limit in the text.
      const executor = env.store.db.getExecutor();
      const run = executor.executeQuery.bind(executor);
      const seen: CompiledQuery[] = [];
      executor.executeQuery = <R>(q: CompiledQuery<R>) => { seen.push(q); return run(q); };
      try {
        assert.deepEqual(await wordsStartingWith(env.store.db, "rad", 64), rad);
      } finally {
        executor.executeQuery = run;
      }
      assert.equal(seen.length, 1);
      assert.match(seen[0]!.sql, /term >= \+\? and term < \+\? order by term limit 65$/);
      assert.deepEqual(seen[0]!.parameters, ["rad", "rad\u{10FFFF}"]);
    }
  });
});
