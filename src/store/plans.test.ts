// The plans the stores choose for the queries of a list page, asserted by shape (an index walked,
// no sort), for narrow and broad readers; and the in-process caches those pages rely on.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { migrate } from "./migrate.ts";
import { seedReference } from "../seed/reference.ts";
import { openTestStore, STORES } from "../testing/harness.ts";
import { queryPlan } from "../testing/explain.ts";
import { internMarking, loadMarkings } from "./markings.ts";
import { ALL } from "../domain/markings.ts";
import { NotReadable, Reader, type ReadId } from "./reader.ts";
import { readableBy, Scope, type Viewer } from "./access.ts";
import { documentsPresentationQuery, getDocument, listDocuments, presentDocuments, versionsQuery } from "../resources/documents/present.ts";
import type { Store } from "./db.ts";
import { CompiledQuery, sql, type KyselyPlugin } from "kysely";
import { searchRecords } from "./search.ts";
import { indexSearchEntry } from "./search-terms.ts";
import { resolveRefs } from "./refs.ts";
import { testEnv, type TestEnv } from "../testing/harness.ts";
import { seedScale, SCALE_BROAD, SCALE_NARROW } from "../seed/scale.ts";
import { loadViewer } from "../accounts/users.ts";
import { MarkingSets } from "./marking-sets.ts";
import { actionsPageQuery, listActions } from "../resources/actions/list.ts";
import { getAction, keepPageRows, presentActions } from "../resources/actions/present.ts";
import { ActionQuery } from "../resources/actions/schema.ts";
import { nextCursor } from "../http/pagination.ts";

/** `db` with every statement it runs kept in `seen`, as compiled. */
function capturing(db: Store["db"]) {
  const executor = db.getExecutor();
  const seen: CompiledQuery[] = [];
  const capture: KyselyPlugin = {
    transformQuery: (a) => {
      seen.push(executor.compileQuery(a.node, a.queryId));
      return a.node;
    },
    transformResult: async (a) => a.result,
  };
  return { conn: db.withPlugin(capture), seen };
}

const viewer: Viewer = { id: "01J00000000000000000000000", username: "v", displayName: "v", nationality: "IND", clearance: 4, compartments: [], roles: [], status: "active", locale: "en", mfaEnabled: false, personId: null };

for (const kind of STORES) {
  describe(`page queries and their caches (${kind})`, () => {
    const stores: { store: Store; drop(): Promise<void> }[] = [];
    before(async () => {
      for (let i = 0; i < 2; i++) {
        const s = await openTestStore(kind);
        await migrate(s.store);
        await seedReference(s.store.db);
        stores.push(s);
      }
    });
    after(async () => {
      for (const s of stores) {
        await s.store.close();
        await s.drop();
      }
    });

    test("a page's document versions come in the primary key's order, never sorted", async () => {
      const reader = new Reader(stores[0]!.store.db, Scope.forUser(viewer), { actor: viewer.id, client: null });
      const ids = ["01J00000000000000000000001", "01J00000000000000000000002"] as ReadId[];
      const plan = (await queryPlan(stores[0]!.store.db, versionsQuery(reader, ids))).join("\n");
      if (kind === "sqlite") {
        // The key's index, or 051's, which starts with the key's columns and holds the rest.
        assert.match(plan, /document_versions_pk|PRIMARY KEY|sqlite_autoindex_document_versions|document_versions_shown/i, plan);
        assert.doesNotMatch(plan, /TEMP B-TREE/i, plan);
      } else {
        // PostgreSQL sorts a page's few versions in memory after an index scan by document: asserted is the index.
        assert.match(plan, /Index (Only )?Scan|Bitmap Index Scan/, plan);
      }
    });

    test("a page's id lists bind one value whatever their length (from two ids on), and each id is sought by key", async () => {
      const reader = new Reader(stores[0]!.store.db, Scope.forUser(viewer), { actor: viewer.id, client: null });
      const few = ["01J00000000000000000000001", "01J00000000000000000000002"] as ReadId[];
      const more = ["01J00000000000000000000001", "01J00000000000000000000002", "01J00000000000000000000003"] as ReadId[];
      const shapes = [
        (ids: ReadId[]) => reader.children("documents", ids).selectAll(),
        (ids: ReadId[]) => reader.children("action_updates", ids).selectAll(),
        (ids: ReadId[]) => reader.records().select(["r.id", "r.title"]).where(reader.oneOf("r.id", ids)),
      ];
      for (const shape of shapes) {
        const [a, b] = [shape(few).compile(), shape(more).compile()];
        // One text for any number of ids (SQLite: a bound value its planner does not look up in
        // the index samples, so the statement is not prepared again before each run; dialect.ts).
        assert.equal(a.sql, b.sql);
        assert.equal(a.parameters.length, b.parameters.length, a.sql);
        // One id alone is compared as `= ?` on SQLite; any number is sought by key.
        for (const ids of [more, more.slice(0, 1)]) {
          const plan = (await queryPlan(stores[0]!.store.db, shape(ids))).join("\n");
          if (kind === "sqlite") {
            assert.match(plan, /SEARCH \w+ USING (COVERING )?INDEX \w+ \((id|action_id)=\?\)/, plan);
            assert.doesNotMatch(plan, /SCAN (documents|action_updates|r)\b/, plan);
          }
        }
      }
      // A kind is written into a page's text, not bound (SQLite: a bound kind is looked up in the samples too).
      const page = await reader.pageQuery("document", { limit: 50 });
      assert.match(page.sql, /'document'/, page.sql);
      assert.ok(!page.parameters.includes("document"), page.sql);
      if (kind === "sqlite") {
        // One id is bound as `+?`, a value the planner does not look up (keyEquals in dialect.ts).
        for (const shape of shapes) assert.match(shape(more.slice(0, 1)).compile().sql, /= \+\?/, shape(more.slice(0, 1)).compile().sql);
        // So is a page's limit, written into its text whether the page is filtered or not (Reader.pageLimit).
        const filtered = await reader.pageQuery("document", { limit: 50, filters: [sql<boolean>`r.title <> ${"x"}`] });
        for (const q of [page, filtered]) {
          assert.match(q.sql, /limit 51\b/i, q.sql);
          assert.ok(!q.parameters.includes(51), q.sql);
        }
      }
    });

    test("one record is sought by its id, its value bound as a value the planner does not look up (SQLite)", async () => {
      const db = stores[0]!.store.db;
      const { conn, seen } = capturing(db);
      const reader = new Reader(conn, Scope.forUser(viewer), { actor: viewer.id, client: null });
      assert.equal(await reader.find("document", "01J00000000000000000000001"), null);
      const found = seen.find((q) => /from "records"/.test(q.sql));
      assert.ok(found, seen.map((q) => q.sql).join("\n"));
      if (kind === "sqlite") {
        assert.match(found.sql, /"r"\."id" = \+\?/, found.sql);
        const plan = (await queryPlan(db, found)).join("\n");
        assert.match(plan, /SEARCH r USING INDEX sqlite_autoindex_records_1 \(id=\?\)/, plan);
      } else {
        assert.match(found.sql, /"r"\."id" = \$\d+/, found.sql);
      }
    });

    test("references are sought by key, one text for any number of ids (SQLite: the ids' list walked, each record looked up)", async () => {
      const db = stores[0]!.store.db;
      const { conn, seen } = capturing(db);
      const scope = Scope.forUser(viewer);
      const ids = ["01J00000000000000000000001", "01J00000000000000000000002", "01J00000000000000000000003"];
      for (const wanted of [ids, ids.slice(0, 2)]) {
        const refs = await resolveRefs(conn, scope, [...wanted, null, wanted[0]]);
        assert.deepEqual([...refs.keys()], wanted);
      }
      assert.equal(seen.length, 2);
      assert.equal(seen[0]!.sql, seen[1]!.sql, "one text");
      const plan = (await queryPlan(db, seen[0]!)).join("\n");
      if (kind === "sqlite") {
        assert.match(plan, /SCAN j VIRTUAL TABLE[\s\S]*SEARCH r USING INDEX sqlite_autoindex_records_1 \(id=\?\)/, plan);
        assert.doesNotMatch(plan, /SCAN r\b/, plan);
      } else {
        assert.doesNotMatch(plan, /Seq Scan on records/, plan);
      }
    });

    test("references' kinds and titles come back exactly, whatever their characters (SQLite: the readable ones read as one JSON row)", async () => {
      const db = stores[0]!.store.db;
      const open = await internMarking(db, { classification: 0, originator: "IND", releasableTo: ALL, compartments: [] });
      const closed = await internMarking(db, { classification: 4, originator: "ISR", releasableTo: ["ISR"], compartments: [] });
      const titles = ['"quoted" \\ back\\slash', "tab\tnew\nline\r\u0001\u001f\u007f", "ünïcödé 日本語 😀 \u2028\u2029", "</script>&<>'", " ", "x".repeat(5000)];
      const at = new Date(Date.UTC(2031, 0, 1)).toISOString();
      const row = (id: string, title: string, marking: string) => ({ id, kind: "document", marking_id: marking, title, created_by: "test", created_at: at, updated_at: at, version: 1 });
      const readable = titles.map((title, i) => row(`01J0000000000000000000REF${i}`, title, open));
      const withheld = row("01J0000000000000000000REFX", "not yours", closed);
      await db.insertInto("records").values([...readable, withheld]).execute();
      const reader = { ...viewer, id: "01J0000000000000000000REFV", username: "refs" };
      await db.insertInto("users").values({ id: reader.id, username: reader.username, display_name: "refs", person_id: null, nationality: reader.nationality, organisation_id: null, clearance: reader.clearance,
        status: "active", password_hash: "-", mfa_secret: null, mfa_enabled: 0, mfa_last_step: null, locale: "en", locked_until: null, created_at: at, updated_at: at, email: null }).execute();
      const wanted = [readable[0]!.id, withheld.id, ...readable.slice(1).map((r) => r.id), "01J0000000000000000000NONE"];
      // By the read rule itself, and by the reader's computed set (kept statements), as a request reads them.
      for (const scope of [Scope.forUser(reader), await new MarkingSets(db, stores[0]!.store.dialect).scopeFor(reader)]) {
        for (let round = 0; round < 2; round++) {
          const refs = await resolveRefs(db, scope, [...wanted, null, wanted[0]]);
          assert.deepEqual([...refs.keys()], wanted);
          for (const r of readable) assert.deepEqual(refs.get(r.id), { id: r.id, kind: "document", title: r.title, withheld: false });
          for (const id of [withheld.id, "01J0000000000000000000NONE"]) assert.deepEqual(refs.get(id), { id: null, withheld: true });
        }
      }
      // Handed to JavaScript as one row (a JSON array), not a row per reference (see readableOf).
      const { conn, seen } = capturing(db);
      await resolveRefs(conn, Scope.forUser(reader), wanted);
      assert.equal(seen.length, 1);
      const rows = (await db.executeQuery(seen[0]!)).rows;
      assert.equal(rows.length, kind === "sqlite" ? 1 : readable.length, seen[0]!.sql);
      await db.deleteFrom("records").where("id", "in", [...readable, withheld].map((r) => r.id)).execute();
      await db.deleteFrom("users").where("id", "=", reader.id).execute();
    });

    test("markings are cached per store: one id may name different markings in two stores", async () => {
      const id = "01J0000000000000000000MARK";
      for (const [i, s] of stores.entries()) {
        await s.store.db.insertInto("markings").values({ id, key: `test-${i}`, cls: i + 1, originator: i ? "ISR" : "IND", rel_all: 1 }).execute();
      }
      for (let round = 0; round < 2; round++) {
        for (const [i, s] of stores.entries()) {
          const m = (await loadMarkings(s.store.db, [id])).get(id)!;
          assert.equal(m.classification, i + 1);
          assert.equal(m.originator, i ? "ISR" : "IND");
        }
      }
    });
  });
}

