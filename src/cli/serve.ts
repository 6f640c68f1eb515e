// `accord serve`: migrate, seed the demo on first start if asked, listen, stop cleanly.
// `--workers N` runs N server processes on one port (node:cluster): the primary migrates and
// seeds, then forks the workers and replaces any that dies. Sessions, throttling and the audit
// chain live in the database, so any worker serves any request; that needs PostgreSQL.
// SIGTERM (or SIGINT) drains: requests in flight finish, new ones get a 503 problem, then the
// process exits (the primary stops its workers the same way).
import cluster from "node:cluster";
import { resolve } from "node:path";
import type { Command } from "commander";
import { defaultUrl, openStore, serverTimeouts, sqliteFile, type Store } from "../store/db.ts";
import { describeFault, storeFault } from "../store/faults.ts";
import { migrate } from "../store/migrate.ts";
import { DatabaseInUseError, lockDatabase } from "../store/serve-lock.ts";
import { seedReference } from "../seed/reference.ts";
import { DEMO_USERS, seedDemo, type DemoUser } from "../seed/demo.ts";
import { freeBytes, MIN_FREE_BYTES } from "../http/health.ts";
import { buildServer, defaultConfig } from "../http/server.ts";
import { CliError } from "./errors.ts";
import { defaultKeyPaths } from "../audit/keys.ts";
import { checkKeys } from "../audit/startup.ts";

interface Options { port: string; host: string; seedIfEmpty?: boolean; workers: string }

/**
 * Node flags a server process runs with: `npm start` and `npm run accord` start Node with them,
 * `serve --workers N` hands them to its workers, and bench/run.ts starts its servers with them (V8
 * sizes its heap at start, so a running process cannot take them). A list request allocates about
 * 0.6 MB that is garbage once it is answered: V8's default young generation (16 MB semi-spaces) was
 * scavenged every 25 requests or so, 0.11 ms of pauses per request at 1M records on SQLite; with
 * 64 MB, a third as often and 0.055 ms per request (`--trace-gc` under autocannon, 8 connections).
 *
 * No allocation-site pretenuring: V8 allocates straight into the old generation the objects of a
 * site whose objects it saw survive a scavenge, and a request's objects in flight at a scavenge
 * look so (a page's rows, a documents page's presentation). Allocated old, they died old: only a
 * full collection frees them, and until then the young strings and rows they point to were kept
 * alive and copied by every scavenge (~4 MB promoted per scavenge, 35 KB a list request, at 1M on
 * SQLite; `tsx bench/p99-probe.ts` with P99_PROBE_ALLOC=promoted shows what outlives the young
 * generation). Without it, scavenges of the same load took 20-30% less time in all and the
 * longest pause 10-14 instead of 15-18 ms (see README).
 *
 * A fixed old-generation growing factor (`--heap-growing-percent=100`): after a full collection the
 * next is due once the old generation has doubled, plus the young generation's size. V8 otherwise
 * picks the factor from its old-generation allocation rate against its marking speed, and a server
 * that promotes little gets the least, 1.1. V8 also counts the external memory (Buffers: pg's reads,
 * the responses) allocated since the last full collection against the same limit, and starts marking
 * as soon as what is left of it is less than the young generation. With ~60 MB live, 64 MB
 * semi-spaces and the 15-20 MB of Buffers a loaded server holds, that was at once after each full
 * collection: they came in bursts of 3-9 back to back, 0.2-0.7 s apart, until V8's measured rate
 * caught up, and the case a burst fell in lost its p99 (`--trace-gc --trace-incremental-marking` on
 * the bench's servers, BENCH_SERVER_LOG in bench/run.ts; README, "Scale").
 *
 * A young generation of at least 16 MB (`--min-semi-space-size=16`): after a spell without load, V8's
 * memory reducer collects with the young generation shrunk to 1 MB, and the next load's first second
 * then took ~20 scavenges of 1.5-15 ms while it grew back, promoting ~40 MB into the old generation.
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=64", "--min-semi-space-size=16", "--no-allocation-site-pretenuring", "--heap-growing-percent=100"] as const;

/** `execArgv` with each of SERVER_NODE_FLAGS it does not set itself (a flag given by hand wins). */
export function withServerFlags(execArgv: readonly string[]): string[] {
  const name = (flag: string) => flag.split("=")[0]!.replace(/_/g, "-");
  const given = new Set(execArgv.map(name));
  return [...SERVER_NODE_FLAGS.filter((f) => !given.has(name(f))), ...execArgv];
}

