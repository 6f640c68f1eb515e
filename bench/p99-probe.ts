// Where a case's p99 comes from: `accord serve` processes (as bench/run.ts starts them), each on a
// store of its own, one case loaded by autocannon several times, runs alternating between the
// servers so the machine's noise falls on all alike; each run's p50, p99, max and the server's CPU
// per request, and the server's event-loop delay meanwhile (its longest stalls), its GC pauses and
// its fsyncs (fsyncSync on the event loop, and FileHandle.sync/datasync in libuv's threads), optionally after
// a phase of writes (as the bench's "create an action" cases run before the narrow reader's lists).
//
//   tsx bench/p99-probe.ts --server 'a=CHECKOUT@sqlite:/tmp/a.db|/tmp/keys-a' \
//       --server 'b=CHECKOUT@sqlite:/tmp/b.db|/tmp/keys-b|ACCORD_CHECKPOINT_EVENTS=100000000' \
//       --user scale.narrow --path /api/documents?limit=50 --runs 5 [--before-writes scale.broad]
//   (a server's `|AS=scale.broad` loads it as that user instead of --user)
//
// The stores are written to (audit events, and the writes asked for): give each a copy.
// P99_PROBE_ALLOC=1: also what each server allocated per request in each run, by function (the
// sampling heap profiler slows the servers: compare CPU and p99 in runs without it);
// P99_PROBE_ALLOC=promoted: what outlived the young generation (promoted, or alive at the end).
// On PostgreSQL each run also gives the CPU of the database's backends per request (every backend
// connected to the server's database, bench/backend-cpu.ts: servers sharing a database count each
// other's, which only matters if the idle one works), and after the runs the median of each
// column by server with its ratio to the first server's (list the old code first, twice, for an A/A).
// Each server's pg pool keeps its connections between runs (see the preload below).
// Each run also counts the statements the server sent per request, and on PostgreSQL the read
// audit's INSERTs into the queue per request and the events each carried: outside a transaction each
// such INSERT commits alone (one WAL flush), so events per INSERT is the group commit's batch.
// --post: each run writes (POST the path with the bench's action, as --user) instead of reading it.
// --warmup S: each server is loaded S seconds before the runs (default 1; Node 24 needs 10-20 s
// under load before V8's optimised code settles, see README "Node 24's promotion on PostgreSQL").
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { SCALE_PASSWORD } from "../src/seed/scale.ts";
import { SERVER_NODE_FLAGS } from "../src/cli/serve.ts";
import { actionBody } from "./action-body.ts";
import { backendCpuByPid, backendCpuSince, pgDatabase } from "./backend-cpu.ts";

const { values: args } = parseArgs({
  options: {
    server: { type: "string", multiple: true, default: [] },
    user: { type: "string", default: "scale.narrow" },
    path: { type: "string", default: "/api/documents?limit=50" },
    runs: { type: "string", default: "5" },
    duration: { type: "string", default: "5" },
    connections: { type: "string", default: "8" },
    "before-writes": { type: "string" },
    "write-seconds": { type: "string", default: "6" },
    warmup: { type: "string", default: "1" },
    post: { type: "boolean", default: false },
  },
});

