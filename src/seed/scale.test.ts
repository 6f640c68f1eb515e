// `seed scale`: the data's shape, and the two ways a list reaches a reader's rows (filter and
// seek, see AccessPlan) agreeing with each other and with the in-memory rule over that data.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { canRead } from "../domain/access.ts";
import { loadViewer } from "../accounts/users.ts";
import { Scope } from "../store/access.ts";
import { loadMarkings } from "../store/markings.ts";
import { Reader } from "../store/reader.ts";
import { SEARCH_INDEXES } from "../store/migrations/057_search_index_no_pending_pg.ts";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { NARROW_COMPARTMENT, SCALE_BROAD, SCALE_NARROW, SCALE_PASSWORD, seedScale } from "./scale.ts";

for (const kind of STORES) {
  describe(`seed scale (${kind})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await testEnv(kind);
      await seedScale(env.store.db, { records: 4000 });
    });
    after(async () => { await env.close(); });

    test("loads the records asked for, every kind, a narrow compartment near 0.1%, and users", async () => {
      const byKind = await env.store.db.selectFrom("records").select(["kind", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("kind").execute();
      const counts = Object.fromEntries(byKind.map((r) => [r.kind, Number(r.n)]));
      assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), 4000);
      for (const k of ["organisation", "person", "forum", "meeting", "action", "programme", "document", "engagement", "agreement"]) assert.ok(counts[k]! > 0, k);
      const versions = await env.store.db.selectFrom("record_versions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      assert.equal(Number(versions.n), 4000);
      const users = await env.store.db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      assert.ok(Number(users.n) >= 50);
      await assert.rejects(seedScale(env.store.db, { records: 4000 }), /scale data already/);
    });

    test("leaves fresh statistics, and on PostgreSQL the visibility map set (index-only scans need not read the rows) and the search indexes as 057 keeps them", async () => {
      if (kind === "postgres") {
        const rows = await sql<{ relname: string; relpages: number; relallvisible: number }>`select relname, relpages, relallvisible from pg_class where relname in ('records', 'actions', 'documents') and relnamespace = current_schema()::regnamespace`.execute(env.store.db);
        assert.equal(rows.rows.length, 3);
        for (const r of rows.rows) assert.ok(r.relpages > 0 && r.relallvisible === r.relpages, `${r.relname}: ${r.relallvisible} of ${r.relpages} pages all-visible`);
        // Loaded through their pending lists (bulkSearchIndexing), then each entry taken at once again, the lists empty.
        await sql`create extension if not exists pgstattuple`.execute(env.store.db);
        for (const index of SEARCH_INDEXES) {
          const { options, pending } = (await sql<{ options: string[] | null; pending: number }>`
            select reloptions as options, (pgstatginindex(${index}::regclass)).pending_pages as pending from pg_class where oid = ${index}::regclass`.execute(env.store.db)).rows[0]!;
          assert.ok(options?.includes("fastupdate=off"), `${index}: ${options}`);
          assert.equal(Number(pending), 0, `${index}'s pending list`);
        }
      } else {
        const stat = await sql<{ tbl: string }>`select distinct tbl from sqlite_stat1 where tbl in ('records', 'actions', 'documents')`.execute(env.store.db);
        assert.equal(stat.rows.length, 3);
      }
    });

    test("scale users sign in with the documented password", async () => {
      const res = await env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username: SCALE_NARROW, password: SCALE_PASSWORD } });
      assert.equal(res.statusCode, 200);
    });

    test("filter and seek return the same pages, equal to the in-memory rule, for both benchmark users", async () => {
      const all = await env.store.db.selectFrom("records").select(["id", "kind", "marking_id", "created_at"]).execute();
      const markings = await loadMarkings(env.store.db, all.map((r) => r.marking_id));
      for (const username of [SCALE_BROAD, SCALE_NARROW]) {
        const u = await env.store.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
        const viewer = (await loadViewer(env.store.db, u.id))!;
        const scope = await env.app.ctx.markingSets.scopeFor(viewer);
        assert.ok(scope.markings, "the scope carries the computed set");
        for (const k of ["document", "action"] as const) {
          const expected = all.filter((r) => r.kind === k && canRead(viewer, markings.get(r.marking_id)!))
            .sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1)).map((r) => r.id);
          for (const plan of ["filter", "seek"] as const) {
            const got = await new Reader(env.store.db, scope, { actor: viewer.id, client: null }).records(k, plan).select("r.id").orderBy("r.created_at", "desc").orderBy("r.id", "desc").execute();
            assert.deepEqual(got.map((r) => r.id), expected, `${username} ${k} ${plan}`);
          }
          const predicate = await new Reader(env.store.db, Scope.forUser(viewer), { actor: viewer.id, client: null }).records(k).select("r.id").orderBy("r.created_at", "desc").orderBy("r.id", "desc").execute();
          assert.deepEqual(predicate.map((r) => r.id), expected, `${username} ${k} predicate`);
        }
        if (username === SCALE_NARROW) {
          const docs = all.filter((r) => r.kind === "document" && canRead(viewer, markings.get(r.marking_id)!));
          assert.ok(docs.length > 0 && docs.every((r) => markings.get(r.marking_id)!.compartments.includes(NARROW_COMPARTMENT)));
        }
      }
    });

    test("the narrow reader's API lists and search show only what the rule allows", async () => {
      const signin = await env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username: SCALE_NARROW, password: SCALE_PASSWORD } });
      const cookie = String(signin.headers["set-cookie"]).split(";")[0]!.replace(/^accord_session=/, "");
      const api = client(env.app, { userId: "", cookie, csrf: signin.json().csrfToken });
      for (const path of ["/api/documents?limit=100", "/api/actions?limit=100", "/api/search?q=radar&limit=100"]) {
        const res = await api.get(path);
        assert.equal(res.status, 200, path);
        for (const item of res.body.items as { marking: { compartments: string[]; classification: string } }[]) {
          const registry = item.marking.compartments.length === 0 && ["UNCLASSIFIED", "RESTRICTED"].includes(item.marking.classification);
          assert.ok(registry || item.marking.compartments.includes(NARROW_COMPARTMENT), `${path}: ${JSON.stringify(item.marking)}`);
        }
      }
    });
  });
}