export function registerServe(program: Command): void {
  program.command("serve")
    .description("Run the server (SQLite under ./data by default; DATABASE_URL=postgres://… for PostgreSQL)")
    .option("--port <n>", "port (or PORT)", process.env.PORT ?? "8080")
    .option("--host <h>", "address to bind (or HOST)", process.env.HOST ?? "127.0.0.1")
    .option("--seed-if-empty", "load the demo data when the database has no users")
    .option("--workers <n>", "server processes sharing the port (more than one needs PostgreSQL)", process.env.WORKERS ?? "1")
    .action(async (o: Options) => {
      const workers = Number(o.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new CliError("--workers must be a whole number from 1 to 64");
      try {
        await serve(o, workers);
      } catch (err) {
        throw startupError(err);
      }
    });
}

async function serve(o: Options, workers: number): Promise<void> {
  const url = defaultUrl();
  // A fault at run time is answered (503) and logged; it must never end the process unseen.
  process.on("unhandledRejection", (err) => console.error("unhandled rejection (a bug; the server carries on):", err));
  if (cluster.isWorker) return listen(url, o, `worker ${process.pid}`);
  const file = sqliteFile(url);
  if (file && workers > 1) throw new CliError("several server processes share one database: set DATABASE_URL=postgres://… (SQLite serves one process)");
  await roomToWrite(url);
  // SQLite: one server per database file, and `accord restore` sees it is in use.
  const lock = file && file !== ":memory:" ? lockDatabase(resolve(file), "serve") : null;
  try {
    const maintenance = openStore(url);
    let demo: Demo;
    try {
      demo = await prepare(maintenance, o);
    } finally {
      await maintenance.close();
    }
    if (workers === 1) await listen(url, o, null, lock);
    else await runWorkers(workers, o);
    printDemo(demo);
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/** A clear line for what stops the server from starting, never a stack trace for a known cause. */
function startupError(err: unknown): unknown {
  if (err instanceof CliError) return err;
  if (err instanceof DatabaseInUseError) return new CliError(`${err.message}: only one server may use an SQLite database; stop that one first`);
  const f = storeFault(err);
  if (!f) return err;
  if (f.kind === "disk_full") return new CliError(`cannot start: the disk is full (${f.message.startsWith(f.code) ? f.message : `${f.code}: ${f.message}`}); free some space, then start again`);
  return new CliError(`cannot start: ${describeFault(f)}`);
}

/** Refuses to start on a full disk (SQLite), saying so, rather than failing on the first write. */
async function roomToWrite(url: string): Promise<void> {
  const disk = await freeBytes(url);
  if (disk && disk.free < MIN_FREE_BYTES) {
    throw new CliError(`cannot start: the disk holding ${disk.path} is full (${disk.free} bytes free; Accord needs at least ${MIN_FREE_BYTES / 1024 / 1024} MiB); free some space, then start again`);
  }
}

/** The demo users this database has (a federation demo's instance has one country's), just loaded or from before. */
type Demo = { loaded: boolean; users: DemoUser[] } | null;

/** Migrates and seeds; says whether the demo users are there (just loaded or from before). */
async function prepare(store: Store, o: Options): Promise<Demo> {
  const applied = await migrate(store);
  if (applied.length) console.log(`migrated: ${applied.join(", ")}`);
  // Before any worker starts (each checks again): a keys folder that does not belong to this database stops the start.
  await checkKeys(store.db, defaultKeyPaths());
  await seedReference(store.db);
  const hasUsers = await store.db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (!hasUsers && o.seedIfEmpty) {
    await seedDemo(store);
    return { loaded: true, users: DEMO_USERS };
  }
  const present = new Set((await store.db.selectFrom("users").select("username").where("username", "in", DEMO_USERS.map((u) => u.username)).execute()).map((u) => u.username));
  return present.size ? { loaded: false, users: DEMO_USERS.filter((u) => present.has(u.username)) } : null;
}

async function listen(url: string, o: Options, worker: string | null, lock: { release(): void } | null = null): Promise<void> {
  // The server's own store: every wait on the database is bounded (ACCORD_DB_*_TIMEOUT_MS).
  const store = openStore(url, { timeouts: serverTimeouts(), application: "accord serve" });
  const config = defaultConfig();
  const app = await buildServer(store, config);
  const who = worker ?? "Accord";
  // Long enough for any request still running to reach its deadline and answer.
  const drainMs = config.requestTimeoutMs + 5000;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${who} draining (${signal}): ${app.ctx.lifecycle.inFlight} request(s) in flight; new ones get 503`);
    const left = await app.ctx.lifecycle.drain(drainMs);
    if (left) console.error(`${who}: ${left} request(s) still running after ${drainMs} ms; stopping anyway`);
    // onClose hooks run here, with the store still open (the audit log's checkpoint on shutdown).
    await app.close();
    await store.close();
    lock?.release();
    console.log(`${who} stopped`);
    process.exit(0);
  };
  // Before anything says the server is up: a signal that came first would otherwise kill it outright.
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  const address = await app.listen({ port: Number(o.port), host: o.host });
  console.log(worker ? `${worker} listening` : `Accord is running at ${address} (${store.dialect})`);
}

async function runWorkers(n: number, o: Options): Promise<void> {
  let stopping = false;
  // Workers that were serving: one still starting when the stop came has nothing to drain, and
  // ends by the signal itself (its handlers are not installed yet), which is not a failure.
  const serving = new Set<number>();
  cluster.on("listening", (w) => serving.add(w.id));
  const drainMs = defaultConfig().requestTimeoutMs + 5000;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const all = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    if (!all.length) process.exit(0);
    let left = all.length;
    let failed = false;
    // A worker that has not drained by then is ended.
    const force = setTimeout(() => { for (const w of all) w.process.kill("SIGKILL"); }, drainMs + 5000);
    for (const w of all) {
      w.once("exit", (code, signal) => {
        if (code !== 0 && !(signal === "SIGTERM" && !serving.has(w.id))) failed = true;
        if (--left === 0) {
          clearTimeout(force);
          process.exit(failed ? 1 : 0);
        }
      });
      // The signal itself, not cluster's disconnect: each worker drains its requests first.
      w.process.kill("SIGTERM");
    }
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  cluster.setupPrimary({ execArgv: withServerFlags(process.execArgv) });
  const fork = () => cluster.fork();
  await new Promise<void>((resolve) => {
    let up = 0;
    cluster.on("listening", () => {
      if (++up === n) resolve();
    });
    for (let i = 0; i < n; i++) fork();
  });
  console.log(`Accord is running at http://${o.host}:${o.port} (postgres, ${n} processes)`);
  cluster.on("exit", (w, code, signal) => {
    if (stopping) return;
    console.error(`worker ${w.process.pid} stopped (${signal ?? code}); starting another`);
    fork();
  });
}

function printDemo(demo: Demo): void {
  if (!demo) return;
  console.log(demo.loaded ? "Demo data loaded. Sign in as:" : "Demo sign-ins:");
  for (const u of demo.users) console.log(`  ${u.username.padEnd(20)} ${u.password.padEnd(30)} ${u.nationality} ${u.clearance.padEnd(12)} ${u.roles.join(", ")}`);
  console.log("Security officers and the administrator enrol a TOTP second factor at their first sign-in.");
}
