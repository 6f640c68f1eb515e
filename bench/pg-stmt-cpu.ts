// PostgreSQL backends' CPU per statement of one request: the request runs once (after a warm-up),
// its statements are caught as sent (as pg-explain.ts does), and each SELECT is run again N times
// alone, the database's backends' CPU taken around them (bench/backend-cpu.ts). Parsing and
// planning are included, as each run of an unnamed statement pays them:
//   tsx bench/pg-stmt-cpu.ts postgres://postgres@127.0.0.1:5432/copy "/api/search?q=radar" scale.narrow 500
import { CompiledQuery } from "kysely";
import { caughtRequest } from "./time-requests.ts";
import { backendCpuNs, pgDatabase } from "./backend-cpu.ts";

const [url = "postgres://postgres@127.0.0.1:5432/test", path = "/api/search?q=radar&limit=20", user = "scale.broad", n = "500"] = process.argv.slice(2);
const database = pgDatabase(url)!;
const { store, app, seen } = await caughtRequest(url, path, user);
try {
  let total = 0;
  for (const s of seen.filter((x) => /^\s*(select|with|explain)\b/i.test(x.text))) {
    const q = CompiledQuery.raw(s.text, s.values);
    for (let i = 0; i < 20; i++) await store.db.executeQuery(q);
    const cpu0 = backendCpuNs(database)!;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < Number(n); i++) await store.db.executeQuery(q);
    const wall = Number(process.hrtime.bigint() - t0) / 1e3 / Number(n);
    const cpu = Number(backendCpuNs(database)! - cpu0) / 1e3 / Number(n);
    total += cpu;
    // Parsing and planning alone: the same statement under EXPLAIN (not run).
    let plan = NaN;
    if (!/^\s*explain\b/i.test(s.text)) {
      const e = CompiledQuery.raw(`explain ${s.text}`, s.values);
      for (let i = 0; i < 20; i++) await store.db.executeQuery(e);
      const p0 = backendCpuNs(database)!;
      for (let i = 0; i < Number(n); i++) await store.db.executeQuery(e);
      plan = Number(backendCpuNs(database)! - p0) / 1e3 / Number(n);
    }
    console.log(`${cpu.toFixed(0).padStart(6)} µs backend CPU (explain alone ${plan.toFixed(0).padStart(4)}) ${wall.toFixed(0).padStart(6)} µs wall  ${s.text.replace(/\s+/g, " ").slice(0, 200)}`);
  }
  console.log(`${total.toFixed(0)} µs backend CPU over the request's SELECTs`);
} finally {
  await app.close();
  await store.close();
}
