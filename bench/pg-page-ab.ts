// A list's page statement alone (PostgreSQL), through each checkout's store: the request runs once
// in each (bench/time-requests.ts's caughtRequest), its longest SELECT (the page, with its
// presentation) is kept, and run `n` times per block, blocks alternating between checkouts; prints
// Accord's CPU per statement (the median block), so a change to how rows are read is measured
// apart from the rest of the request, and the database's backends' CPU per statement (bench/backend-cpu.ts). Each checkout on its own copy of a seeded store:
//   tsx bench/pg-page-ab.ts "/api/actions?limit=50" scale.broad 300 \
//     before=/path/to/old/checkout@postgres://postgres@127.0.0.1:5432/copy1 after=.@postgres://postgres@127.0.0.1:5432/copy2
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CompiledQuery } from "kysely";
import { backendCpuNs, pgDatabase } from "./backend-cpu.ts";

const [path = "/api/actions?limit=50", user = "scale.broad", n = "300", ...specs] = process.argv.slice(2);
interface Sent { text: string; values: unknown[] }
const apps: { label: string; database: string; run(): Promise<unknown>; close(): Promise<void>; cpu: number[]; backend: number[] }[] = [];
for (const spec of specs) {
  const m = /^([^=]+)=([^@]+)@(.+)$/.exec(spec);
  if (!m) throw new Error(`label=checkout@DATABASE_URL, not ${spec}`);
  const [, label, dir, url] = m as unknown as [string, string, string, string];
  const { caughtRequest } = await import(pathToFileURL(resolve(dir, "bench/time-requests.ts")).href);
  const got = await caughtRequest(url, path, user);
  const page = (got.seen as Sent[]).filter((s) => /^\s*(select|with)\b/i.test(s.text)).sort((a, b) => b.text.length - a.text.length)[0]!;
  const q = CompiledQuery.raw(page.text, page.values);
  apps.push({ label, database: pgDatabase(url)!, run: () => got.store.db.executeQuery(q), close: async () => { await got.app.close(); await got.store.close(); }, cpu: [], backend: [] });
}
for (const a of apps) for (let i = 0; i < 100; i++) await a.run();
for (let r = 0; r < Number(process.env.ROUNDS ?? 10); r++) {
  for (const a of r % 2 ? [...apps].reverse() : apps) {
    const b0 = backendCpuNs(a.database)!;
    const c0 = process.cpuUsage();
    for (let i = 0; i < Number(n); i++) await a.run();
    const c = process.cpuUsage(c0);
    a.cpu.push((c.user + c.system) / Number(n));
    a.backend.push(Number(backendCpuNs(a.database)! - b0) / 1e3 / Number(n));
  }
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
for (const a of apps) console.log(`${a.label}: ${median(a.cpu).toFixed(1)} µs of Accord's CPU per statement (blocks ${a.cpu.map((x) => x.toFixed(0)).join(" ")}); backends ${median(a.backend).toFixed(1)} µs (blocks ${a.backend.map((x) => x.toFixed(0)).join(" ")})`);
const [first] = apps;
if (first) for (const a of apps.slice(1)) console.log(`${a.label}/${first.label}: Accord ${(median(a.cpu) / median(first.cpu)).toFixed(2)}, backends ${(median(a.backend) / median(first.backend)).toFixed(2)}`);
for (const a of apps) await a.close();
