// `npm run bench`: Accord under load at 10k, 100k and 1M records, on SQLite and PostgreSQL.
// The server runs in its own process (as `accord serve`); autocannon loads it from another, a fresh one per load (bench/loader.mjs).
// Every case is measured next to a constant route of the same server (the ceiling), and each
// figure is printed with its ratio to that ceiling, because this machine is shared and noisy.
//
//   npm run bench                                   everything (seeds what is missing; about 30 min)
//   npm run bench -- --sizes 10000 --stores sqlite  a quick look
//   options: --sizes a,b,c  --stores sqlite,postgres  --duration s  --warmup s  --connections n  --fresh  --no-readme
//
// A server's first seconds under load are not its steady state: while V8 compiles its code, a
// PostgreSQL list promotes 12-20% of what it allocates and pauses 6-30 ms per scavenge, for 10-20 s
// (README, "Node 24's promotion on PostgreSQL"). Before any case is measured, each server (and each
// minimal route) is loaded with every read it will be measured on, --warmup seconds each (0: none).
//   npm run bench -- --audit-locks-only --sizes 10000   only the audited-reads lock measurement on PostgreSQL
//   PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test); one database per size,
//   named BENCH_PG_PREFIX (default accord_bench_) and the size.
//   BENCH_SERVER_FLAGS: the servers' Node.js flags instead of SERVER_NODE_FLAGS (src/cli/serve.ts), to
//   measure a flag against its absence: BENCH_SERVER_FLAGS="--max-semi-space-size=16" (V8's default).
//   BENCH_SERVER_LOG: a file that gets the servers' standard output (V8's tracing, with
//   BENCH_SERVER_FLAGS="... --trace-gc"), with a line where each server starts and where each load
//   (warm-up, a case's 1 s, its measure) begins, to tell which case a collection fell in.
import { execFileSync, fork, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import SQLite from "better-sqlite3";
import { backendCpuByPid, backendCpuSince, pgDatabase } from "./backend-cpu.ts";
import { SCALE_BROAD, SCALE_NARROW, SCALE_PASSWORD } from "../src/seed/scale.ts";
import { actionBody } from "./action-body.ts";
import { SERVER_NODE_FLAGS } from "../src/cli/serve.ts";

const ROOT = join(import.meta.dirname, "..");
const SERVER_FLAGS = process.env.BENCH_SERVER_FLAGS === undefined ? SERVER_NODE_FLAGS : process.env.BENCH_SERVER_FLAGS.split(/\s+/).filter(Boolean);
const DATA = join(ROOT, "data", "bench");
const serverLog = process.env.BENCH_SERVER_LOG ? createWriteStream(process.env.BENCH_SERVER_LOG, { flags: "a" }) : null;
/** A line in BENCH_SERVER_LOG, between the servers' whole lines. */
const logMark = (text: string) => serverLog?.write(`=== ${new Date().toISOString()} ${Date.now()} ${text}\n`);
const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000,1000000" },
    stores: { type: "string", default: "sqlite,postgres" },
    duration: { type: "string", default: "5" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "8" },
    workers: { type: "string", default: "1,2" },
    fresh: { type: "boolean", default: false },
    "audit-locks-only": { type: "boolean", default: false },
    "lock-connections": { type: "string", default: "20" },
    "no-readme": { type: "boolean", default: false },
    out: { type: "string", default: join(ROOT, "bench", "results.json") },
  },
});
const sizes = args.sizes.split(",").map((s) => Number(s.replace(/_/g, "")));
const stores = args.stores.split(",") as ("sqlite" | "postgres")[];
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const workerCounts = args.workers.split(",").map(Number);
const PG_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/**
 * `cpuMsPerRequest`: the serving processes' CPU time (every thread) during the case ÷ the requests answered.
 * `dbCpuMsPerRequest`: the same for the PostgreSQL backends of the store's database (null on SQLite).
 * `host`: what the whole machine did meanwhile, as shares of the case's wall time (/proc/stat and
 * /proc/pressure): busy (all CPUs, every process), stolen by the hypervisor, and time some task
 * waited for a CPU or for I/O; `loader` is the CPU of the case's loader (autocannon, a process of its
 * own: bench/loader.mjs), as a share of one CPU. A case that ran slower than its neighbours on a shared host shows it here.
 */
interface Figure { requestsPerSec: number; p50: number; p99: number; errors: number; non2xx: number; requests: number; cpuMsPerRequest: number | null; dbCpuMsPerRequest?: number | null; host?: HostShares; gc?: GcShare; ratioToCeiling: number }
/**
 * `gc`: the server's garbage-collection pauses during the case (bench/gc-log.mjs, every serving
 * process): the time paused in all, the longest pause, and the full (mark-compact) collections.
 */
