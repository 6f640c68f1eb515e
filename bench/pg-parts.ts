// Where a list's page statement spends the backend's time, part by part (PostgreSQL): the request
// runs once (after a warm-up, bench/time-requests.ts's caughtRequest), its longest SELECT (the page
// joined to its presentation) is kept, and cut at its top-level `union all select '<part>'`s into
// the page alone and the page with each child part (updates 'u', agendas 'g', references 'r', a
// documents page's own parts run whole). Each variant is run `n` times with the database's
// backends' CPU taken around the runs (bench/backend-cpu.ts), under a generic plan as the server's
// named statements are, then once under EXPLAIN (ANALYZE, BUFFERS) for its shared buffers hit and
// read (a read is a page missing from shared_buffers, served by the OS cache here):
//   tsx bench/pg-parts.ts postgres://postgres@127.0.0.1:5432/copy "/api/actions?limit=50" scale.broad 300
// On a copy of a seeded store: signing in and the request's audit write to it.
import { CompiledQuery } from "kysely";
import { caughtRequest } from "./time-requests.ts";
import { backendCpuNs, pgDatabase } from "./backend-cpu.ts";

const [url = "postgres://postgres@127.0.0.1:5432/test", path = "/api/actions?limit=50", user = "scale.broad", n = "300", ...extra] = process.argv.slice(2);
const database = pgDatabase(url)!;
const { store, app, seen } = await caughtRequest(url, path, user);

/** The statement cut at its child parts: [head, ...[part letter, text]]. */
function parts(text: string): { head: string; children: [string, string][] } {
  const re = /\s+union all select '([ugr])',/g;
  const cuts: { at: number; part: string }[] = [];
  for (let m; (m = re.exec(text)); ) cuts.push({ at: m.index, part: m[1]! });
  if (!cuts.length) return { head: text, children: [] };
  const head = text.slice(0, cuts[0]!.at);
  const children = cuts.map((c, i) => [c.part, text.slice(c.at, cuts[i + 1]?.at ?? text.length)] as [string, string]);
  return { head, children };
}

/** The text with the parameters it still uses numbered from 1, and their values. */
function renumbered(text: string, values: unknown[]): CompiledQuery {
  const used = [...new Set([...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  const to = new Map(used.map((u, i) => [u, i + 1]));
  return CompiledQuery.raw(text.replace(/\$(\d+)/g, (_, d: string) => `$${to.get(Number(d))}`), used.map((u) => values[u - 1]));
}

async function cpuPerRun(text: string, values: unknown[]): Promise<{ cpu: number; wall: number }> {
  const q = renumbered(text, values);
  for (let i = 0; i < 10; i++) await store.db.executeQuery(q);
  const cpu0 = backendCpuNs(database)!;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < Number(n); i++) await store.db.executeQuery(q);
  return { cpu: Number(backendCpuNs(database)! - cpu0) / 1e3 / Number(n), wall: Number(process.hrtime.bigint() - t0) / 1e3 / Number(n) };
}

async function buffers(text: string, values: unknown[]): Promise<string> {
  const q = renumbered(text, values);
  const plan = await store.db.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain (analyze, buffers, timing) ${q.sql}`, q.parameters as unknown[]));
  const lines = plan.rows.map((r) => r["QUERY PLAN"]);
  if (process.env.PLANS) console.log(lines.join("\n"));
  const top = lines.find((l) => /Buffers:/.test(l))?.trim() ?? "";
  const exec = lines.find((l) => /Execution Time/.test(l))?.trim() ?? "";
  return `${top}; ${exec}`;
}

try {
  await store.db.executeQuery(CompiledQuery.raw("set plan_cache_mode = force_generic_plan"));
  // SETUP=sql;sql: statements run first on the connection (e.g. a variant's temporary table).
  for (const t of (process.env.SETUP ?? "").split(";").filter((x) => x.trim())) await store.db.executeQuery(CompiledQuery.raw(t));
  const selects = seen.filter((x) => /^\s*(select|with)\b/i.test(x.text));
  const page = [...selects].sort((a, b) => b.text.length - a.text.length)[0]!;
  for (const s of selects) {
    if (s === page) continue;
    const c = await cpuPerRun(s.text, s.values);
    console.log(`${c.cpu.toFixed(0).padStart(6)} µs backend ${c.wall.toFixed(0).padStart(6)} µs wall  ${s.text.replace(/\s+/g, " ").slice(0, 120)}`);
  }
  const { head, children } = parts(page.text);
  const variants: [string, string][] = [["page alone", head], ...children.map(([p, t]) => [`page + ${p}`, head + t] as [string, string]), ["whole", page.text]];
  // Extra variants: NAME=s/regex/replacement/ applied to the whole statement's text.
  for (const e of extra) {
    const m = /^([^=]+)=s\/(.*)\/(.*)\/$/s.exec(e);
    if (m) variants.push([m[1]!, page.text.replace(new RegExp(m[2]!, "g"), m[3]!)]);
  }
  for (const [label, text] of variants) console.log(`${label.padEnd(14)} ${await buffers(text, page.values)}`);
  // Blocks alternating between variants (forward, then backward), each variant's median block.
  const cpu = variants.map(() => [] as number[]);
  const wall = variants.map(() => [] as number[]);
  const rounds = Number(process.env.ROUNDS ?? 8);
  for (let round = 0; round < rounds; round++) {
    const order = variants.map((_, i) => i);
    if (round % 2) order.reverse();
    for (const i of order) {
      const c = await cpuPerRun(variants[i]![1], page.values);
      cpu[i]!.push(c.cpu);
      wall[i]!.push(c.wall);
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
  variants.forEach(([label], i) => console.log(`${label.padEnd(14)} ${median(cpu[i]!).toFixed(0).padStart(6)} µs backend (blocks ${cpu[i]!.map((x) => x.toFixed(0)).join(" ")}) ${median(wall[i]!).toFixed(0).padStart(6)} µs wall`));
} finally {
  await app.close();
  await store.close();
}