// The server's event-loop delay, written to a file every second by a module preloaded into it.
const lagDir = `/tmp/p99-probe-lag-${process.pid}`;
mkdirSync(lagDir, { recursive: true });
const preload = `/tmp/p99-probe-preload-${process.pid}.mjs`;
writeFileSync(preload, `
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import fs, { renameSync, writeFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
let counts = { statements: 0, auditInserts: 0, auditEvents: 0 };
// The pool keeps its connections while the server waits for its next run (pg closes one idle for
// 10 s, and with several servers each waits longer than that): as in a server loaded without pause,
// a run pays for no new backends, temporary tables or prepared statements.
{
  const { createRequire } = await import("node:module");
  const pg = createRequire(process.cwd() + "/package.json")("pg");
  const Pool = pg.Pool;
  pg.Pool = class extends Pool { constructor(options) { super({ ...options, idleTimeoutMillis: 0 }); } };
  // The statements the server sends, and of them the read audit's INSERTs into the queue with the
  // events they carry (one row each): each INSERT outside a transaction is a commit of its own, one
  // WAL flush, so events per INSERT is the group commit's batch (src/audit/group-commit.ts).
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, cb) {
    counts.statements++;
    const text = typeof config === "string" ? config : config?.text;
    // (a batch holding requests checked after their reads selects the counters first: "with cur as (…), ins as (insert …")
    if (typeof text === "string" && (text.startsWith('insert into "audit_queue"') || text.startsWith("with cur as ("))) {
      counts.auditInserts++;
      counts.auditEvents += text.split("), (").length;
    }
    return query.call(this, config, values, cb);
  };
}
const h = monitorEventLoopDelay({ resolution: 1 });
h.enable();
let stalls = [], gcs = [], fsyncs = [], asyncSyncs = [];
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - last > 8) stalls.push(Math.round(now - last));
  last = now;
}, 1).unref();
new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push(e.duration); }).observe({ entryTypes: ["gc"] });
const fsync = fs.fsyncSync;
fs.fsyncSync = (fd) => { const t = performance.now(); try { return fsync(fd); } finally { fsyncs.push(performance.now() - t); } };
syncBuiltinESMExports();
// The syncs run by libuv's threads (FileHandle.sync/datasync, as the audit checkpoint's files are
// synced): timed from the call to the promise's end, on no thread in particular.
const probe = await fs.promises.open(${JSON.stringify(preload)}, "r");
const FileHandle = Object.getPrototypeOf(probe);
await probe.close();
for (const name of ["sync", "datasync"]) {
  const real = FileHandle[name];
  FileHandle[name] = async function (...a) { const t = performance.now(); try { return await real.apply(this, a); } finally { asyncSyncs.push(performance.now() - t); } };
}
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
setInterval(() => {
  // Written aside and renamed, so the probe never reads a half-written file.
  const lagFile = ${JSON.stringify(lagDir)} + "/" + process.pid + ".json";
  writeFileSync(lagFile + ".tmp", JSON.stringify({ max: h.max / 1e6, p99: h.percentile(99) / 1e6, stalls,
    gc: { n: gcs.length, ms: sum(gcs), max: Math.max(0, ...gcs) }, fsync: { n: fsyncs.length, ms: sum(fsyncs), max: Math.max(0, ...fsyncs) },
    asyncSync: { n: asyncSyncs.length, ms: sum(asyncSyncs), max: Math.max(0, ...asyncSyncs) }, counts }));
  renameSync(lagFile + ".tmp", lagFile);
}, 250).unref();
process.on("message", (m) => { if (m === "reset") { h.reset(); stalls = []; gcs = []; fsyncs = []; asyncSyncs = []; counts = { statements: 0, auditInserts: 0, auditEvents: 0 }; } });
// P99_PROBE_ALLOC=1: what the server allocates during each run (V8's sampling heap profiler, objects
// collected since included), by allocating function and by the nearest Accord function.
if (process.env.P99_PROBE_ALLOC === "1" || process.env.P99_PROBE_ALLOC === "promoted") {
  const { Session } = await import("node:inspector");
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((res, rej) => session.post(method, params, (e, r) => e ? rej(e) : res(r)));
  await post("HeapProfiler.enable");
  let sampling = false;
  const { summarise } = await import(${JSON.stringify(pathToFileURL(join(import.meta.dirname, "heap-sample.ts")).href)});
  process.on("message", async (m) => {
    if (m === "reset") {
      if (sampling) await post("HeapProfiler.stopSampling");
      await post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: process.env.P99_PROBE_ALLOC === "1" });
      sampling = true;
    } else if (m === "alloc" && sampling) {
      const { profile } = await post("HeapProfiler.getSamplingProfile");
      const { total, self, near } = summarise(profile.head);
      const top = (mp) => [...mp].sort((a, b) => b[1] - a[1]).slice(0, 15);
      writeFileSync(${JSON.stringify(lagDir)} + "/" + process.pid + ".alloc.json", JSON.stringify({ total, self: top(self), near: top(near) }));
    }
  });
}
`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const CLK = 100;
const cpuMs = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLK;
};

interface Server { label: string; pid: number; base: string; database: string | null; writes: boolean; user: string; stop(): Promise<void>; send(m: string): void }

