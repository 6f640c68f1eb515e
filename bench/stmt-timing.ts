// Where a request's SQLite time goes: every statement of N requests of one case (in process, through
// app.inject), timed by its text, beside the request's whole time:
//   tsx bench/stmt-timing.ts sqlite:/tmp/s.db "/api/documents?limit=50" scale.broad 1000
// The audit keys of the run are kept beside the database (FILE.stmt-keys), so a copy can be reused.
import Database from "better-sqlite3";
import { timeRequests } from "./time-requests.ts";

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
const keys = `${url.replace(/^sqlite:/, "").replace(/[^A-Za-z0-9_./-]/g, "_")}.stmt-keys`;
const count = Number(n);
const { wallMs: wall, cpuMs: cpu } = await timeRequests(url, keys, path, user, count, (measure) => { on = measure; });
let sum = 0;
const rows = [...stats].sort((a, b) => Number(b[1].ns - a[1].ns));
for (const [sql, s] of rows) {
  const us = Number(s.ns) / 1000 / count; sum += us;
  console.log(`${us.toFixed(0).padStart(6)} µs  ${(s.calls / count).toFixed(2).padStart(5)}×  ${sql.replace(/\s+/g, " ").slice(0, 220)}`);
}
console.log(`statements ${sum.toFixed(0)} µs of ${(wall * 1000).toFixed(0)} µs per request; process CPU ${(cpu * 1000).toFixed(0)} µs per request`);