interface GcShare { pausedMs: number; longestMs: number; full: number }
interface HostShares { busy: number; steal: number; cpuWait: number | null; ioWait: number | null; loader: number }
/** `answer`: a read's items and bytes in one answer before the load (a narrow reader's page may hold fewer at a small size). */
interface Row { store: string; records: number; workers: number; user: string; case: string; figure: Figure; answer?: { items: number; bytes: number } }
interface Run { store: string; records: number; workers: number; ceiling: Omit<Figure, "ratioToCeiling">; serverPeakRssMb: number; rows: Row[] }
/** Audited reads on PostgreSQL, with the share of active connections that waited on a lock meanwhile. */
interface LockRow { records: number; workers: number; case: string; requestsPerSec: number; p99: number; errors: number; samples: number; activeMean: number; lockWaitShare: number; waits: Record<string, number> }

const tsx = join(ROOT, "node_modules", ".bin", "tsx");
const cli = join(ROOT, "src", "cli", "main.ts");

/**
 * Every process this bench started and has not seen exit. A bench that ends early (Ctrl-C, a signal,
 * or an error such as its output piped to `head` closing) stops them too: its server and four minimal
 * routes were left running, and one such server kept its audit loop going on a bench database, unseen,
 * through two full runs after it (stop 36).
 */
const children = new Set<ChildProcess>();
function tracked(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("close", () => children.delete(child)); // not "exit": stop() replaces its listeners
  return child;
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill("SIGTERM");
    process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
  });
}
process.once("exit", () => { for (const child of children) child.kill("SIGTERM"); });

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = tracked(spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: "inherit" }));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${argv.join(" ")} exited with ${code}`))));
  });
}

/**
 * A database holding `records` scale records, at the code's schema: made once, then reused by later
 * runs (unless --fresh), and migrated first, since the minimal route opens it before any server would.
 */
async function prepare(store: "sqlite" | "postgres", records: number): Promise<string> {
  const url = await seeded(store, records);
  await run(tsx, [cli, "migrate"], { DATABASE_URL: url });
  return url;
}

async function seeded(store: "sqlite" | "postgres", records: number): Promise<string> {
  mkdirSync(DATA, { recursive: true });
  let url: string;
  if (store === "sqlite") {
    const file = join(DATA, `sqlite-${records}.db`);
    url = `sqlite:${file}`;
    const ready = existsSync(file) && !args.fresh && (() => {
      const db = new SQLite(file, { readonly: true });
      try {
        return Boolean(db.prepare("select 1 from users where username = ?").get(SCALE_BROAD));
      } catch {
        return false;
      } finally {
        db.close();
      }
    })();
    if (ready) return url;
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  } else {
    const name = `${process.env.BENCH_PG_PREFIX ?? "accord_bench_"}${records}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const target = new URL(PG_URL);
    target.pathname = `/${name}`;
    url = target.toString();
    const exists = (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount;
    let ready = false;
    if (exists && !args.fresh) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      ready = Boolean((await c.query("select 1 from users where username = $1", [SCALE_BROAD]).catch(() => ({ rowCount: 0 }))).rowCount);
      await c.end();
    }
    if (!ready) {
      await admin.query(`drop database if exists ${name}`);
      await admin.query(`create database ${name}`);
    }
    await admin.end();
    if (ready) return url;
  }
  console.log(`\nseeding ${records} records on ${store}`);
  await run(tsx, [cli, "seed", "scale", "--records", String(records)], { DATABASE_URL: url });
  return url;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Server { base: string; child: ChildProcess; pids: () => number[]; gcDir: string | null; stop(): Promise<void> }