async function start(spec: string): Promise<Server> {
  const m = /^([^=]+)=([^@]+)@([^|]+)\|([^|]+)(?:\|(.*))?$/.exec(spec);
  if (!m) throw new Error(`--server label=checkout@DATABASE_URL|KEYS_DIR[|K=V;K=V], not ${spec}`);
  const [, label, root, db, keys, env] = m as unknown as [string, string, string, string, string, string | undefined];
  const extraEnv = Object.fromEntries((env ?? "").split(";").filter(Boolean).map((e) => e.split(/=(.*)/s).slice(0, 2) as [string, string]));
  mkdirSync(keys, { recursive: true });
  const port = await freePort();
  // P99_PROBE_FLAGS: more Node.js flags for the servers (--trace-gc, say); their output goes to /tmp/p99-probe-LABEL.out.
  // NODE_FLAGS=... among a server's variables: its Node.js flags instead of the server's own (SERVER_NODE_FLAGS).
  const flags = extraEnv.NODE_FLAGS !== undefined ? extraEnv.NODE_FLAGS.split(/\s+/).filter(Boolean) : SERVER_NODE_FLAGS;
  delete extraEnv.NODE_FLAGS;
  // WRITES=0 among a server's variables: no writes first for this one, though --before-writes asks for them.
  const writes = extraEnv.WRITES !== "0";
  delete extraEnv.WRITES;
  // AS=USER among a server's variables: this one is loaded as USER instead of --user, so two readers'
  // pages are compared within one run (the same code for a narrow and a broad reader, alternating).
  const user = extraEnv.AS ?? args.user;
  delete extraEnv.AS;
  const child = spawn(process.execPath, [...flags, ...(process.env.P99_PROBE_FLAGS ?? "").split(/\s+/).filter(Boolean), "--import", "tsx", "--import", preload, join(root, "src", "cli", "main.ts"), "serve", "--port", String(port)], {
    cwd: root, env: { ...process.env, DATABASE_URL: db, ACCORD_RATE_LIMIT: "0", ACCORD_KEYS_DIR: keys, LOG_LEVEL: "error", ...extraEnv }, stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => { out += d.toString(); if (/Accord is running at/.test(out)) resolve(); });
    child.on("exit", (code) => reject(new Error(`server ${label} exited ${code}: ${out.slice(-2000)}`)));
  });
  const log = createWriteStream(`/tmp/p99-probe-${label}.out`);
  child.stdout!.pipe(log);
  return {
    label, pid: child.pid!, base: `http://127.0.0.1:${port}`, database: pgDatabase(db), writes, user, send: (msg) => child.send(msg),
    stop: () => new Promise((resolve) => { child.removeAllListeners("exit"); child.once("exit", () => resolve()); child.kill("SIGTERM"); }),
  };
}

