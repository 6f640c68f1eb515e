// EXPLAIN (ANALYZE, BUFFERS) of each read statement of one request on PostgreSQL: the request runs
// once (after a warm-up), its statements are caught as sent (readable sets still as parameters, so
// each runs again on a connection that holds its set), and each SELECT is explained with its values:
//   tsx bench/pg-explain.ts postgres://postgres@127.0.0.1:5432/copy "/api/actions?limit=50" scale.narrow
import { CompiledQuery } from "kysely";
import { caughtRequest } from "./time-requests.ts";

const [url = "postgres://postgres@127.0.0.1:5432/test", path = "/api/documents?limit=50", user = "scale.broad"] = process.argv.slice(2);
const { store, app, seen } = await caughtRequest(url, path, user);
try {
  // Which prepared statements PostgreSQL runs by a generic plan and which it plans every time (the
  // requests ran one at a time, so on one connection of the pool, the one asked here first).
  const prepared = await store.db.executeQuery<{ name: string; generic_plans: number; custom_plans: number; statement: string }>(CompiledQuery.raw("select name, generic_plans, custom_plans, statement from pg_prepared_statements order by name"));
  for (const p of prepared.rows) console.log(`${p.name.padEnd(10)} generic ${String(p.generic_plans).padStart(4)} custom ${String(p.custom_plans).padStart(4)}  ${p.statement.replace(/\s+/g, " ").slice(0, 160)}`);
  for (const s of seen.filter((x) => /^\s*(select|with)\b/i.test(x.text))) {
    const plan = await store.db.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain (analyze, buffers) ${s.text}`, s.values));
    console.log(`\n=== ${s.text.replace(/\s+/g, " ").slice(0, 300)}`);
    for (const r of plan.rows) console.log(r["QUERY PLAN"]);
  }
} finally {
  await app.close();
  await store.close();
}