async function startServer(url: string, workers: number): Promise<Server> {
  const port = await freePort();
  // Each database has its own keys folder: the server checks at start that the checkpoints match its log.
  const keys = join(DATA, "keys", url.replace(/^.*[/:]/, "").replace(/[^A-Za-z0-9_.-]/g, "_"));
  const gcDir = mkdtempSync(join(tmpdir(), "accord-bench-gc-"));
  const child = tracked(spawn(process.execPath, [...SERVER_FLAGS, "--import", GC_LOG, "--import", "tsx", cli, "serve", "--port", String(port), "--workers", String(workers)], {
    cwd: ROOT, env: { ...process.env, DATABASE_URL: url, ACCORD_RATE_LIMIT: "0", ACCORD_KEYS_DIR: keys, LOG_LEVEL: "error", BENCH_GC_DIR: gcDir }, stdio: ["ignore", "pipe", "inherit"],
  }));
  const workerPids: number[] = [];
  logMark(`server ${child.pid} started: ${url.replace(/\/\/[^@/]*@/, "//")}`);
  let partial = "";
  if (serverLog) child.stdout!.on("data", (d: Buffer) => {
    const lines = (partial + d.toString()).split("\n");
    partial = lines.pop()!;
    if (lines.length) serverLog.write(lines.join("\n") + "\n");
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      for (const m of out.matchAll(/worker (\d+) listening/g)) if (!workerPids.includes(Number(m[1]))) workerPids.push(Number(m[1]));
      if (/Accord is running at/.test(out)) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the server exited with ${code}:\n${out}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    pids: () => (workerPids.length ? workerPids : [child.pid!]),
    gcDir,
    stop: () => new Promise((resolve) => {
      child.removeAllListeners("exit");
      child.once("exit", () => { rmSync(gcDir, { recursive: true, force: true }); resolve(); });
      child.kill("SIGTERM");
    }),
  };
}

const GC_LOG = pathToFileURL(join(ROOT, "bench", "gc-log.mjs")).href;

/** The serving processes' pauses that began between `from` and `to` (epoch ms), from bench/gc-log.mjs's files. */
async function gcBetween(server: Pick<Server, "pids" | "gcDir">, from: number, to: number): Promise<GcShare | undefined> {
  if (!server.gcDir) return undefined;
  await new Promise((r) => setTimeout(r, 250)); // the files are rewritten every 100 ms
  const share: GcShare = { pausedMs: 0, longestMs: 0, full: 0 };
  for (const pid of server.pids()) {
    let pauses: [number, number, number][];
    try {
      pauses = JSON.parse(readFileSync(join(server.gcDir, `${pid}.json`), "utf8")) as [number, number, number][];
    } catch {
      continue; // no collection yet
    }
    for (const [at, ms, full] of pauses) {
      if (at < from || at > to) continue;
      share.pausedMs += ms;
      share.longestMs = Math.max(share.longestMs, ms);
      share.full += full;
    }
  }
  return { pausedMs: Number(share.pausedMs.toFixed(1)), longestMs: Number(share.longestMs.toFixed(1)), full: share.full };
}

/** Peak resident memory of the server's processes so far (VmHWM), in MB. */
function peakRssMb(pids: number[]): number {
  return Math.max(...pids.map((pid) => {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  }));
}

interface Session { cookie: string; csrf: string }

async function signIn(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: SCALE_PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function getJson<T>(base: string, path: string, s: Session): Promise<T> {
  const res = await fetch(`${base}${path}`, { headers: { cookie: s.cookie } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The items (or hits) and the bytes of one answer to a read, as the load will get it. */
async function answerOf(base: string, path: string, s: Session): Promise<{ items: number; bytes: number }> {
  const res = await fetch(`${base}${path}`, { headers: { cookie: s.cookie } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${text}`);
  const body = JSON.parse(text) as { items?: unknown[]; hits?: unknown[] };
  return { items: (body.items ?? body.hits ?? [body]).length, bytes: Buffer.byteLength(text) };
}

/**
 * One load by autocannon, in a fresh process (bench/loader.mjs: no case inherits another's loader).
 * `onStart` runs once the loader is up, just before it starts: the readings around a case are taken there.
 */
async function load(base: string, path: string, opts: { session?: Session; method?: "GET" | "POST"; body?: string; seconds?: number } = {}, onStart: () => void = () => undefined): Promise<Omit<Figure, "ratioToCeiling"> & { loaderUs: number }> {
  const headers: Record<string, string> = {};
  if (opts.session) headers.cookie = opts.session.cookie;
  if (opts.method === "POST") Object.assign(headers, { "content-type": "application/json", "x-csrf-token": opts.session!.csrf });
  const options = {
    url: `${base}${path}`, connections, duration: opts.seconds ?? duration, method: opts.method ?? "GET", headers,
    ...(opts.body ? { body: opts.body } : {}),
  };
  const child = tracked(fork(join(ROOT, "bench", "loader.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] }));
  const done = await new Promise<{ result: Omit<Figure, "ratioToCeiling" | "cpuMsPerRequest">; cpuUs: number }>((resolve, reject) => {
    child.on("message", (m: { ready?: true; result?: Omit<Figure, "ratioToCeiling" | "cpuMsPerRequest">; cpuUs?: number }) => {
      if (m.ready) {
        logMark(`load ${options.method} ${options.url} for ${options.duration} s`);
        onStart();
        child.send(options);
      } else if (m.result) resolve({ result: m.result, cpuUs: m.cpuUs ?? 0 });
    });
    child.on("exit", (code) => reject(new Error(`the loader exited with ${code} before its result`)));
  });
  return { ...done.result, cpuMsPerRequest: null, loaderUs: done.cpuUs };
}

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** CPU time used so far by these processes (user and system, all threads), in ms, from /proc. */
function cpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return sum + ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  }, 0);
}

interface HostReading { at: bigint; ticks: number[]; cpuStallUs: number | null; ioStallUs: number | null }

/** The machine's CPU ticks (the `cpu` line of /proc/stat) and the pressure stalls so far. */
function hostReading(): HostReading {
  const ticks = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const stall = (what: "cpu" | "io") => {
    try {
      const m = /^some .*total=(\d+)/m.exec(readFileSync(`/proc/pressure/${what}`, "utf8"));
      return m ? Number(m[1]) : null;
    } catch {
      return null;
    }
  };
  return { at: process.hrtime.bigint(), ticks, cpuStallUs: stall("cpu"), ioStallUs: stall("io") };
}

/** Shares of the span between two readings: CPU ticks are user nice system idle iowait irq softirq steal. `loaderUs`: the loader's CPU meanwhile. */
function hostShares(a: HostReading, b: HostReading, loaderUs: number): HostShares {
  const d = b.ticks.map((t, i) => t - a.ticks[i]!);
  const total = d.reduce((x, y) => x + y, 0) || 1;
  const wallUs = Number(b.at - a.at) / 1000 || 1;
  const share = (x: number) => Number(x.toFixed(3));
  const stall = (x: number | null, y: number | null) => (x === null || y === null ? null : share((y - x) / wallUs));
  return { busy: share(1 - (d[3]! + d[4]!) / total), steal: share(d[7]! / total), cpuWait: stall(a.cpuStallUs, b.cpuStallUs), ioWait: stall(a.ioStallUs, b.ioStallUs), loader: share(loaderUs / wallUs) };
}

/** A load with the serving processes' CPU time per request answered, the database's, and the host's state meanwhile. */
async function measured(server: Pick<Server, "pids" | "gcDir" | "base">, path: string, opts: Parameters<typeof load>[2] = {}, database: string | null = null): Promise<Omit<Figure, "ratioToCeiling">> {
  const { pids, base } = server;
  let before = 0;
  let from = 0;
  let dbBefore: ReturnType<typeof backendCpuByPid> | null = null;
  let hostBefore: HostReading | null = null;
  const { loaderUs, ...f } = await load(base, path, opts, () => {
    before = cpuMs(pids());
    dbBefore = database ? backendCpuByPid(database) : null;
    hostBefore = hostReading();
    from = Date.now();
  });
  const to = Date.now();
  const host = hostShares(hostBefore!, hostReading(), loaderUs);
  const used = cpuMs(pids()) - before;
  const dbAfter = database ? backendCpuByPid(database) : null;
  const dbUsedMs = dbBefore && dbAfter ? Number(backendCpuSince(dbBefore, dbAfter)) / 1e6 : null;
  const perRequest = (ms: number | null) => (ms === null || !f.requests ? null : Number((ms / f.requests).toFixed(3)));
  const gc = await gcBetween(server, from, to);
  return { ...f, cpuMsPerRequest: perRequest(used), ...(database ? { dbCpuMsPerRequest: perRequest(dbUsedMs) } : {}), host, ...(gc ? { gc } : {}) };
}

/** bench/minimal-route.ts for one user and one list's page statement, in a process of its own beside the server. */
async function startMinimalRoute(url: string, user: string, kind: MinimalKind): Promise<Server> {
  const port = await freePort();
  const child = tracked(spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench", "minimal-route.ts"), "--port", String(port), "--user", user, "--kind", kind], {
    cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: ["ignore", "pipe", "inherit"],
  }));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => { if (/listening/.test(d.toString())) resolve(); });
    child.on("exit", (code) => reject(new Error(`the minimal route exited with ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`, child, pids: () => [child.pid!], gcDir: null,
    stop: () => new Promise((resolve) => {
      child.removeAllListeners("exit");
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    }),
  };
}

const MINIMAL = "same page query in a minimal route";
type MinimalKind = "document" | "action";
/** Each list with its page statement alone in a minimal route: the case it is compared with, and its own case's name. */
const MINIMALS: { kind: MinimalKind; list: string; name: string }[] = [
  { kind: "document", list: "list documents (newest first)", name: MINIMAL },
  { kind: "action", list: "list actions (by due date)", name: `${MINIMAL} (actions)` },
];
const pct = (x: number) => `${Math.round(x * 100)}%`;
const cpuText = (f: Omit<Figure, "ratioToCeiling">) => [
  f.cpuMsPerRequest === null ? "" : `  CPU ${f.cpuMsPerRequest.toFixed(2)} ms/req`,
  f.dbCpuMsPerRequest == null ? "" : ` (database ${f.dbCpuMsPerRequest.toFixed(2)})`,
  f.host ? `  host busy ${pct(f.host.busy)}${f.host.steal >= 0.005 ? ` stolen ${pct(f.host.steal)}` : ""}${f.host.ioWait ? ` io-wait ${pct(f.host.ioWait)}` : ""}` : "",
  f.gc ? `  GC ${Math.round(f.gc.pausedMs)} ms, longest ${f.gc.longestMs.toFixed(1)}${f.gc.full ? `, ${f.gc.full} full` : ""}` : "",
].join("");

async function benchOne(store: "sqlite" | "postgres", records: number, url: string, workers: number, listsOnly: boolean): Promise<Run> {
  const minimal = workers === 1 ? await Promise.all([SCALE_BROAD, SCALE_NARROW].flatMap((u) => MINIMALS.map((m) => startMinimalRoute(url, u, m.kind)))) : [];
  try {
    return await benchServer(store, records, url, workers, listsOnly, minimal);
  } finally {
    await Promise.all(minimal.map((m) => m.stop()));
  }
}

async function benchServer(store: "sqlite" | "postgres", records: number, url: string, workers: number, listsOnly: boolean, minimal: Server[]): Promise<Run> {
  const server = await startServer(url, workers);
  try {
    const users = [];
    for (const user of [SCALE_BROAD, SCALE_NARROW]) {
      const session = await signIn(server.base, user);
      const docs = await getJson<{ items: { id: string }[] }>(server.base, "/api/documents?limit=50", session);
      const target = docs.items[Math.floor(docs.items.length / 2)];
      if (!target) throw new Error(`${user} reads no documents`);
      const cases: [string, string, "GET" | "POST"][] = [
        ["list documents (newest first)", "/api/documents?limit=50", "GET"],
        ["list actions (by due date)", "/api/actions?limit=50", "GET"],
        ["full-text search", "/api/search?q=radar&limit=20", "GET"],
        ["get one record", `/api/documents/${target.id}`, "GET"],
        ["create an action", "/api/actions", "POST"],
      ];
      users.push({ user, session, cases: listsOnly ? cases.slice(0, 2) : cases });
    }
    if (warmup > 0) {
      // Every read of the run, and each minimal route, before anything is measured (see the top).
      const started = Date.now();
      await load(server.base, "/api/ping", { seconds: warmup });
      for (const { session, cases } of users) for (const [, path, method] of cases) if (method === "GET") await load(server.base, path, { session, seconds: warmup });
      for (const bare of minimal) await load(bare.base, "/page", { seconds: warmup });
      console.log(`\n${store} · ${records.toLocaleString("en")} records · ${workers} process${workers > 1 ? "es" : ""} · warmed up for ${Math.round((Date.now() - started) / 1000)} s`);
    }
    await load(server.base, "/api/ping", { seconds: 1 });
    const database = pgDatabase(url);
    const ceiling = await measured(server, "/api/ping");
    console.log(`\n${store} · ${records.toLocaleString("en")} records · ${workers} process${workers > 1 ? "es" : ""} · ceiling ${ceiling.requestsPerSec} req/s`);
    const rows: Row[] = [];
    for (const { user, session, cases } of users) {
      for (const [name, path, method] of cases) {
        const answer = method === "GET" ? await answerOf(server.base, path, session) : undefined;
        await load(server.base, path, { session, method, seconds: 1, ...(method === "POST" ? { body: actionBody(user) } : {}) });
        const f = await measured(server, path, { session, method, ...(method === "POST" ? { body: actionBody(user) } : {}) }, database);
        const figure = { ...f, ratioToCeiling: Number((f.requestsPerSec / ceiling.requestsPerSec).toFixed(3)) };
        rows.push({ store, records, workers, user: user === SCALE_BROAD ? "broad" : "narrow", case: name, figure, ...(answer ? { answer } : {}) });
        console.log(`  ${user.padEnd(13)} ${name.padEnd(34)} ${String(f.requestsPerSec).padStart(6)} req/s  p50 ${String(f.p50).padStart(3)} ms  p99 ${String(f.p99).padStart(4)} ms  ${(figure.ratioToCeiling * 100).toFixed(1).padStart(5)}% of ceiling${cpuText(f)}${f.errors || f.non2xx ? `  (${f.errors} errors, ${f.non2xx} non-2xx)` : ""}`);
      }
      // Each list's page query in a bare route (its own process), measured in the same run: the list's share of it.
      for (const [i, m] of MINIMALS.entries()) {
        const bare = minimal[(user === SCALE_BROAD ? 0 : 1) * MINIMALS.length + i];
        if (!bare) continue;
        await load(bare.base, "/page", { seconds: 1 });
        const f = await measured(bare, "/page", {}, database);
        const figure = { ...f, ratioToCeiling: Number((f.requestsPerSec / ceiling.requestsPerSec).toFixed(3)) };
        rows.push({ store, records, workers, user: user === SCALE_BROAD ? "broad" : "narrow", case: m.name, figure });
        const list = rows.find((r) => r.user === (user === SCALE_BROAD ? "broad" : "narrow") && r.case === m.list && r.store === store && r.records === records);
        console.log(`  ${user.padEnd(13)} ${m.name.padEnd(34)} ${String(f.requestsPerSec).padStart(6)} req/s  p50 ${String(f.p50).padStart(3)} ms  p99 ${String(f.p99).padStart(4)} ms  ${(figure.ratioToCeiling * 100).toFixed(1).padStart(5)}% of ceiling${cpuText(f)}${list ? `  (the list reaches ${((list.figure.requestsPerSec / Math.max(1, f.requestsPerSec)) * 100).toFixed(0)}% of it)` : ""}`);
      }
    }
    const serverPeakRssMb = Math.round(peakRssMb(server.pids()));
    console.log(`  server peak memory ${serverPeakRssMb} MB${workers > 1 ? " (largest worker)" : ""}`);
    return { store, records, workers, ceiling, serverPeakRssMb, rows };
  } finally {
    await server.stop();
  }
}

/**
 * Samples pg_stat_activity for `db` every 20 ms while `work` runs: how many of the server's
 * connections were active, and how many of those waited on a lock (any `Lock:*` wait event, the
 * audit log's advisory lock included). The bench's own sampling connection is left out.
 */
async function sampleActivity<T>(url: string, work: () => Promise<T>): Promise<{ result: T; samples: number; active: number; lockWaits: number; waits: Record<string, number> }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const dbName = new URL(url).pathname.slice(1);
  let stop = false;
  let samples = 0;
  let active = 0;
  let lockWaits = 0;
  const waits: Record<string, number> = {};
  const sampler = (async () => {
    while (!stop) {
      const rows = (await c.query<{ wait_event_type: string | null; wait_event: string | null }>(
        "select wait_event_type, wait_event from pg_stat_activity where datname = $1 and state = 'active' and backend_type = 'client backend' and pid <> pg_backend_pid()", [dbName])).rows;
      samples++;
      active += rows.length;
      for (const r of rows) {
        if (r.wait_event_type === "Lock") lockWaits++;
        if (r.wait_event_type) waits[`${r.wait_event_type}:${r.wait_event}`] = (waits[`${r.wait_event_type}:${r.wait_event}`] ?? 0) + 1;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    const result = await work();
    return { result, samples, active, lockWaits, waits };
  } finally {
    stop = true;
    await sampler;
    await c.end();
  }
}

/**
 * Audited reads (every classified read appends an audit event) on PostgreSQL with 1, 2, …
 * processes, sampling lock waits during the load. Before the audit queue, appends took one global
 * advisory lock for the rest of each request's transaction and most connections waited on it.
 */
async function benchAuditLocks(url: string, records: number): Promise<LockRow[]> {
  const out: LockRow[] = [];
  const conns = Number(args["lock-connections"]);
  for (const workers of workerCounts) {
    const server = await startServer(url, workers);
    try {
      const session = await signIn(server.base, SCALE_BROAD);
      const docs = await getJson<{ items: { id: string; marking: { classification: string } }[] }>(server.base, "/api/documents?limit=50", session);
      const target = docs.items.find((d) => d.marking.classification !== "UNCLASSIFIED");
      if (!target) throw new Error("the broad reader reads no classified document");
      const cases: [string, string][] = [["get one record (audited)", `/api/documents/${target.id}`], ["list documents (audited)", "/api/documents?limit=50"]];
      console.log(`\npostgres · ${records.toLocaleString("en")} records · ${workers} process${workers > 1 ? "es" : ""} · audited reads, ${conns} connections`);
      for (const [name, path] of cases) {
        await load(server.base, path, { session, seconds: 1 });
        const s = await sampleActivity(url, () => autocannon({ url: `${server.base}${path}`, connections: conns, duration, headers: { cookie: session.cookie } }));
        const f = s.result;
        const row: LockRow = {
          records, workers, case: name, requestsPerSec: Math.round(f.requests.average), p99: f.latency.p99, errors: f.errors + f.timeouts + f.non2xx,
          samples: s.samples, activeMean: Number((s.active / Math.max(1, s.samples)).toFixed(2)), lockWaitShare: Number((s.lockWaits / Math.max(1, s.active)).toFixed(3)), waits: s.waits,
        };
        out.push(row);
        const top = Object.entries(s.waits).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, n]) => `${k} ${((n / Math.max(1, s.active)) * 100).toFixed(0)}%`).join(", ");
        console.log(`  ${name.padEnd(28)} ${String(row.requestsPerSec).padStart(6)} req/s  p99 ${String(row.p99).padStart(4)} ms  active ${row.activeMean.toFixed(1)}  waiting on a lock ${(row.lockWaitShare * 100).toFixed(1)}%${top ? `  (${top})` : ""}${row.errors ? `  ${row.errors} errors` : ""}`);
      }
    } finally {
      await server.stop();
    }
  }
  const byCase = new Map<string, LockRow[]>();
  for (const r of out) byCase.set(r.case, [...(byCase.get(r.case) ?? []), r]);
  for (const [name, rows] of byCase) {
    const one = rows.find((r) => r.workers === 1);
    for (const r of rows) if (one && r !== one) console.log(`  ${name}: ${r.workers} processes / 1 process = ${(r.requestsPerSec / one.requestsPerSec).toFixed(2)}`);
  }
  return out;
}

function lockTable(rows: LockRow[]): string {
  if (!rows.length) return "";
  const lines = ["", "", "Audited reads on PostgreSQL (largest size), with the share of active database connections waiting on a lock, sampled from `pg_stat_activity` during the load:", "",
    "| case | processes | req/s | p99 | waiting on a lock |", "|---|---:|---:|---:|---:|"];
  for (const r of rows) lines.push(`| ${r.case} | ${r.workers} | ${r.requestsPerSec} | ${r.p99} ms | ${(r.lockWaitShare * 100).toFixed(1)}% |`);
  return lines.join("\n");
}

function readmeTable(runs: Run[]): string {
  const single = runs.filter((r) => r.workers === 1);
  const caseNames = [...new Set(single.flatMap((r) => r.rows.map((x) => `${x.case} · ${x.user}`)))];
  const head = `| case | ${single.map((r) => `${r.store} ${r.records >= 1e6 ? `${r.records / 1e6}M` : `${r.records / 1e3}k`}`).join(" | ")} |`;
  const lines = [head, `|---|${single.map(() => "---:").join("|")}|`];
  for (const c of caseNames) {
    lines.push(`| ${c} | ${single.map((r) => {
      const x = r.rows.find((y) => `${y.case} · ${y.user}` === c);
      const cpu = x?.figure.cpuMsPerRequest == null ? "" : `, ${x.figure.cpuMsPerRequest.toFixed(2)} ms CPU`;
      return x ? `${x.figure.requestsPerSec} req/s, p99 ${x.figure.p99} ms (${(x.figure.ratioToCeiling * 100).toFixed(0)}%)${cpu}` : "";
    }).join(" | ")} |`);
  }
  for (const m of MINIMALS) for (const user of ["broad", "narrow"]) {
    const share = (r: Run) => {
      const list = r.rows.find((x) => x.user === user && x.case === m.list);
      const bare = r.rows.find((x) => x.user === user && x.case === m.name);
      return list && bare ? `${((list.figure.requestsPerSec / Math.max(1, bare.figure.requestsPerSec)) * 100).toFixed(0)}%` : "";
    };
    if (single.some((r) => share(r))) lines.push(`| ${m.list.replace(/ \(.*\)$/, "")} as a share of its minimal route · ${user} | ${single.map(share).join(" | ")} |`);
  }
  lines.push(`| ceiling (constant route) | ${single.map((r) => `${r.ceiling.requestsPerSec} req/s, p99 ${r.ceiling.p99} ms`).join(" | ")} |`);
  lines.push(`| server peak memory | ${single.map((r) => `${r.serverPeakRssMb} MB`).join(" | ")} |`);
  const multi = runs.filter((r) => r.store === "postgres" && r.records === Math.max(...sizes));
  if (multi.length > 1) {
    lines.push("", "Several server processes on one PostgreSQL (largest size, list cases, req/s):", "", `| case | ${multi.map((r) => `${r.workers} process${r.workers > 1 ? "es" : ""}`).join(" | ")} |`, `|---|${multi.map(() => "---:").join("|")}|`);
    lines.push(`| ceiling | ${multi.map((r) => r.ceiling.requestsPerSec).join(" | ")} |`);
    for (const c of [...new Set(multi.flatMap((r) => r.rows.map((x) => `${x.case} · ${x.user}`)))]) {
      lines.push(`| ${c} | ${multi.map((r) => r.rows.find((y) => `${y.case} · ${y.user}` === c)?.figure.requestsPerSec ?? "").join(" | ")} |`);
    }
  }
  return lines.join("\n");
}

/**
 * Each read's p99 at the largest size against the smallest (issue 16: p99 ≤ 20 ms, and at most 1.5×
 * the smallest size's), with the items in one answer at each: a narrow reader's page at a small size
 * may hold a few items where the large size's holds a full page, and then compares unlike work.
 */
function scalingTable(runs: Run[]): string {
  const single = runs.filter((r) => r.workers === 1);
  const size = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
  const answer = (r: Row) => (r.answer ? `${r.answer.items} item${r.answer.items === 1 ? "" : "s"}, ${Math.round(r.answer.bytes / 1024)} KB` : "");
  const lines: string[] = [];
  for (const store of [...new Set(single.map((r) => r.store))]) {
    const bySize = single.filter((r) => r.store === store).sort((a, b) => a.records - b.records);
    const small = bySize[0], large = bySize.at(-1);
    if (!small || !large || small === large) continue;
    for (const x of large.rows.filter((r) => r.answer)) {
      const y = small.rows.find((r) => r.case === x.case && r.user === x.user);
      if (!y) continue;
      lines.push(`| ${x.case} · ${x.user} | ${store} ${size(small.records)} → ${size(large.records)} | ${y.figure.p99} ms (${answer(y)}) | ${x.figure.p99} ms (${answer(x)}) | ${(x.figure.p99 / Math.max(1, y.figure.p99)).toFixed(1)}× |`);
    }
  }
  if (!lines.length) return "";
  return ["", "", "Each read's p99 at the largest size against the smallest, with one answer's items and size at each (a narrow reader's page at a small size may hold a few items):", "",
    "| read | store, sizes | p99, smallest | p99, largest | ratio |", "|---|---|---:|---:|---:|", ...lines].join("\n");
}

const runs: Run[] = [];
const lockRows: LockRow[] = [];
const started = new Date();
if (args["audit-locks-only"]) {
  for (const records of sizes) lockRows.push(...await benchAuditLocks(await prepare("postgres", records), records));
  console.log(lockTable(lockRows));
  process.exit(0);
}
for (const store of stores) {
  for (const records of sizes) {
    const url = await prepare(store, records);
    runs.push(await benchOne(store, records, url, 1, false));
    if (store === "postgres" && records === Math.max(...sizes)) {
      for (const w of workerCounts.filter((n) => n > 1)) runs.push(await benchOne(store, records, url, w, true));
      lockRows.push(...await benchAuditLocks(url, records));
    }
  }
}
const result = { started: started.toISOString(), machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, serverFlags: SERVER_FLAGS }, duration, warmup, connections, runs, auditLocks: lockRows };
writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nresults: ${args.out}`);
const table = readmeTable(runs) + scalingTable(runs) + lockTable(lockRows);
console.log(`\n${table}`);
if (!args["no-readme"]) {
  const readme = join(ROOT, "README.md");
  const text = readFileSync(readme, "utf8");
  const begin = "<!-- bench:begin -->";
  const end = "<!-- bench:end -->";
  if (text.includes(begin) && text.includes(end)) {
    const stamp = `Measured ${started.toISOString().slice(0, 10)} on ${result.machine.cpus} cores (${result.machine.cpu}), Node.js ${result.machine.node}, ${connections} connections, ${duration} s per case after every read of the server and each minimal route was loaded for ${warmup} s (V8 compiling the code first); percentages are each case's share of the constant route's throughput in the same run; CPU is the serving processes' CPU time per request answered. A minimal route is a list's page query alone (bench/minimal-route.ts), the documents' and the actions'.`;
    writeFileSync(readme, text.replace(new RegExp(`${begin}[\\s\\S]*${end}`), `${begin}\n${stamp}\n\n${table}\n${end}`));
    console.log("README table updated");
  }
}
