// Where a request's SQLite time goes: every statement of N requests of one case (in process, through
// app.inject), timed by its text, beside the request's whole time:
//   tsx bench/stmt-timing.ts sqlite:/tmp/s.db "/api/documents?limit=50" scale.broad 1000
// The audit keys of the run are kept beside the database (FILE.stmt-keys), so a copy can be reused.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";
import { buildServer, defaultConfig } from "../src/http/server.ts";
import { createSession } from "../src/accounts/sessions.ts";

const [url = "sqlite:/tmp/s.db", path = "/api/documents?limit=50", user = "scale.broad", n = "200"] = process.argv.slice(2);
const probe = new Database(":memory:");
const Statement = Object.getPrototypeOf(probe.prepare("select 1"));
const stats = new Map<string, { calls: number; ns: bigint }>();
let on = false;
for (const m of ["all", "get", "run", "iterate"] as const) {
  const orig = Statement[m];
  Statement[m] = function (this: { source: string }, ...a: unknown[]) {
    if (!on) return orig.apply(this, a);
    const t = process.hrtime.bigint();
    try { return orig.apply(this, a); } finally {
      const s = stats.get(this.source) ?? { calls: 0, ns: 0n };
      s.calls++; s.ns += process.hrtime.bigint() - t; stats.set(this.source, s);
    }
  };
}
const store = openStore(url);
await migrate(store);
const keys = `${url.replace(/^sqlite:/, "").replace(/[^A-Za-z0-9_./-]/g, "_")}.stmt-keys`;
mkdirSync(keys, { recursive: true });
const app = await buildServer(store, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent", keys: { privateKey: join(keys, "k.pem"), checkpoints: join(keys, "c.jsonl") } }));
await app.ready();
const u = await store.db.selectFrom("users").select("id").where("username", "=", user).executeTakeFirstOrThrow();
const cookie = `accord_session=${(await createSession(store.db, u.id, true, "127.0.0.1")).token}`;
const count = Number(n);
for (let i = 0; i < 50; i++) await app.inject({ url: path, headers: { cookie } });
on = true;
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
for (let i = 0; i < count; i++) {
  const r = await app.inject({ url: path, headers: { cookie } });
  if (r.statusCode !== 200) throw new Error(r.body);
}
const wall = Number(process.hrtime.bigint() - t0) / 1e6 / count;
const used = process.cpuUsage(cpu0);
const cpu = (used.user + used.system) / 1000 / count;
on = false;
let sum = 0;
const rows = [...stats].sort((a, b) => Number(b[1].ns - a[1].ns));
for (const [sql, s] of rows) {
  const us = Number(s.ns) / 1000 / count; sum += us;
  console.log(`${us.toFixed(0).padStart(6)} µs  ${(s.calls / count).toFixed(2).padStart(5)}×  ${sql.replace(/\s+/g, " ").slice(0, 220)}`);
}
console.log(`statements ${sum.toFixed(0)} µs of ${(wall * 1000).toFixed(0)} µs per request; process CPU ${(cpu * 1000).toFixed(0)} µs per request`);
await app.close(); await store.close();
