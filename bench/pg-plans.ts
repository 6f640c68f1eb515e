// Which of a request's prepared statements PostgreSQL runs by a generic plan and which it plans
// afresh on every run (custom plans: the planning, ~0.1–0.3 ms of backend CPU each, is paid again
// per request). The pool is one connection (DB_POOL=1), so every statement is prepared on it; each
// case runs 20 times (a named statement's first five runs are always custom, db.ts names a text
// after its second), then pg_prepared_statements is listed:
//   tsx bench/pg-plans.ts postgres://postgres@127.0.0.1:5432/copy            (the list-loop read cases)
//   tsx bench/pg-plans.ts postgres://postgres@127.0.0.1:5432/copy scale.broad:/api/actions?limit=50
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CompiledQuery } from "kysely";
import { createSession } from "../src/accounts/sessions.ts";
import { signedInApp } from "./time-requests.ts";

process.env.DB_POOL = "1";
const [url = "postgres://postgres@127.0.0.1:5432/test", ...given] = process.argv.slice(2);
const { store, app, cookie } = await signedInApp(url, join(tmpdir(), `accord-pg-stmt-${url.replace(/.*\//, "").replace(/[^A-Za-z0-9_]/g, "_")}`), "scale.broad");
try {
  const cookies: Record<string, string> = { "scale.broad": cookie };
  const u = await store.db.selectFrom("users").select("id").where("username", "=", "scale.narrow").executeTakeFirstOrThrow();
  cookies["scale.narrow"] = `accord_session=${(await createSession(store.db, u.id, true, "127.0.0.1")).token}`;
  const first = async (path: string) => (JSON.parse((await app.inject({ url: path, headers: { cookie } })).body) as { items: { id: string }[] }).items[0]!.id;
  const doc = await first("/api/documents?limit=1");
  const action = await first("/api/actions?limit=1");
  const cases = given.length ? given : [
    `scale.broad:/api/documents/${doc}`, `scale.broad:/api/actions/${action}`,
    "scale.broad:/api/documents?limit=50", "scale.broad:/api/actions?limit=50",
    "scale.narrow:/api/documents?limit=50", "scale.narrow:/api/actions?limit=50",
  ];
  for (const c of cases) {
    const [user, path] = [c.slice(0, c.indexOf(":")), c.slice(c.indexOf(":") + 1)];
    for (let i = 0; i < 20; i++) {
      const r = await app.inject({ url: path, headers: { cookie: cookies[user]! } });
      if (r.statusCode !== 200) throw new Error(`${path}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    }
  }
  const prepared = await store.db.executeQuery<{ name: string; generic_plans: number; custom_plans: number; statement: string }>(
    CompiledQuery.raw("select name, generic_plans, custom_plans, statement from pg_prepared_statements order by custom_plans desc, name"));
  for (const p of prepared.rows) console.log(`${p.name.padEnd(10)} generic ${String(p.generic_plans).padStart(4)} custom ${String(p.custom_plans).padStart(4)}  ${p.statement.replace(/\s+/g, " ").slice(0, 220)}`);
} finally {
  await app.close();
  await store.close();
}