async function signIn(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: SCALE_PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in ${username}: ${res.status}`);
  return { cookie: res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "), csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}
const load = (base: string, path: string, s: { cookie: string; csrf: string }, seconds: number, body?: string) => autocannon({
  url: `${base}${path}`, connections: Number(args.connections), duration: seconds, method: body ? "POST" : "GET",
  headers: body ? { cookie: s.cookie, "content-type": "application/json", "x-csrf-token": s.csrf } : { cookie: s.cookie },
  ...(body ? { body } : {}),
});

// --post: the path is written to, as the bench's "create an action" (bench/action-body.ts), instead of read.
const asked = (sv: Server) => (args.post ? actionBody(sv.user) : undefined);

const servers: Server[] = [];
const allocs: string[] = [];
try {
  for (const spec of args.server) servers.push(await start(spec));
  if (!servers.length) throw new Error("give at least one --server");
  const sessions = new Map<string, { cookie: string; csrf: string }>();
  for (const sv of servers) {
    sessions.set(sv.label, await signIn(sv.base, sv.user));
    if (args["before-writes"] && sv.writes) {
      const w = await signIn(sv.base, args["before-writes"]);
      const body = JSON.stringify({ title: `Benchmark action by ${args["before-writes"]}`, owner: { country: "IND" }, dueDate: "2027-03-31", marking: { classification: "SECRET", releasableTo: ["ISR"], compartments: ["SX-01"] } });
      const r = await load(sv.base, "/api/actions", w, Number(args["write-seconds"]), body);
      console.log(`${sv.label}: writes first, ${r.requests.total} actions, ${r.non2xx} non-2xx`);
    }
    await load(sv.base, args.path, sessions.get(sv.label)!, Number(args.warmup), asked(sv));
  }
  const figures = new Map<string, { rps: number[]; p99: number[]; cpu: number[]; backend: number[]; statements: number[]; batch: number[] }>(servers.map((sv) => [sv.label, { rps: [], p99: [], cpu: [], backend: [], statements: [], batch: [] }]));
  const backendNs = (sv: Server) => (sv.database ? backendCpuByPid(sv.database) : null);
  console.log(`| server | run | req/s | p50 | p90 | p99 | max | CPU ms/req | backend ms/req | statements/req | audit INSERTs/req | events/INSERT | loop delay p99 | loop max | GC n / ms / max | fsync n / ms / max | async sync n / ms / max | stalls > 8 ms |${process.env.P99_PROBE_ALLOC ? " allocated/req |" : ""}`);
  console.log(`|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|${process.env.P99_PROBE_ALLOC ? "---:|" : ""}`);
  for (let i = 0; i < Number(args.runs); i++) {
    for (const sv of i % 2 ? [...servers].reverse() : servers) {
      sv.send("reset");
      await new Promise((r) => setTimeout(r, 300));
      const c0 = cpuMs(sv.pid);
      const b0 = backendNs(sv);
      const r = await load(sv.base, args.path, sessions.get(sv.label)!, Number(args.duration), asked(sv));
      const used = cpuMs(sv.pid) - c0;
      const b1 = backendNs(sv);
      const backend = b0 && b1 ? Number(backendCpuSince(b0, b1)) / 1e6 / r.requests.total : NaN;
      const fig = figures.get(sv.label)!;
      fig.rps.push(r.requests.average); fig.p99.push(r.latency.p99); fig.cpu.push(used / r.requests.total); fig.backend.push(backend);
      await new Promise((r) => setTimeout(r, 300));
      const lag = JSON.parse(readFileSync(`${lagDir}/${sv.pid}.json`, "utf8")) as { max: number; p99: number; stalls: number[]; gc: { n: number; ms: number; max: number }; fsync: { n: number; ms: number; max: number }; asyncSync?: { n: number; ms: number; max: number }; counts: { statements: number; auditInserts: number; auditEvents: number } };
      const { statements, auditInserts, auditEvents } = lag.counts;
      fig.statements.push(statements / r.requests.total); fig.batch.push(auditInserts ? auditEvents / auditInserts : NaN);
      const f = (x: { n: number; ms: number; max: number }) => `${x.n} / ${x.ms.toFixed(0)} / ${x.max.toFixed(1)}`;
      let alloc = "";
      if (process.env.P99_PROBE_ALLOC) {
        sv.send("alloc");
        await new Promise((r) => setTimeout(r, 1500));
        const a = JSON.parse(readFileSync(`${lagDir}/${sv.pid}.alloc.json`, "utf8")) as { total: number; self: [string, number][]; near: [string, number][] };
        const kb = (v: number) => `${(v / r.requests.total / 1024).toFixed(1)} KB`;
        allocs.push(`${sv.label} run ${i + 1}: ${kb(a.total)} a request\n  by allocating function: ${a.self.map(([k, v]) => `${kb(v)} ${k}`).join("; ")}\n  by nearest Accord function: ${a.near.map(([k, v]) => `${kb(v)} ${k}`).join("; ")}`);
        alloc = ` ${kb(a.total)} |`;
      }
      console.log(`| ${sv.label} | ${i + 1} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p90} | ${r.latency.p99} | ${r.latency.max} | ${(used / r.requests.total).toFixed(3)} | ${Number.isNaN(backend) ? "" : backend.toFixed(3)} | ${(statements / r.requests.total).toFixed(2)} | ${(auditInserts / r.requests.total).toFixed(2)} | ${auditInserts ? (auditEvents / auditInserts).toFixed(2) : ""} | ${lag.p99.toFixed(1)} | ${lag.max.toFixed(1)} | ${f(lag.gc)} | ${f(lag.fsync)} | ${f(lag.asyncSync ?? { n: 0, ms: 0, max: 0 })} | ${lag.stalls.length}: ${[...lag.stalls].sort((a, b) => b - a).slice(0, 12).join(" ")} |${alloc}`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const first = figures.get(servers[0]!.label)!;
  console.log(`\nMedians over the runs, and each against the first server's (${servers[0]!.label}):\n| server | req/s | CPU ms/req | backend ms/req | p99 ms | req/s ratio | CPU ratio | backend ratio | p99 ratio | statements/req | events/INSERT |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
  for (const sv of servers) {
    const f = figures.get(sv.label)!;
    const cols = [f.rps, f.cpu, f.backend, f.p99].map(median);
    const base = [first.rps, first.cpu, first.backend, first.p99].map(median);
    console.log(`| ${sv.label} | ${Math.round(cols[0]!)} | ${cols[1]!.toFixed(3)} | ${Number.isNaN(cols[2]) ? "" : cols[2]!.toFixed(3)} | ${cols[3]} | ${cols.map((c, i) => Number.isNaN(c) ? "" : (c / base[i]!).toFixed(2)).join(" | ")} | ${median(f.statements).toFixed(2)} | ${Number.isNaN(median(f.batch)) ? "" : median(f.batch).toFixed(2)} |`);
  }
  if (allocs.length) console.log(`\n${process.env.P99_PROBE_ALLOC === "promoted" ? "Outlived the young generation" : "Allocated"} per request, by run (P99_PROBE_ALLOC=${process.env.P99_PROBE_ALLOC}):\n${allocs.join("\n")}`);
} finally {
  for (const sv of servers) await sv.stop();
}