// The list pages of the scale data's two readers. Narrow (one compartment, a few markings): on
// SQLite the bounded probe chooses to seek the readable markings' entries; on PostgreSQL each
// readable marking's newest are walked in (marking, kind, created_at, id) and merged, whatever the
// planner's estimates. Broad (nearly every marking): never a walk per marking.
for (const kind of STORES) {
  describe(`list page plans for narrow and broad readers (${kind})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await testEnv(kind);
      await seedScale(env.store.db, { records: 4000 });
      await sql`analyze`.execute(env.store.db);
    });
    after(async () => { await env.close(); });

    async function planFor(username: string): Promise<{ plan: string; chosen: string | undefined }> {
      const u = await env.store.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
      const scope = await new MarkingSets(env.store.db, env.store.dialect).scopeFor((await loadViewer(env.store.db, u.id))!);
      const reader = new Reader(env.store.db, scope, { actor: u.id, client: null });
      return { plan: (await queryPlan(env.store.db, await reader.pageQuery("document", { limit: 50 }))).join("\n"), chosen: await reader.plan("document") };
    }

    test("a narrow reader's page seeks its markings", async () => {
      const { plan } = await planFor(SCALE_NARROW);
      assert.match(plan, /records_marking_kind_created/, plan);
      if (kind === "postgres") {
        assert.match(plan, /Function Scan on unnest m/, plan);
        // Its columns included in the index (migration 055): the walk reads the index alone.
        assert.match(plan, /Index Only Scan Backward using records_marking_kind_created on records r/, plan);
      }
      assert.doesNotMatch(plan, /records_kind_created/, plan);
    });

    /** The statements a search runs, each with its plan. */
    async function searchPlans(username: string, rankedMatches = 5000): Promise<{ sql: string; plan: string }[]> {
      // A word of a record the narrow reader may read, so its search has readable matches.
      const narrow = await env.store.db.selectFrom("users").select("id").where("username", "=", SCALE_NARROW).executeTakeFirstOrThrow();
      const narrowScope = await new MarkingSets(env.store.db, env.store.dialect).scopeFor((await loadViewer(env.store.db, narrow.id))!);
      const title = (await new Reader(env.store.db, narrowScope, { actor: narrow.id, client: null }).all("document", 1))[0]!.title;
      const word = title.split(/[^\p{L}\p{N}]+/u).find((w) => w.length >= 4)!.toLowerCase();
      const u = await env.store.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
      const scope = await new MarkingSets(env.store.db, env.store.dialect).scopeFor((await loadViewer(env.store.db, u.id))!);
      const executor = env.store.db.getExecutor();
      const run = executor.executeQuery.bind(executor);
      const seen: CompiledQuery[] = [];
      executor.executeQuery = <R>(q: CompiledQuery<R>) => { seen.push(q); return run(q); };
      try {
        await searchRecords(env.store.db, scope, { words: [word], limit: 20, rankedMatches, markingTerms: 256, prefixWords: 64 });
      } finally {
        executor.executeQuery = run;
      }
      const out = [];
      // Left out: the readable count, the word's completions (a range of search_terms' key) and the planner's estimate.
      const aside = [/from \(select 1 from records t/, /^\s*select term from search_terms where term >=/, /^explain /];
      for (const q of seen.filter((x) => !aside.some((re) => re.test(x.sql)))) out.push({ sql: q.sql, plan: (await queryPlan(env.store.db, q)).join("\n") });
      return out;
    }

    test("a narrow reader's search evaluates the index once and ranks without the marking terms; on PostgreSQL from 048's index of the words with their marking, however few its readable records", async () => {
      const statements = await searchPlans(SCALE_NARROW);
      // SQLite: the matches' entries, ranked here; then the page's records, each by key.
      assert.equal(statements.length, kind === "sqlite" ? 2 : 1, statements.map((s) => s.sql).join("\n"));
      const { sql: text, plan } = statements[0]!;
      if (kind === "sqlite") {
        assert.doesNotMatch(text, /bm25/, text);
        assert.match(plan, /VIRTUAL TABLE INDEX/, plan);
        assert.doesNotMatch(text, /\brecords\b/, text);
        assert.match(statements[1]!.plan, /SCAN j VIRTUAL TABLE[\s\S]*SEARCH r USING INDEX sqlite_autoindex_records_1 \(id=\?\)/, statements[1]!.plan);
      } else {
        // (At 4,000 records the narrow reader may read fewer than PLAN_PROBE records: no walk of them.)
        assert.match(plan, /Bitmap Index Scan on search_docs_marking_words/, plan);
        assert.doesNotMatch(plan, /records_marking_kind_created|Function Scan on unnest m/, plan);
        assert.doesNotMatch(plan, /search_docs_tsv/, plan);
      }
    });

    test("a broad reader's search starts from the words (SQLite: counted first, then ranked; PostgreSQL: both in one statement, the page's records read alone)", async () => {
      const statements = await searchPlans(SCALE_BROAD);
      assert.equal(statements.length, kind === "sqlite" ? 2 : 1, statements.map((s) => s.sql).join("\n"));
      const { sql: text, plan } = statements.at(-1)!;
      assert.doesNotMatch(plan, /Function Scan on unnest m/, plan);
      if (kind === "sqlite") assert.match(text, /bm25/, text);
      else {
        assert.match(text, /ts_rank\(s\.tsv/, text);
        // The matches' records are not joined: only the page's are read, each by key.
        assert.match(plan, /Index Scan using records_pkey on records r/, plan);
        assert.doesNotMatch(plan, /Seq Scan on records/, plan);
        assert.match(plan, /Limit[\s\S]*Sort[\s\S]*CTE Scan on m/, plan);
      }
    });

    if (kind === "postgres") {
      test("a broad reader's common word, newest first: the search entries walked to a page, then only the page's records read", async () => {
        // A cap of 1 puts the word past it (the planner's estimate), so the matches go newest first uncounted.
        const statements = await searchPlans(SCALE_BROAD, 1);
        assert.equal(statements.length, 1, statements.map((s) => s.sql).join("\n"));
        const { sql: text, plan: whole } = statements[0]!;
        assert.doesNotMatch(text, /count\(\*\)|ts_rank/, text);
        // Set aside: the word's completions found before, checked in the statement (an InitPlan of its own).
        const plan = whole.replace(/\n  InitPlan \d+ \(returns \$\d+\)\n(?: {4,}.*\n)*? {6,}->  Index Only Scan using search_terms_pkey on search_terms\n {8,}.*\n/, "\n");
        // The page is taken from search_docs alone; the records are read by key, for the page only.
        assert.match(plan, /Nested Loop Left Join\s+->\s+Limit[\s\S]*search_docs s[\s\S]*Index Scan using records_pkey on records r/, plan);
        assert.doesNotMatch(plan, /Seq Scan on records|Hash Join/, plan);
      });

      test("a broad reader's word the planner expects well within the cap is read once; past the cap it still comes newest first, within it by relevance", async () => {
        const u = await env.store.db.selectFrom("users").select("id").where("username", "=", SCALE_BROAD).executeTakeFirstOrThrow();
        const scope = await new MarkingSets(env.store.db, env.store.dialect).scopeFor((await loadViewer(env.store.db, u.id))!);
        const reader = new Reader(env.store.db, scope, { actor: u.id, client: null });
        const marking = (await reader.all("document", 1))[0]!.marking_id;
        // Words no record had when the statistics were taken (before()): the planner expects about one
        // of each. The densest match is written first: by relevance it comes first, newest first last.
        const write = async (word: string, n: number) => {
          const ids: string[] = [];
          for (let i = 0; i < n; i++) {
            const id = `01ZZZZZZZZ${word.toUpperCase().padEnd(8, "X")}${String(i).padStart(8, "0")}`;
            const at = new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString();
            await env.store.db.insertInto("records").values({ id, kind: "document", marking_id: marking, title: `${word} ${i}`, created_by: "test", created_at: at, updated_at: at, version: 1 }).execute();
            const body = i === 0 ? `${word} ${word} ${word} works` : `${word} and partners, a long name of many other words entirely ${i}`;
            await env.store.db.insertInto("search_docs").values({ record_id: id, kind: "document", body, marking_id: marking }).execute();
            await indexSearchEntry(env.store.db, id, body);
            ids.push(id);
          }
          return ids;
        };
        const estimate = async (word: string) => (await sql<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }>`explain (format json) select 1 from search_docs s where s.tsv @@ ${word}::tsquery`.execute(env.store.db)).rows[0]!["QUERY PLAN"][0].Plan["Plan Rows"];
        // The cap: each word expected well within it, by its margin (search.ts, ESTIMATE_MARGIN 4).
        const cap = 4 * Math.max(await estimate("zebu"), await estimate("gaur"));
        assert.ok(cap >= 4 && cap <= 200, `the planner expects a few matches of each (cap ${cap})`);
        const over = await write("zebu", cap + 1), within = await write("gaur", cap);
        const seen: CompiledQuery[] = [];
        const executor = env.store.db.getExecutor();
        const run = executor.executeQuery.bind(executor);
        executor.executeQuery = <R>(q: CompiledQuery<R>) => { seen.push(q); return run(q); };
        const search = async (word: string) => (await searchRecords(env.store.db, scope, { words: [word], limit: 1000, rankedMatches: cap, markingTerms: 256, prefixWords: 64 })).map((h) => h.id);
        try {
          assert.deepEqual(await search("zebu"), [...over].reverse(), "one match more than the cap: newest first");
          const ranked = await search("gaur");
          assert.equal(ranked.length, cap);
          assert.equal(ranked[0], within[0], "as many matches as the cap: by relevance, the densest first");
          assert.notDeepEqual(ranked, [...within].reverse());
        } finally {
          executor.executeQuery = run;
          // The other tests read the newest documents: these records have no documents row.
          const ids = [...over, ...within];
          await env.store.db.deleteFrom("search_docs").where("record_id", "in", ids).execute();
          await env.store.db.deleteFrom("records").where("id", "in", ids).execute();
        }
        // Read once: ranked up to the cap + 1 and counted from those, no count of its own.
        const counted = seen.filter((q) => /ts_rank\(s\.tsv/.test(q.sql));
        assert.equal(counted.length, 2, counted.map((q) => q.sql).join("\n"));
        for (const q of counted) assert.doesNotMatch(q.sql, /select 1 from search_docs/, q.sql);
      });

      test("a broad reader's common word: the newest-first walk is prepared once per connection, its limits in its text, and checks the word's completions read by the first search only", async () => {
        const u = await env.store.db.selectFrom("users").select("id").where("username", "=", SCALE_BROAD).executeTakeFirstOrThrow();
        const scope = await new MarkingSets(env.store.db, env.store.dialect).scopeFor((await loadViewer(env.store.db, u.id))!);
        const held = await env.store.db.connection().execute(async (db) => {
          const executor = db.getExecutor();
          const run = executor.executeQuery.bind(executor);
          const seen: CompiledQuery[] = [];
          executor.executeQuery = <R>(q: CompiledQuery<R>) => { seen.push(q); return run(q); };
          let hits = 0;
          try {
            // A cap of 1 puts the word past it (the planner's estimate), so its matches go newest first.
            for (let i = 0; i < 8; i++) hits = (await searchRecords(db, scope, { words: ["rad"], limit: 17, rankedMatches: 1, markingTerms: 256, prefixWords: 64 })).length;
          } finally {
            executor.executeQuery = run;
          }
          const texts = [...new Set(seen.map((q) => q.sql))].filter((t) => /ts_match_vq|from search_terms/.test(t));
          const out = [];
          for (const text of texts) {
            const p = await sql<{ generic_plans: number; custom_plans: number }>`select generic_plans, custom_plans from pg_prepared_statements where statement = ${text}`.execute(db);
            out.push({ text, runs: p.rows[0] ? Number(p.rows[0].generic_plans) + Number(p.rows[0].custom_plans) : 0 });
          }
          return { hits, out, lookups: seen.filter((q) => /^\s*select term from search_terms/.test(q.sql)).length };
        });
        assert.equal(held.hits, 17, "a page of the word's newest matches");
        // The first search reads the word's completions by a statement of their own (unless a test
        // before this one did); the others take them from memory and their walk checks them.
        assert.ok(held.lookups <= 1, JSON.stringify(held.out));
        const walks = held.out.filter((h) => /ts_match_vq/.test(h.text) && /\bterms_current\b/.test(h.text));
        assert.equal(walks.length, 1, JSON.stringify(held.out));
        for (const h of held.out) {
          assert.match(h.text, /limit \d+\b/, h.text);
          assert.doesNotMatch(h.text, /limit \$\d/, h.text);
        }
        // Prepared from its second run (db.ts; or before, by a test before this one), then run by name: parsed once.
        assert.ok(walks[0]!.runs >= 6, `run by name (${walks[0]!.runs} of at least 7): ${walks[0]!.text}`);
      });

      test("a broad reader's common word, newest first, reads the word's matches period by period, not the newer records without it; the same hits as every match ordered", async () => {
        const u = await env.store.db.selectFrom("users").select("id").where("username", "=", SCALE_BROAD).executeTakeFirstOrThrow();
        const scope = await new MarkingSets(env.store.db, env.store.dialect).scopeFor((await loadViewer(env.store.db, u.id))!);
        const marking = (await new Reader(env.store.db, scope, { actor: u.id, client: null }).all("document", 1))[0]!.marking_id;
        // The index's commonest plain word of four letters or more.
        const word = (await sql<{ word: string }>`select word from ts_stat('select to_tsvector(''simple'', body) from search_docs')
          where word ~ '^[a-z]{4,}$' order by ndoc desc, word limit 1`.execute(env.store.db)).rows[0]!.word;
        const seen: CompiledQuery[] = [];
        const executor = env.store.db.getExecutor();
        const run = executor.executeQuery.bind(executor);
        // A cap of 1 puts every word past it, so its matches go newest first.
        const search = async (words: string[], limit = 20, kind?: "document" | "action") => {
          executor.executeQuery = <R>(q: CompiledQuery<R>) => { seen.push(q); return run(q); };
          try {
            return (await searchRecords(env.store.db, scope, { words, kind, limit, rankedMatches: 1, markingTerms: 256, prefixWords: 64 })).map((h) => h.id);
          } finally {
            executor.executeQuery = run;
          }
        };
        // Every match, checked by the read rule, newest first: what the walk must answer.
        const every = async (tsquery: string, limit: number, kind?: string) => (await sql<{ id: string }>`select r.id from search_docs s join records r on r.id = s.record_id
          where s.tsv @@ to_tsquery('simple', ${tsquery}) and ${readableBy(scope, "r.marking_id")} ${kind ? sql`and r.kind = ${kind}` : sql``}
          order by r.id desc limit ${limit}`.execute(env.store.db)).rows.map((r) => r.id);
        // The rows the walk's statement reads from search_docs (each node's rows and those its filter removed).
        const examined = async () => {
          const q = seen.filter((x) => /ts_match_vq/.test(x.sql)).at(-1)!;
          const plan = (await env.store.db.executeQuery<{ "QUERY PLAN": unknown }>(CompiledQuery.raw(`explain (analyze, format json) ${q.sql}`, [...q.parameters]))).rows[0]!["QUERY PLAN"] as [{ Plan: PlanNode }];
          type PlanNode = { "Relation Name"?: string; "Actual Rows": number; "Actual Loops": number; "Rows Removed by Filter"?: number; "Rows Removed by Index Recheck"?: number; Plans?: PlanNode[] };
          const sum = (n: PlanNode): number => (n["Relation Name"] === "search_docs" ? (n["Actual Rows"] + (n["Rows Removed by Filter"] ?? 0) + (n["Rows Removed by Index Recheck"] ?? 0)) * n["Actual Loops"] : 0)
            + (n.Plans ?? []).reduce((t, c) => t + sum(c), 0);
          seen.length = 0;
          return sum(plan[0].Plan);
        };
        const before = await search([word]);
        assert.deepEqual(before, await every(word, 20), "the newest 20 matches");
        const readBefore = await examined();
        // 3,000 newer records without the word (ids after every seeded one, as a store's new records).
        const ids: string[] = [];
        for (let i = 0; i < 3000; i += 500) {
          const batch = Array.from({ length: 500 }, (_, j) => `01ZZZZZZZZNOWORD${String(i + j).padStart(10, "0")}`);
          const at = new Date(Date.UTC(2030, 0, 1)).toISOString();
          await env.store.db.insertInto("records").values(batch.map((id, j) => ({ id, kind: "document", marking_id: marking, title: `filler ${i + j}`, created_by: "test", created_at: at, updated_at: at, version: 1 }))).execute();
          await env.store.db.insertInto("search_docs").values(batch.map((id, j) => ({ record_id: id, kind: "document", body: `filler entry ${i + j} of other text`, marking_id: marking }))).execute();
          ids.push(...batch);
        }
        try {
          assert.deepEqual(await search([word]), before, "the same newest matches");
          const readAfter = await examined();
          assert.ok(readAfter <= readBefore + 50, `rows of search_docs read: ${readBefore} before, ${readAfter} after 3,000 newer records without the word`);
          // The prefix, two words, a kind and other limits: the same hits as every match ordered.
          const prefix = word.slice(0, 3);
          assert.deepEqual(await search([prefix], 30), await every(`${prefix}:*`, 30), "the last word as a prefix");
          const other = (await sql<{ word: string }>`select word from ts_stat('select to_tsvector(''simple'', body) from search_docs')
            where word ~ '^[a-z]{4,}$' and word <> ${word} order by ndoc desc, word limit 1`.execute(env.store.db)).rows[0]!.word;
          assert.deepEqual(await search([word, other.slice(0, 2)], 7), await every(`${word} & ${other.slice(0, 2)}:*`, 7), "two words");
          assert.deepEqual(await search([other, word], 5), await every(`${other} & ${word}:*`, 5), "two words, the first anchored");
          assert.deepEqual(await search([word], 9, "action"), await every(word, 9, "action"), "a kind");
          assert.deepEqual(await search([word], 1000), await every(word, 1000), "more than most periods hold, to the oldest");
          assert.deepEqual(await search(["zzqx"]), [], "no match");
        } finally {
          await env.store.db.deleteFrom("search_docs").where("record_id", "in", ids).execute();
          await env.store.db.deleteFrom("records").where("id", "in", ids).execute();
        }
      });
    }

    async function readerFor(username: string): Promise<Reader> {
      const u = await env.store.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
      const scope = await new MarkingSets(env.store.db, env.store.dialect).scopeFor((await loadViewer(env.store.db, u.id))!);
      return new Reader(env.store.db, scope, { actor: u.id, client: null });
    }

    async function actionsPlanFor(username: string): Promise<string> {
      const reader = await readerFor(username);
      return (await queryPlan(env.store.db, await actionsPageQuery(reader, ActionQuery.parse({})))).join("\n");
    }

    test("a narrow reader's actions by due date: on PostgreSQL each readable marking's walked in its due-date index and merged; SQLite seeks its markings", async () => {
      const plan = await actionsPlanFor(SCALE_NARROW);
      if (kind === "postgres") {
        assert.match(plan, /Function Scan on unnest m/, plan);
        // In its order (actions_marking_due_key), or, when the planner expects a marking's actions to
        // be few (the visibility map set by a vacuum), read from (marking, due date, id) alone and sorted.
        assert.match(plan, /Index Scan using actions_marking_due_key on actions t|Index Only Scan using actions_marking_due on actions t/, plan);
        assert.doesNotMatch(plan, /using actions_due_key/, plan);
      } else {
        assert.match(plan, /SEARCH t USING (COVERING )?INDEX actions_marking_due(_key)? \(marking_id=\?\)/, plan);
      }
    });

    test("a broad reader's actions by due date are no per-marking walk", async () => {
      const plan = await actionsPlanFor(SCALE_BROAD);
      assert.doesNotMatch(plan, /Function Scan on unnest m|UNION ALL/, plan);
      // (SQLite may seek the broad reader's markings in it at this size: one search, not a walk each.)
      if (kind === "postgres") assert.doesNotMatch(plan, /actions_marking_due_key/, plan);
    });

    test("a broad reader's page is no per-marking walk: PostgreSQL plans it, SQLite follows its bounded probe", async () => {
      const { plan, chosen } = await planFor(SCALE_BROAD);
      assert.doesNotMatch(plan, /Function Scan on unnest m/, plan);
      if (kind === "sqlite") {
        // At 4,000 records the broad reader's documents are under the probe's bound, so it seeks
        // (their keys from the index alone, then the page's rows); at scale it walks
        // records_kind_created (the bench's sizes).
        assert.match(plan, chosen === "filter" ? /SCAN r USING INDEX records_kind_created/ : /SEARCH r USING COVERING INDEX records_marking_kind_created/, plan);
      }
    });

    if (kind === "postgres") test("PostgreSQL prepares an unfiltered page statement once per connection, its kind and limit in its text, and plans a filtered one for its values", async () => {
      /** The page statement run on one connection until PostgreSQL may keep a plan: its plans so far. */
      const plans = async (username: string, page: (r: Reader) => Promise<CompiledQuery>) => {
        const u = await env.store.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
        const scope = await new MarkingSets(env.store.db, env.store.dialect).scopeFor((await loadViewer(env.store.db, u.id))!);
        return env.store.db.connection().execute(async (db) => {
          const q = await page(new Reader(db, scope, { actor: u.id, client: null }));
          for (let i = 0; i < 8; i++) await db.executeQuery(q);
          const held = await sql<{ generic_plans: number; custom_plans: number }>`select generic_plans, custom_plans from pg_prepared_statements where statement = ${q.sql}`.execute(db);
          return held.rows[0] ? { runs: Number(held.rows[0].generic_plans) + Number(held.rows[0].custom_plans), parameters: q.parameters.length, sql: q.sql } : null;
        });
      };
      for (const username of [SCALE_BROAD, SCALE_NARROW]) {
        for (const page of [(r: Reader) => r.pageQuery("document", { limit: 50 }), (r: Reader) => actionsPageQuery(r, ActionQuery.parse({}))]) {
          const p = await plans(username, page);
          assert.ok(p, `${username}: prepared`);
          // Prepared from its second run (db.ts), then run by name: parsed once.
          assert.equal(p.runs, 7, `${username}: run by name (${JSON.stringify(p)})`);
          // The broad reader's page binds only its readable set's key: the kind and the limit are in the
          // text, so a plan PostgreSQL keeps is the same plan it would make for them. Whether it keeps
          // one is its choice by cost, which the temporary table of readable sets (no statistics, a
          // size that differs by connection) makes vary: not asserted.
          if (username === SCALE_BROAD) assert.equal(p.parameters, 1, `${username}: the set's key alone is bound (${JSON.stringify(p)})`);
        }
        const filtered = await plans(username, (r) => actionsPageQuery(r, ActionQuery.parse({ status: "open" })));
        assert.equal(filtered, null, `${username}: not prepared, planned for its values`);
      }
    });

    if (kind === "postgres") test("PostgreSQL: a narrow reader's actions are walked per marking for their keys alone, and only the page's rows are read with their records", async () => {
      const reader = await readerFor(SCALE_NARROW);
      // The narrow reader reads few actions at this size: for a while, 40 others carry three of its
      // markings (their records too), so that its walks read more rows than a page of 5 holds.
      const markings = [...new Set((await reader.ownRows("action").select("t.marking_id").execute()).map((a) => a.marking_id))].slice(0, 3);
      const mine = new Set((await reader.ownRows("action").select("t.id").execute()).map((a) => a.id));
      const others = (await env.store.db.selectFrom("actions").select(["id", "marking_id"]).orderBy("id").limit(200).execute()).filter((a) => !mine.has(a.id)).slice(0, 40);
      assert.ok(markings.length && others.length === 40);
      const mark = async (rows: { id: string; marking_id: string }[]) => {
        for (const a of rows) {
          await env.store.db.updateTable("actions").set({ marking_id: a.marking_id }).where("id", "=", a.id).execute();
          await env.store.db.updateTable("records").set({ marking_id: a.marking_id }).where("id", "=", a.id).execute();
        }
      };
      await mark(others.map((a, i) => ({ id: a.id, marking_id: markings[i % markings.length]! })));
      let plan: string;
      try {
        const q = await actionsPageQuery(reader, ActionQuery.parse({ limit: 5 }));
        const explained = await env.store.db.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain (analyze, costs off, timing off, summary off) ${q.sql}`, [...q.parameters]));
        plan = explained.rows.map((r) => r["QUERY PLAN"]).join("\n");
      } finally {
        await mark(others);
      }
      const walked = /(?:Index Scan using actions_marking_due_key|Index Only Scan using actions_marking_due) on actions \w+ \(actual rows=(\d+) loops=(\d+)\)/.exec(plan);
      assert.ok(walked, plan);
      assert.ok(Number(walked[1]) * Number(walked[2]) > 6, `the walks read more than the page (${plan})`);
      const records = /Index Scan using records_pkey on records r \(actual rows=\d+ loops=(\d+)\)/.exec(plan);
      assert.ok(records, plan);
      assert.ok(Number(records[1]) <= 6, `only the page's rows are read with their records (${plan})`);
    });

    if (kind === "postgres") test("PostgreSQL: a narrow reader's documents are walked per marking in the index alone, the record's columns included in it (migration 055), no record read from the table", async () => {
      const reader = await readerFor(SCALE_NARROW);
      // Vacuumed, as a seeded store is: the visibility map then lets a walk skip the table.
      await sql`vacuum (analyze) records`.execute(env.store.db);
      const q = await reader.pageQuery("document", { limit: 50 });
      const explained = await env.store.db.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain (analyze, costs off, timing off, summary off) ${q.sql}`, [...q.parameters]));
      const plan = explained.rows.map((r) => r["QUERY PLAN"]).join("\n");
      const walked = /Index Only Scan Backward using records_marking_kind_created on records r(?:_\d+)? \(actual rows=(\d+) loops=(\d+)\)\n.*\n\s+Heap Fetches: (\d+)/.exec(plan);
      assert.ok(walked, plan);
      assert.ok(Number(/^Limit \(actual rows=(\d+)/.exec(plan)?.[1]) > 0, `the walks found the reader's documents (${plan})`);
      assert.equal(walked[3], "0", plan);
      assert.doesNotMatch(plan, /Index Scan (Backward )?using records_marking_kind_created/, plan);
    });

    if (kind === "postgres") test("PostgreSQL presents a page of documents, or one document, in one statement", async () => {
      for (const username of [SCALE_BROAD, SCALE_NARROW]) {
        const reader = await readerFor(username);
        const executor = env.store.db.getExecutor();
        const run = executor.executeQuery.bind(executor);
        for (const limit of [20, 1]) {
          const page = (await reader.readPage(await reader.pageQuery("document", { limit }))).slice(0, limit);
          assert.ok(page.length > 1 || (limit === 1 && page.length === 1), `${username} reads documents`);
          const seen: CompiledQuery[] = [];
          executor.executeQuery = <R>(c: CompiledQuery<R>) => { seen.push(c); return run(c); };
          try {
            await presentDocuments(reader, page);
          } finally {
            executor.executeQuery = run;
          }
          assert.equal(seen.length, 1, `${username}'s ${limit} documents: ${seen.map((c) => c.sql).join("\n")}`);
          // Each record's references and child rows by key, not a scan.
          const plan = (await queryPlan(env.store.db, seen[0]!)).join("\n");
          assert.match(plan, /Index Scan using records_pkey on records/, plan);
          assert.doesNotMatch(plan, /Seq Scan on records/, plan);
        }
      }
    });

    if (kind === "postgres") test("PostgreSQL keeps one plan for a get's statements of one id (a document's presentation, an action's own row), where an array of one was planned afresh on every run", async () => {
      for (const username of [SCALE_BROAD, SCALE_NARROW]) {
        const base = await readerFor(username);
        const [doc] = await base.all("document", 1);
        const [action] = await base.all("action", 1);
        assert.ok(doc && action, `${username} reads a document and an action`);
        const statements = (r: Reader) => [documentsPresentationQuery(r, [doc.id]).compile(), r.children("actions", [action.id]).selectAll().compile()];
        const held = await env.store.db.connection().execute(async (db) => {
          const reader = new Reader(db, base.scope, base.caller);
          const out = [];
          for (const q of statements(reader)) {
            // One id: `= $n`, not an array (whose length a generic plan does not know).
            assert.match(q.sql, /where "(documents|actions)"\."id" = \$\d+/, q.sql);
            // Named from its second run (db.ts); PostgreSQL weighs a generic plan after five custom ones.
            for (let i = 0; i < 9; i++) await db.executeQuery(q);
            const p = await sql<{ generic_plans: number; custom_plans: number }>`select generic_plans, custom_plans from pg_prepared_statements where statement = ${q.sql}`.execute(db);
            out.push({ sql: q.sql, plans: p.rows[0] });
          }
          return out;
        });
        for (const h of held) {
          assert.ok(h.plans, `${username}: prepared: ${h.sql}`);
          assert.ok(Number(h.plans.generic_plans) > 0, `${username}: a generic plan kept (${JSON.stringify(h.plans)}): ${h.sql}`);
        }
        // The generic plan of the document's presentation seeks each table by key.
        const plan = (await queryPlan(env.store.db, statements(base)[0]!)).join("\n");
        assert.match(plan, /Index Scan using documents_pkey on documents/, plan);
        assert.doesNotMatch(plan, /Seq Scan on (records|documents|document_versions)/, plan);
      }
    });

    if (kind === "postgres") test("PostgreSQL reads a get's document with its presentation in one statement, as the record's and the presentation's statements show it; an unreadable or missing one answers as get does", async () => {
      const db = env.store.db;
      const executor = db.getExecutor();
      const run = executor.executeQuery.bind(executor);
      const all = await db.selectFrom("records").select("id").where("kind", "=", "document").orderBy("id").execute();
      for (const username of [SCALE_BROAD, SCALE_NARROW]) {
        const base = await readerFor(username);
        const readable = new Set<string>((await base.readable(all.map((d) => d.id), ["document"])).map((d) => d.id));
        const shown = all.filter((d) => readable.has(d.id)).slice(0, 5);
        // A second version of one: one joined row per version, newest first.
        const v1 = await db.selectFrom("document_versions").selectAll().where("document_id", "=", shown[0]!.id).where("version", "=", 1).executeTakeFirstOrThrow();
        await db.insertInto("document_versions").values({ ...v1, version: 2, filename: "second.pdf", uploaded_at: "2030-01-01T00:00:00.000Z" }).execute();
        try {
          for (const d of shown) {
            const reader = new Reader(db, base.scope, base.caller);
            const seen: CompiledQuery[] = [];
            executor.executeQuery = <R>(c: CompiledQuery<R>) => { seen.push(c); return run(c); };
            let got;
            try {
              got = await presentDocuments(reader, [await getDocument(reader, d.id)]);
            } finally {
              executor.executeQuery = run;
            }
            const reads = seen.filter((c) => !/audit/.test(c.sql) && !/^select \* from "marking(s|_countries|_compartments)"/.test(c.sql));
            assert.equal(reads.length, 1, `${username}: ${reads.map((c) => c.sql).join("\n")}`);
            const split = new Reader(db, base.scope, base.caller);
            Object.defineProperty(split, "presentsInOne", { value: false });
            assert.deepEqual(got, await presentDocuments(split, [await split.get("document", d.id)]));
          }
          const hidden = all.find((d) => !readable.has(d.id));
          for (const id of [...(hidden ? [hidden.id] : []), "01J0000000000000000MISSING"]) {
            const refusal = async (read: () => Promise<unknown>) => read().then(() => assert.fail(`${username} read ${id}`), (err: unknown) => err);
            const joined = await refusal(() => getDocument(new Reader(db, base.scope, base.caller), id));
            const plain = await refusal(() => new Reader(db, base.scope, base.caller).get("document", id));
            assert.ok(joined instanceof NotReadable && plain instanceof NotReadable);
            assert.equal(joined.exists, plain.exists);
            assert.equal(joined.exists, id !== "01J0000000000000000MISSING");
          }
        } finally {
          await db.deleteFrom("document_versions").where("document_id", "=", shown[0]!.id).where("version", "=", 2).execute();
        }
      }
    });

    test("a page of documents is read with its presentation in one statement (SQLite: and its references in a second), the same pages and items as the page and each table's statement", async () => {
      const db = env.store.db;
      const executor = db.getExecutor();
      const run = executor.executeQuery.bind(executor);
      for (const username of [SCALE_BROAD, SCALE_NARROW]) {
        const base = await readerFor(username);
        // A second version of the newest document: one joined row per version, newest first.
        const newest = (await base.page("document", { limit: 1 })).rows[0]!;
        const v1 = await db.selectFrom("document_versions").selectAll().where("document_id", "=", newest.id).where("version", "=", 1).executeTakeFirstOrThrow();
        await db.insertInto("document_versions").values({ ...v1, version: 2, filename: "second.pdf", uploaded_at: "2030-01-01T00:00:00.000Z" }).execute();
        // The narrow reader has few documents: small pages, so there are several.
        const limit = username === SCALE_NARROW ? 1 : 7;
        let cursor: string | undefined;
        let pages = 0;
        try {
          do {
            const reader = new Reader(db, base.scope, base.caller);
            const seen: CompiledQuery[] = [];
            executor.executeQuery = <R>(c: CompiledQuery<R>) => { seen.push(c); return run(c); };
            let page, items;
            try {
              page = await listDocuments(reader, { limit, ...(cursor ? { cursor } : {}) });
              items = await presentDocuments(reader, page.rows);
            } finally {
              executor.executeQuery = run;
            }
            // Besides the page: its audit, and markings met for the first time (kept per store after).
            const reads = seen.filter((c) => !/audit/.test(c.sql) && !/^select \* from "marking(s|_countries|_compartments)"/.test(c.sql));
            if (kind === "postgres") assert.equal(reads.length, 1, `${username}: ${reads.map((c) => c.sql).join("\n")}`);
            else {
              // SQLite: what the page's documents are attached to, as references, when any is.
              const attached = reads.slice(1);
              assert.ok(attached.length <= 1 && attached.every((c) => /^select "r"\."id", "r"\."kind", "r"\."title" from "records"/.test(c.sql)), `${username}: ${reads.map((c) => c.sql).join("\n")}`);
              // The page walked first, as alone; each of its documents' rows and versions by key.
              const plan = (await queryPlan(db, reads[0]!)).join("\n");
              assert.match(plan, /records_(marking_)?kind_created/, plan);
              // Each from the index that holds the columns shown (051): one lookup, not the key's index and the table.
              assert.match(plan, /SEARCH d USING COVERING INDEX documents_shown \(id=\?\)/, plan);
              assert.match(plan, /SEARCH v USING COVERING INDEX document_versions_shown \(document_id=\?\)/, plan);
              assert.doesNotMatch(plan, /SCAN (d|v|documents|document_versions)\b/, plan);
              assert.ok(plan.indexOf("SEARCH d ") > plan.indexOf("records_"), plan);
            }
            // As any kind's page, presented by each table's statement (SQLite's way).
            const split = new Reader(db, base.scope, base.caller);
            Object.defineProperty(split, "presentsInOne", { value: false });
            const plain = await split.page("document", { limit, ...(cursor ? { cursor } : {}) });
            assert.deepEqual(page.rows.map((r) => [r.id, r.created_at, r.title, r.marking_id, r.version]), plain.rows.map((r) => [r.id, r.created_at, r.title, r.marking_id, r.version]));
            assert.equal(page.nextCursor, plain.nextCursor);
            assert.deepEqual(items, await presentDocuments(split, plain.rows));
            cursor = page.nextCursor ?? undefined;
            if (!pages) assert.deepEqual(items.find((d) => d.id === newest.id)?.versions.map((v) => v.version), [2, 1]);
          } while (cursor && ++pages < 4);
        } finally {
          await db.deleteFrom("document_versions").where("document_id", "=", newest.id).where("version", "=", 2).execute();
        }
        assert.ok(pages > 0, `${username} reads more than a page of documents`);
      }
    });

    if (kind === "postgres") test("PostgreSQL presents a page of actions in one statement (with the page itself when listed), and one action in two, as the statements of each table present them", async () => {
      const db = env.store.db;
      const meetings = await db.selectFrom("records").select(["id", "marking_id"]).where("kind", "=", "meeting").orderBy("id").execute();
      for (const username of [SCALE_BROAD, SCALE_NARROW]) {
        const reader = await readerFor(username);
        const rows = (await reader.readPage(await actionsPageQuery(reader, ActionQuery.parse({ limit: 10 })))).slice(0, 10);
        assert.ok(rows.length > 1, `${username} reads actions`);
        // Updates (two for one action, in the order of neither their ids nor their insertion) and
        // agendas, on a meeting the reader may read and on one it may not.
        const readable = new Set<string>((await reader.readable(meetings.map((m) => m.id), ["meeting"])).map((m) => m.id));
        const onAgenda = [meetings.find((m) => readable.has(m.id)), meetings.find((m) => !readable.has(m.id))].filter((m) => m !== undefined);
        assert.ok(onAgenda.length > 0);
        const updates = [
          { id: "plans-test-u1", action_id: rows[0]!.id, on_date: "2026-01-02", text: "second", status: "in_progress", at: "2026-01-02T00:00:00.000Z" },
          { id: "plans-test-u2", action_id: rows[0]!.id, on_date: "2026-01-01", text: "first", status: null, at: "2026-01-01T00:00:00.000Z" },
          { id: "plans-test-u0", action_id: rows[1]!.id, on_date: "2026-01-03", text: "other", status: "done", at: "2026-01-03T00:00:00.000Z" },
        ];
        const agenda = onAgenda.flatMap((m, i) => [rows[0]!, rows[1]!].map((a, j) => ({ id: `plans-test-g${i}${j}`, meeting_id: m.id, position: 900 + j, title: "item", action_id: a.id })));
        await db.insertInto("action_updates").values(updates).execute();
        await db.insertInto("agenda_items").values(agenda).execute();
        try {
          const executor = db.getExecutor();
          const run = executor.executeQuery.bind(executor);
          const seen: CompiledQuery[] = [];
          const counted = async <T>(work: () => Promise<T>) => {
            seen.length = 0;
            executor.executeQuery = <R>(c: CompiledQuery<R>) => { seen.push(c); return run(c); };
            try {
              return await work();
            } finally {
              executor.executeQuery = run;
            }
          };
          // The page's own rows came with it (as listActions keeps them).
          keepPageRows(reader, rows);
          const inOne = await counted(() => presentActions(reader, rows));
          assert.equal(seen.length, 1, `${username}'s page: ${seen.map((c) => c.sql).join("\n")}`);
          const plan = (await queryPlan(db, seen[0]!)).join("\n");
          // Records by key (the updates' and agendas' few test rows may be scanned: they are the whole table).
          assert.doesNotMatch(plan, /Seq Scan on records/, plan);
          const one = await counted(() => presentActions(new Reader(db, reader.scope, reader.caller), [rows[0]!]));
          assert.equal(seen.length, 2, `${username}'s one action: ${seen.map((c) => c.sql).join("\n")}`);
          // The same as each table's statement of its own (SQLite's way).
          const split = new Reader(db, reader.scope, reader.caller);
          Object.defineProperty(split, "presentsInOne", { value: false });
          assert.deepEqual(inOne, await presentActions(split, rows));
          assert.deepEqual(one, await presentActions(split, [rows[0]!]));
          // A get reads the action with its own row and presentation in one statement (getAction),
          // as the record's, own row's and children's statements of their own present it.
          for (const a of [rows[0]!, rows[1]!]) {
            const getReader = new Reader(db, reader.scope, reader.caller);
            const got = await counted(async () => presentActions(getReader, [await getAction(getReader, a.id)]));
            const reads = seen.filter((c) => !/audit/.test(c.sql) && !/^select \* from "marking(s|_countries|_compartments)"/.test(c.sql));
            assert.equal(reads.length, 1, `${username}'s get action: ${reads.map((c) => c.sql).join("\n")}`);
            assert.deepEqual(got, await presentActions(split, [await split.get("action", a.id)]));
          }
          assert.deepEqual(inOne[0]!.updates.map((u) => u.text), ["second", "first"]);
          assert.equal(inOne[0]!.onAgendaOf.length, onAgenda.filter((m) => readable.has(m.id)).length);
          // A list page reads its rows and their presentation in one statement (actionsJoinedTo), and
          // gives the same pages, cursors and items as the page's statement and each table's.
          let cursor: string | undefined;
          for (let pages = 0; pages < 3; pages++) {
            const listReader = new Reader(db, reader.scope, reader.caller);
            const q = ActionQuery.parse({ limit: 5, ...(cursor ? { cursor } : {}) });
            const listed = await counted(async () => {
              const page = await listActions(listReader, q);
              return { page, items: await presentActions(listReader, page.rows) };
            });
            const reads = seen.filter((c) => !/audit/.test(c.sql) && !/^select \* from "marking(s|_countries|_compartments)"/.test(c.sql));
            assert.equal(reads.length, 1, `${username}'s list page: ${reads.map((c) => c.sql).join("\n")}`);
            // Its references are sought by their ids' hash in records_ref (migration 056), not a
            // B-tree's descent (the primary key's, or 052's).
            const listPlan = (await queryPlan(db, reads[0]!)).join("\n");
            assert.match(listPlan, /Index Scan using records_ref on records/, listPlan);
            const plain = await listActions(split, q);
            assert.deepEqual(listed.page.rows.map((r) => [r.id, r.created_at, r.title, r.marking_id, r.version]), plain.rows.map((r) => [r.id, r.created_at, r.title, r.marking_id, r.version]));
            assert.equal(listed.page.nextCursor, plain.nextCursor);
            assert.deepEqual(listed.items, await presentActions(split, plain.rows));
            if (!pages) {
              assert.deepEqual(listed.items[0]!.updates.map((u) => u.text), ["second", "first"]);
              assert.deepEqual(listed.items[0]!.onAgendaOf.map((m) => m.id), inOne[0]!.onAgendaOf.map((m) => m.id));
            }
            cursor = listed.page.nextCursor ?? undefined;
            if (!cursor) break;
          }
        } finally {
          await db.deleteFrom("agenda_items").where("id", "in", agenda.map((a) => a.id)).execute();
          await db.deleteFrom("action_updates").where("id", "in", updates.map((u) => u.id)).execute();
        }
      }
    });

    test("a list's first page statement is kept for the readable set it was built for (and on SQLite its plan): a changed set or plan is read by its own", async () => {
      // SQLite: readers of more markings than SOUGHT_MARKINGS choose their plan by counts (the broad one).
      let flipped = 0;
      for (const username of [SCALE_BROAD, SCALE_NARROW]) {
        const reader = await readerFor(username);
        const set = reader.scope.markings!;
        const viewer = (await loadViewer(env.store.db, reader.caller.actor))!;
        const listed = async (scope: Scope) => {
          const r = new Reader(env.store.db, scope, reader.caller);
          const docs = await listDocuments(r, { limit: 20 });
          const actions = await listActions(r, ActionQuery.parse({ limit: 20 }));
          return [...docs.rows, ...actions.rows];
        };
        const first = await listed(reader.scope);
        assert.ok(first.length > 0, `${username} reads documents or actions`);
        // Kept: the same set's next reader gets the very statement built for the first.
        const name = `${username} kept`;
        const kept = await reader.keptStatement(name, async () => sql`select 1`);
        assert.equal(await new Reader(env.store.db, reader.scope, reader.caller).keptStatement(name, async () => sql`select 2`), kept);
        // The set without the marking of the first record shown (as MarkingSets makes a changed
        // set: a new ids array) reads none of its records, and reads as a statement built afresh would.
        const shown = new Set([first[0]!.marking_id]);
        const narrowedSet = { ...set, ids: set.ids.filter((id) => !shown.has(id)), plans: new Map() };
        if (kind === "sqlite") {
          // SQLite reads a set from its rows in the connection's temporary table, by the set's
          // number: a changed set has a number of its own (MarkingSets), filled with its markings.
          narrowedSet.setNo = set.setNo + 1_000_000;
          for (let i = 0; i < narrowedSet.ids.length; i += 500) {
            await sql`insert into temp.readable_sets (rs_set, rs_marking) values ${sql.join(narrowedSet.ids.slice(i, i + 500).map((id) => sql`(${narrowedSet.setNo}, ${id})`))}`.execute(env.store.db);
          }
        }
        const narrowed = Scope.forUser(viewer, narrowedSet);
        assert.notEqual(await new Reader(env.store.db, narrowed, reader.caller).keptStatement(name, async () => sql`select 3`), kept);
        const after = await listed(narrowed);
        assert.deepEqual(after.filter((r) => shown.has(r.marking_id)).map((r) => r.id), []);
        const fresh = new Reader(env.store.db, narrowed, reader.caller);
        Object.defineProperty(fresh, "keptFor", { value: null });
        const docs = await listDocuments(fresh, { limit: 20 });
        const actions = await listActions(fresh, ActionQuery.parse({ limit: 20 }));
        assert.deepEqual(after.map((r) => r.id), [...docs.rows, ...actions.rows].map((r) => r.id));
        // And the first set still reads as it did.
        assert.deepEqual((await listed(reader.scope)).map((r) => r.id), first.map((r) => r.id));
        if (kind === "sqlite" && ["document", "action"].every((k) => reader.scope.markings!.plans.has(k))) {
          flipped++;
          // The same set read by the other plan (filter or seek: counts that changed) is read by a
          // statement of its own, and reads the same rows; a first page is kept, a later one not.
          const seen: string[] = [];
          const capture = async (scope: Scope) => {
            const executor = env.store.db.getExecutor();
            const run = executor.executeQuery.bind(executor);
            executor.executeQuery = <R>(q: CompiledQuery<R>) => { seen.push(q.sql); return run(q); };
            try {
              return await listed(scope);
            } finally {
              executor.executeQuery = run;
            }
          };
          const plans = reader.scope.markings!.plans;
          const before = await capture(reader.scope);
          const pages = seen.splice(0).filter((q) => /order by/.test(q) && /limit \d+/.test(q));
          for (const k of ["document", "action"]) {
            const p = plans.get(k)!;
            plans.set(k, { ...p, plan: p.plan === "seek" ? "filter" : "seek" });
          }
          assert.deepEqual((await capture(reader.scope)).map((r) => r.id), before.map((r) => r.id));
          const other = seen.splice(0).filter((q) => /order by/.test(q) && /limit \d+/.test(q));
          assert.equal(other.length, pages.length);
          for (const q of other) assert.ok(!pages.includes(q), `the other plan's statement: ${q}`);
        }
      }
      if (kind === "sqlite") assert.ok(flipped > 0, "a reader whose plan follows counts");
    });

    if (kind === "postgres") test("PostgreSQL keeps a get's statement per readable set and kind, each get binding its own id: a changed set is read by its own", async () => {
      for (const username of [SCALE_BROAD, SCALE_NARROW]) {
        const reader = await readerFor(username);
        const set = reader.scope.markings!;
        const viewer = (await loadViewer(env.store.db, reader.caller.actor))!;
        const docs = (await reader.page("document", { limit: 3 })).rows;
        const actions = (await listActions(reader, ActionQuery.parse({ limit: 3 }))).rows;
        assert.ok(docs.length > 1 && actions.length > 1, `${username} reads documents and actions`);
        const executor = env.store.db.getExecutor();
        const run = executor.executeQuery.bind(executor);
        /** Each get's record (presented) and the statement it ran. */
        const got = async (scope: Scope, kindOf: "document" | "action", id: string) => {
          const r = new Reader(env.store.db, scope, reader.caller);
          const seen: CompiledQuery[] = [];
          executor.executeQuery = <R>(c: CompiledQuery<R>) => { seen.push(c); return run(c); };
          try {
            const rec = kindOf === "document" ? await getDocument(r, id) : await getAction(r, id);
            return { rec, statement: seen.find((c) => /^(select p\.\*|with p as)/.test(c.sql))! };
          } finally {
            executor.executeQuery = run;
          }
        };
        for (const [kindOf, rows] of [["document", docs], ["action", actions]] as const) {
          const [a, b] = [await got(reader.scope, kindOf, rows[0]!.id), await got(reader.scope, kindOf, rows[1]!.id)];
          // One text, one statement kept; each binds its own id (and reads its own record).
          assert.equal(a.statement.sql, b.statement.sql);
          assert.equal(a.statement.query, b.statement.query, "the kept statement");
          assert.deepEqual([a.rec.id, b.rec.id], [rows[0]!.id, rows[1]!.id]);
          assert.ok(a.statement.parameters.includes(rows[0]!.id) && !a.statement.parameters.includes(rows[1]!.id));
          assert.ok(b.statement.parameters.includes(rows[1]!.id) && !b.statement.parameters.includes(rows[0]!.id));
          // The set without the first record's marking (a new ids array, as MarkingSets makes a changed set) does not read it.
          const narrowed = Scope.forUser(viewer, { ...set, ids: set.ids.filter((id) => id !== rows[0]!.marking_id), plans: new Map() });
          await assert.rejects(got(narrowed, kindOf, rows[0]!.id), (err: unknown) => err instanceof NotReadable && err.exists);
          // And the first set still reads it.
          assert.equal((await got(reader.scope, kindOf, rows[0]!.id)).rec.id, rows[0]!.id);
        }
      }
    });

    test("the narrow reader's actions by due date, and its documents, are the same rows, pages and cursors sought (SQLite) or walked per marking (PostgreSQL) as in one query", async () => {
      // Undated actions (last, by the list's key) and shared due dates (ties broken by id), across markings.
      const reader = await readerFor(SCALE_NARROW);
      const mine = await reader.ownRows("action").select(["t.id", "t.marking_id"]).orderBy("t.id").execute();
      assert.ok(new Set(mine.map((a) => a.marking_id)).size > 1, "the narrow reader reads actions of several markings");
      await env.store.db.updateTable("actions").set({ due_date: null }).where("id", "in", mine.filter((_, i) => i % 5 === 0).map((a) => a.id)).execute();
      await env.store.db.updateTable("actions").set({ due_date: "2025-06-01" }).where("id", "in", mine.filter((_, i) => i % 5 === 1).map((a) => a.id)).execute();
      // One query that walks the list's whole order and filters it: PostgreSQL told not to walk per
      // marking, SQLite told to filter (the narrow reader, of few markings, seeks by keys).
      const plain = await readerFor(SCALE_NARROW);
      plain.markingsToWalk = async () => null;
      plain.plan = async () => (kind === "sqlite" ? "filter" : undefined);
      if (kind === "postgres") assert.ok(await reader.markingsToWalk("action"), "the narrow reader's list walks its markings");
      else assert.equal(await reader.plan("action"), "seek");
      const pages = async (r: Reader, filter: Partial<ActionQuery> = {}) => {
        const out: string[][] = [];
        let cursor: string | undefined;
        do {
          const rows = await r.readPage(await actionsPageQuery(r, ActionQuery.parse({ limit: 7, ...filter, ...(cursor ? { cursor } : {}) })));
          out.push(rows.slice(0, 7).map((x) => `${x.due_key} ${x.id} ${x.marking_id} ${x.status} ${x.owner_country}`));
          cursor = nextCursor(rows, 7, (x) => ({ key: x.due_key, id: x.id })) ?? undefined;
        } while (cursor);
        return out;
      };
      const walked = await pages(reader);
      assert.deepEqual(walked, await pages(plain));
      assert.equal(walked.flat().length, mine.length);
      assert.ok(walked.flat().at(-1)!.startsWith("9999-12-31 "), "undated actions come last");
      // With a condition of the list (the open ones only): the same pages too.
      const open = await pages(reader, { status: "open" });
      assert.deepEqual(open, await pages(plain, { status: "open" }));
      assert.ok(open.flat().length > 0 && open.flat().length < mine.length, "some actions are open, not all");
      // Narrowed to what every reader of one of its markings may read (a draft's registry): the
      // same pages sought or in one query, fewer than the reader's own and more than none.
      const bound = (await reader.markings([mine[0]!.marking_id])).get(mine[0]!.marking_id)!;
      const boundPlain = plain.boundTo(bound);
      boundPlain.markingsToWalk = plain.markingsToWalk;
      boundPlain.plan = plain.plan;
      const narrowed = await pages(reader.boundTo(bound));
      assert.deepEqual(narrowed, await pages(boundPlain));
      assert.ok(narrowed.flat().length > 0 && narrowed.flat().length < mine.length, `${narrowed.flat().length} of ${mine.length}`);
      const plan = (await queryPlan(env.store.db, await actionsPageQuery(reader, ActionQuery.parse({})))).join("\n");
      if (kind === "sqlite") {
        // The page's keys from the index alone (top-N sorted), then its rows by rowid: nothing else sorted.
        assert.match(plan, /SEARCH t USING COVERING INDEX actions_marking_due_key \(marking_id=\?\)/, plan);
        assert.match(plan, /SEARCH t USING INTEGER PRIMARY KEY \(rowid=\?\)/, plan);
        assert.equal(plan.match(/TEMP B-TREE/g)?.length, 1, plan);
        assert.doesNotMatch(plan, /actions_due_key/, plan);
      }
      // Documents newest first, sought or walked per marking, or as one query: the same pages.
      const documents = async (r: Reader) => {
        const out: string[][] = [];
        let cursor: string | undefined;
        do {
          const rows = await r.readPage(await r.pageQuery("document", { limit: 1, ...(cursor ? { cursor } : {}) }));
          out.push(rows.slice(0, 1).map((x) => `${x.created_at} ${x.id} ${x.title}`));
          cursor = cursorOf(rows, 1);
        } while (cursor);
        return out;
      };
      const cursorOf = (rows: { created_at: string; id: string }[], n: number) => nextCursor(rows, n, (x) => ({ key: x.created_at, id: x.id })) ?? undefined;
      const docs = await documents(reader);
      assert.deepEqual(docs, await documents(plain));
      assert.ok(docs.length > 1, "more than a page of documents");
      const docPlan = (await queryPlan(env.store.db, await reader.pageQuery("document", { limit: 50 }))).join("\n");
      if (kind === "sqlite") {
        assert.match(docPlan, /SEARCH r USING COVERING INDEX records_marking_kind_created \(marking_id=\? AND kind=\?\)/, docPlan);
        assert.match(docPlan, /SEARCH r USING INTEGER PRIMARY KEY \(rowid=\?\)/, docPlan);
        assert.equal(docPlan.match(/TEMP B-TREE/g)?.length, 1, docPlan);
      }
    });
  });
}
