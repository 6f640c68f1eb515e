// The young generation side by side: any server processes (any command, any Node.js binary, any
// flags), each loaded by autocannon in turn, runs alternating so the machine's noise falls on all
// alike, each server run with --trace-gc-nvp. For each run: req/s, p99, the server's CPU per request,
// and from V8's trace within the run's window alone (idle time between runs left out): scavenges, MB
// allocated, the share promoted to the old generation and the share copied within the young one,
// the median and longest scavenge, GC time in all, and the young generation's capacity.
//
//   tsx bench/gc-ab.ts --path /page --runs 3 \
//     --server 'n20=/usr/bin/node|/work/main|--max-semi-space-size=64 --import tsx bench/minimal-route.ts --port {port} --user scale.broad|DATABASE_URL=postgres://…' \
//     --server 'n24=/opt/node24/bin/node|.|…same…|DATABASE_URL=postgres://…'
//
// `label=NODE|CWD|ARGS|ENV`: ARGS split on spaces, `{port}` replaced by a free port (also in ENV as
// PORT); ENV as `K=V;K=V`. A server is ready when `path` answers (after signing in as --user, for
// `accord serve`). Its trace goes to /tmp/gc-ab-LABEL.out. Each server also gets a preload that
// reports its time origin, so the trace's times (ms since the isolate started) can be matched to runs.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { SCALE_PASSWORD } from "../src/seed/scale.ts";

const { values: args } = parseArgs({
  options: {
    server: { type: "string", multiple: true, default: [] },
    path: { type: "string", default: "/" },
    user: { type: "string" },
    runs: { type: "string", default: "3" },
    duration: { type: "string", default: "5" },
    connections: { type: "string", default: "8" },
  },
});

const preload = `/tmp/gc-ab-preload-${process.pid}.mjs`;
writeFileSync(preload, `import { writeFileSync } from "node:fs";
writeFileSync("/tmp/gc-ab-origin-" + process.pid, String(performance.timeOrigin));\n`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
};

interface Server { label: string; child: ChildProcess; base: string; origin: number; trace: string; cookie?: string }

