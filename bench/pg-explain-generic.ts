// The generic plans PostgreSQL keeps for a request's prepared statements: as pg-explain.ts, but each
// SELECT is explained in a transaction with plan_cache_mode = force_generic_plan, so its parameters
// are planned as unknown values, as a named statement is after its first five runs (db.ts):
//   tsx bench/pg-explain-generic.ts postgres://postgres@127.0.0.1:5432/copy "/api/actions?limit=50" scale.broad
import { CompiledQuery } from "kysely";
import { caughtRequest } from "./time-requests.ts";
import { pgTextArray, ReadableSetParam } from "../src/store/postgres-sets.ts";

const [url = "postgres://postgres@127.0.0.1:5432/test", path = "/api/documents?limit=50", user = "scale.broad"] = process.argv.slice(2);
const { store, app, seen } = await caughtRequest(url, path, user);
try {
  for (const s of seen.filter((x) => /^\s*(select|with)\b/i.test(x.text) && x.values.length)) {
    const plan = await store.db.transaction().execute(async (tx) => {
      await tx.executeQuery(CompiledQuery.raw("set local plan_cache_mode = force_generic_plan"));
      // A statement prepared under a name of its own, explained as executed with its values.
      await tx.executeQuery(CompiledQuery.raw(`prepare accord_generic as ${s.text}`));
      // EXECUTE takes its values written in: a readable set is first loaded on this connection (by
      // a statement binding it), then written as its key.
      const sets = s.values.filter((v) => v instanceof ReadableSetParam);
      if (sets.length) await tx.executeQuery(CompiledQuery.raw(`select ${sets.map((_, i) => `$${i + 1}::text`).join(", ")}`, sets));
      // A bound array (a narrow reader's markings, walked one by one) as its text[] literal.
      const values = s.values.map((v) => `'${String(v instanceof ReadableSetParam ? v.key : Array.isArray(v) ? pgTextArray(v.map(String)) : v).replace(/'/g, "''")}'`).join(", ");
      try {
        return await tx.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain (analyze, buffers) execute accord_generic(${values})`));
      } finally {
        await tx.executeQuery(CompiledQuery.raw("deallocate accord_generic"));
      }
    });
    console.log(`\n=== ${s.text.replace(/\s+/g, " ").slice(0, 300)}`);
    for (const r of plan.rows) console.log(r["QUERY PLAN"]);
  }
} finally {
  await app.close();
  await store.close();
}
