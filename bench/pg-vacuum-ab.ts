// What a vacuumed readable-set table saves a list's page statement (PostgreSQL): the request runs
// once (bench/time-requests.ts's caughtRequest), its page statement (the longest SELECT) is kept,
// and run on connections of their own, each holding the request's readable sets in its temporary
// table as src/store/postgres-sets.ts loads them, one table analysed only (as before), one vacuumed
// too, and a third analysed only (the A/A). Blocks of `n` runs alternate between them; each block's
// CPU is that backend's own (/proc/PID/schedstat), so other backends and the machine's load fall
// outside it, and EXPLAIN's heap fetches per run are shown for each:
//   tsx bench/pg-vacuum-ab.ts postgres://postgres@127.0.0.1:5432/copy "/api/actions?limit=50" scale.broad 200
import { readFileSync } from "node:fs";
import pg from "pg";
import { ReadableSetParam, setTextArray } from "../src/store/postgres-sets.ts";
import { caughtRequest } from "./time-requests.ts";

const [url = "postgres://postgres@127.0.0.1:5432/test", path = "/api/actions?limit=50", user = "scale.broad", n = "200"] = process.argv.slice(2);
const rounds = Number(process.env.ROUNDS ?? 12);
const got = await caughtRequest(url, path, user);
const page = got.seen.filter((s) => /^\s*(select|with)\b/i.test(s.text)).sort((a, b) => b.text.length - a.text.length)[0]!;
await got.app.close();
await got.store.close();
const sets = page.values.filter((v): v is ReadableSetParam => v instanceof ReadableSetParam);
const values = page.values.map((v) => (v instanceof ReadableSetParam ? v.key : v));

interface Side { label: string; vacuum: boolean; client: pg.Client; pid: number; cpu: number[] }
const sides: Side[] = [];
for (const [label, vacuum] of [["analysed", false], ["vacuumed", true], ["analysed2", false]] as const) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`create temporary table accord_readable (rs_set text collate "C" not null, rs_marking text collate "C" not null, primary key (rs_set, rs_marking))`);
  for (const s of sets) await client.query("insert into pg_temp.accord_readable (rs_set, rs_marking) select $1, unnest($2::text[]) on conflict do nothing", [s.key, setTextArray(s.ids)]);
  await client.query(vacuum ? "vacuum (analyze) pg_temp.accord_readable" : "analyze pg_temp.accord_readable");
  const pid = Number((await client.query("select pg_backend_pid() as pid")).rows[0].pid);
  sides.push({ label, vacuum, client, pid, cpu: [] });
}
const cpuNs = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, "latin1").split(" ")[0]);
const run = (s: Side) => s.client.query({ name: "page", text: page.text, values });
for (const s of sides) {
  for (let i = 0; i < 50; i++) await run(s);
  const plan = await s.client.query({ text: `explain (analyze, buffers, costs off, timing off) ${page.text}`, values });
  const text = plan.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n");
  const fetches = [...text.matchAll(/Heap Fetches: (\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
  console.log(`${s.label}: ${fetches} heap fetches in all per run (index-only scans, the readable set's and others)`);
}
for (let r = 0; r < rounds; r++) {
  for (const s of r % 2 ? [...sides].reverse() : sides) {
    const c0 = cpuNs(s.pid);
    for (let i = 0; i < Number(n); i++) await run(s);
    s.cpu.push((cpuNs(s.pid) - c0) / 1e3 / Number(n));
  }
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
for (const s of sides) console.log(`${s.label}: backend ${median(s.cpu).toFixed(1)} µs per statement (blocks ${s.cpu.map((x) => x.toFixed(0)).join(" ")})`);
const base = median(sides[0]!.cpu);
for (const s of sides.slice(1)) console.log(`${s.label}/${sides[0]!.label}: ${(median(s.cpu) / base).toFixed(3)}`);
for (const s of sides) await s.client.end();