async function start(spec: string): Promise<Server> {
  const m = /^([^=]+)=([^|]+)\|([^|]+)\|([^|]+)(?:\|(.*))?$/.exec(spec);
  if (!m) throw new Error(`--server label=NODE|CWD|ARGS|ENV, not ${spec}`);
  const [, label, node, cwd, argv, env] = m as unknown as [string, string, string, string, string, string | undefined];
  const port = String(await freePort());
  const extraEnv = Object.fromEntries((env ?? "").split(";").filter(Boolean).map((e) => e.replaceAll("{port}", port).split(/=(.*)/s).slice(0, 2) as [string, string]));
  const trace = `/tmp/gc-ab-${label}.out`;
  const child = spawn(node, ["--trace-gc-nvp", "--import", preload, ...argv.replaceAll("{port}", port).split(/\s+/).filter(Boolean)], {
    cwd, env: { ...process.env, PORT: port, ACCORD_RATE_LIMIT: "0", LOG_LEVEL: "error", ...extraEnv }, stdio: ["ignore", "pipe", "inherit"],
  });
  child.stdout!.pipe(createWriteStream(trace));
  const base = `http://127.0.0.1:${port}`;
  const sv: Server = { label, child, base, origin: 0, trace };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server ${label} exited ${child.exitCode}`);
    try {
      if (args.user && !sv.cookie) {
        const res = await fetch(`${base}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: args.user, password: SCALE_PASSWORD }) });
        if (res.ok) sv.cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      }
      const res = await fetch(`${base}${args.path}`, { headers: sv.cookie ? { cookie: sv.cookie } : {} });
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (i > 600) throw new Error(`server ${label} not ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
  sv.origin = Number(readFileSync(`/tmp/gc-ab-origin-${child.pid}`, "utf8"));
  return sv;
}

interface Gc { t: number; kind: string; pause: number; allocated: number; promoted: number; survived: number; capacity?: number }
const traced = (file: string): Gc[] => readFileSync(file, "utf8").split("\n").flatMap((line) => {
  const m = /\s(\d+) ms: (pause=.*)$/.exec(line);
  if (!m) return [];
  const f = Object.fromEntries(m[2]!.split(" ").map((kv) => kv.split("=") as [string, string]));
  return [{ t: Number(m[1]), kind: f.gc!, pause: Number(f.pause), allocated: Number(f.allocated ?? 0), promoted: Number(f.promoted ?? 0), survived: Number(f.new_space_survived ?? 0), ...(f.new_space_capacity ? { capacity: Number(f.new_space_capacity) } : {}) }];
});
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)]! : 0; };
const mb = (n: number) => (n / 1048576).toFixed(0);

const servers: Server[] = [];
const rows: string[] = [];
try {
  for (const spec of args.server) servers.push(await start(spec));
  for (const sv of servers) await autocannon({ url: `${sv.base}${args.path}`, connections: Number(args.connections), duration: 1, headers: sv.cookie ? { cookie: sv.cookie } : {} });
  const windows = new Map<Server, [number, number][]>(servers.map((s) => [s, []]));
  for (let i = 0; i < Number(args.runs); i++) {
    for (const sv of i % 2 ? [...servers].reverse() : servers) {
      await new Promise((r) => setTimeout(r, 300));
      const c0 = cpuMs(sv.child.pid!);
      const t0 = Date.now();
      const r = await autocannon({ url: `${sv.base}${args.path}`, connections: Number(args.connections), duration: Number(args.duration), headers: sv.cookie ? { cookie: sv.cookie } : {} });
      const t1 = Date.now();
      const used = cpuMs(sv.child.pid!) - c0;
      windows.get(sv)!.push([t0 - sv.origin, t1 - sv.origin]);
      rows.push(`${sv.label}|${i + 1}|${Math.round(r.requests.average)}|${r.latency.p99}|${(used / r.requests.total).toFixed(3)}|${r.requests.total}|${r.non2xx}`);
    }
  }
  await new Promise((r) => setTimeout(r, 500));
  console.log("| server | run | req/s | p99 | CPU ms/req | scavenges | MB allocated | KB/req | promoted | survived | median / max scavenge ms | GC ms (full GCs) | young capacity MB |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|");
  for (const row of rows) {
    const [label, run, rps, p99, cpu, total, non2xx] = row.split("|") as [string, string, string, string, string, string, string];
    const sv = servers.find((s) => s.label === label)!;
    const [t0, t1] = windows.get(sv)![Number(run) - 1]!;
    const gcs = traced(sv.trace).filter((g) => g.t >= t0 && g.t <= t1);
    const sc = gcs.filter((g) => g.kind === "s" || g.kind === "mmc");
    const sum = (f: (g: Gc) => number, xs = sc) => xs.reduce((a, g) => a + f(g), 0);
    const alloc = sum((g) => g.allocated);
    const caps = [...new Set(sc.map((g) => g.capacity).filter((c) => c !== undefined))].map((c) => mb(c));
    console.log(`| ${label} | ${run} | ${rps}${non2xx !== "0" ? ` (${non2xx} non-2xx)` : ""} | ${p99} | ${cpu} | ${sc.length} | ${mb(alloc)} | ${(alloc / Number(total) / 1024).toFixed(0)} | ${(100 * sum((g) => g.promoted) / alloc).toFixed(1)}% | ${(100 * sum((g) => g.survived) / alloc).toFixed(1)}% | ${median(sc.map((g) => g.pause)).toFixed(1)} / ${Math.max(0, ...sc.map((g) => g.pause)).toFixed(1)} | ${sum((g) => g.pause, gcs).toFixed(0)} (${gcs.length - sc.length}) | ${caps.join(",")} |`);
  }
} finally {
  for (const sv of servers) { sv.child.kill("SIGTERM"); }
}
