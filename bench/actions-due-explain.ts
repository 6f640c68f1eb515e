// Actions by due date on PostgreSQL, before and after the per-marking walk (issue 16), by EXPLAIN
// ANALYZE (best of 5) for the first four pages, leaving a seeded bench database as it is: "before"
// is the single query on the real table; "after" runs in one session over a temporary copy of
// `actions` (which shadows it) with the same indexes and migration 044's, and its rows are checked
// equal to the single query's, page by page through the cursors.
//
//   DATABASE_URL=postgres://…/accord_bench_1000000 tsx bench/actions-due-explain.ts scale.narrow
import { openStore } from "../src/store/db.ts";
import { loadViewer } from "../src/accounts/users.ts";
import { MarkingSets } from "../src/store/marking-sets.ts";
import { Reader } from "../src/store/reader.ts";
import { actionsPageQuery } from "../src/resources/actions/list.ts";
import { nextCursor } from "../src/http/pagination.ts";
import { sql, type CompiledQuery } from "kysely";
const store = openStore(process.env.DATABASE_URL!);
const username = process.argv[2] ?? "scale.narrow";
const user = await store.db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
const viewer = (await loadViewer(store.db, user.id))!;
const scope = await new MarkingSets(store.db, store.dialect).scopeFor(viewer);
await store.db.connection().execute(async (c) => {
  await sql`set temp_buffers = '256MB'`.execute(c);
  await sql`create temp table actions as select * from public.actions`.execute(c);
  await sql`create index on actions ((coalesce(due_date, '9999-12-31')), id)`.execute(c);
  await sql`create index on actions (marking_id, due_date, id)`.execute(c);
  await sql`create index on actions (id)`.execute(c);
  if (process.env.WITH_NEW !== "0") await sql`create index actions_marking_due_key on actions (marking_id, (coalesce(due_date, '9999-12-31')), id)`.execute(c);
  await sql`analyze actions`.execute(c);
  const after = new Reader(c, scope, { actor: viewer.id, client: null });
  const before = new Reader(c, scope, { actor: viewer.id, client: null });
  before.markingsToWalk = async () => null;
  const explain = async (q: CompiledQuery, show: boolean, real = false) => {
    if (real) return store.db.connection().execute((c2) => explainOn(c2, q, show));
    return explainOn(c, q, show);
  };
  const explainOn = async (c: any, q: CompiledQuery, show: boolean) => {
    let best = Infinity; let text = "";
    for (let i = 0; i < 5; i++) {
      const r = await c.executeQuery({ ...q, sql: "explain (analyze, buffers) " + q.sql } as any);
      const lines = (r.rows as any[]).map((x) => x["QUERY PLAN"] as string);
      const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.join("\n"))![1]);
      if (ms < best) { best = ms; text = lines.join("\n"); }
    }
    if (show) console.log(text);
    return best;
  };
  let cursor: string | undefined; let cursorB: string | undefined;
  for (let p = 0; p < 4; p++) {
    const qa = await actionsPageQuery(after, { limit: 50, ...(cursor ? { cursor } : {}) } as any);
    const qb = await actionsPageQuery(before, { limit: 50, ...(cursorB ? { cursor: cursorB } : {}) } as any);
    const ra = (await c.executeQuery(qa)).rows as any[]; const rb = (await store.db.executeQuery(qb)).rows as any[];
    const same = JSON.stringify(ra.map((r) => [r.id, r.due_key])) === JSON.stringify(rb.map((r) => [r.id, r.due_key]));
    console.log(`${username} page ${p + 1}: rows ${ra.length}/${rb.length} same=${same} before ${await explain(qb, p === 0 && process.env.SHOW === "1", true)} ms (real table), ${await explain(qb, false)} ms (copy), after ${await explain(qa, p === 0)} ms`);
    cursor = nextCursor(ra, 50, (r: any) => ({ key: r.due_key, id: r.id })) ?? undefined;
    cursorB = nextCursor(rb, 50, (r: any) => ({ key: r.due_key, id: r.id })) ?? undefined;
    if (!cursor) break;
  }
});
await store.close();
