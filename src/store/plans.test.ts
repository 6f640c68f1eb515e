// The plans the stores choose for the queries of a list page, asserted by shape (an index walked,
// no sort), for narrow and broad readers; and the in-process caches those pages rely on.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { migrate } from "./migrate.ts";
import { seedReference } from "../seed/reference.ts";
import { openTestStore, STORES } from "../testing/harness.ts";
import { queryPlan } from "../testing/explain.ts";
import { loadMarkings } from "./markings.ts";
import { Reader, type ReadId } from "./reader.ts";
import { Scope, type Viewer } from "./access.ts";
import { versionsQuery } from "../resources/documents/present.ts";
import type { Store } from "./db.ts";
import { sql, type CompiledQuery } from "kysely";
import { searchRecords } from "./search.ts";
import { testEnv, type TestEnv } from "../testing/harness.ts";
import { seedScale, SCALE_BROAD, SCALE_NARROW } from "../seed/scale.ts";
import { loadViewer } from "../accounts/users.ts";
import { MarkingSets } from "./marking-sets.ts";

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
        assert.match(plan, /document_versions_pk|PRIMARY KEY|sqlite_autoindex_document_versions/i, plan);
        assert.doesNotMatch(plan, /TEMP B-TREE/i, plan);
      } else {
        // PostgreSQL sorts a page's few versions in memory after an index scan by document: asserted is the index.
        assert.match(plan, /Index (Only )?Scan|Bitmap Index Scan/, plan);
      }
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
        assert.match(plan, /Index Scan Backward using records_marking_kind_created on records r/, plan);
      }
      assert.doesNotMatch(plan, /records_kind_created/, plan);
    });

    /** The statements a search runs, each with its plan. */
    async function searchPlans(username: string): Promise<{ sql: string; plan: string }[]> {
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
        await searchRecords(env.store.db, scope, { words: [word], limit: 20, rankedMatches: 5000, markingTerms: 256 });
      } finally {
        executor.executeQuery = run;
      }
      const out = [];
      for (const q of seen.filter((x) => !/^select "record_id", "body"/.test(x.sql) && !/from \(select 1 from records t/.test(x.sql))) out.push({ sql: q.sql, plan: (await queryPlan(env.store.db, q)).join("\n") });
      return out;
    }

    test("a narrow reader's search evaluates the index once and ranks without the marking terms; on PostgreSQL it starts from the readable markings", async () => {
      const statements = await searchPlans(SCALE_NARROW);
      assert.equal(statements.length, 1, statements.map((s) => s.sql).join("\n"));
      const { sql: text, plan } = statements[0]!;
      if (kind === "sqlite") {
        assert.doesNotMatch(text, /bm25/, text);
        assert.match(plan, /VIRTUAL TABLE INDEX/, plan);
      } else {
        assert.match(plan, /Function Scan on unnest m/, plan);
        assert.match(plan, /records_marking_kind_created/, plan);
        assert.doesNotMatch(plan, /search_docs_tsv/, plan);
      }
    });

    test("a broad reader's search starts from the words (counted first, then ranked)", async () => {
      const statements = await searchPlans(SCALE_BROAD);
      assert.equal(statements.length, 2, statements.map((s) => s.sql).join("\n"));
      const { sql: text, plan } = statements.at(-1)!;
      assert.doesNotMatch(plan, /Function Scan on unnest m/, plan);
      if (kind === "sqlite") assert.match(text, /bm25/, text);
      else assert.match(text, /ts_rank\(s\.tsv/, text);
    });

    test("a broad reader's page is no per-marking walk: PostgreSQL plans it, SQLite follows its bounded probe", async () => {
      const { plan, chosen } = await planFor(SCALE_BROAD);
      assert.doesNotMatch(plan, /Function Scan on unnest m/, plan);
      if (kind === "sqlite") {
        // At 4,000 records the broad reader's documents are under the probe's bound, so it seeks;
        // at scale it walks records_kind_created (the bench's sizes).
        assert.match(plan, chosen === "filter" ? /SCAN r USING INDEX records_kind_created/ : /SEARCH r USING INDEX records_marking_kind_created/, plan);
      }
    });
  });
}
