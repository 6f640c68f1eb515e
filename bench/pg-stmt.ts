// The statements of a request on PostgreSQL: every query a pg client sends over N requests of one
// case (in process, through app.inject), counted by text, with the time from sending to its answer
// and the size of its parameters and rows:
//   tsx bench/pg-stmt.ts postgres://postgres@127.0.0.1:5432/copy "/api/documents?limit=50" scale.broad 200
import pg from "pg";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { timeRequests } from "./time-requests.ts";
import { backendCpuNs, pgDatabase } from "./backend-cpu.ts";

const [url = "postgres://postgres@127.0.0.1:5432/test", path = "/api/documents?limit=50", user = "scale.broad", n = "200"] = process.argv.slice(2);
const stats = new Map<string, { calls: number; ns: bigint; params: number; rows: number }>();
let on = false;
const orig = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...a: unknown[]) {
  const res = orig.apply(this, a);
  if (!on || !(res instanceof Promise)) return res;
  const q = a[0] as string | { text: string; values?: unknown[]; name?: string };
  const text = typeof q === "string" ? q : `${q.name ? `[${q.name}] ` : ""}${q.text}`;
  const values = (typeof q === "string" ? a[1] : q.values ?? a[1]) as unknown[] | undefined;
  const t = process.hrtime.bigint();
  return res.then((r: { rows?: unknown[] }) => {
    const s = stats.get(text) ?? { calls: 0, ns: 0n, params: 0, rows: 0 };
    s.calls++; s.ns += process.hrtime.bigint() - t;
    s.params += JSON.stringify(values ?? []).length; s.rows += r?.rows?.length ?? 0;
    stats.set(text, s);
    return r;
  });
};
// The audit keys of the run are kept per database, so a copy can be reused.
const keys = join(tmpdir(), `accord-pg-stmt-${url.replace(/.*\//, "").replace(/[^A-Za-z0-9_]/g, "_")}`);
const count = Number(n);
const database = pgDatabase(url);
let pg0: bigint | null = null;
let pgNs: bigint | null = null;
const { wallMs, cpuMs } = await timeRequests(url, keys, path, user, count, (measure) => {
  on = measure;
  const now = database ? backendCpuNs(database) : null;
  if (measure) pg0 = now;
  else if (now !== null && pg0 !== null) pgNs = now - pg0;
});
let calls = 0;
for (const [sql, s] of [...stats].sort((a, b) => Number(b[1].ns - a[1].ns))) {
  calls += s.calls;
  console.log(`${(Number(s.ns) / 1000 / count).toFixed(0).padStart(6)} µs  ${(s.calls / count).toFixed(2).padStart(5)}×  params ${String(Math.round(s.params / s.calls)).padStart(6)} B  rows ${(s.rows / s.calls).toFixed(0).padStart(4)}  ${sql.replace(/\s+/g, " ").slice(0, 200)}`);
}
console.log(`${(calls / count).toFixed(2)} statements per request; ${(wallMs * 1000).toFixed(0)} µs per request; process CPU ${(cpuMs * 1000).toFixed(0)} µs per request${pgNs === null ? "" : `; PostgreSQL backends' CPU ${(Number(pgNs) / 1000 / count).toFixed(0)} µs per request`}`);
