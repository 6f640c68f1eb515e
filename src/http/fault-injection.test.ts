// Fault injection on PostgreSQL, from outside, as an operator would see it: the real server
// (`accord serve`, one process and `--workers 2`) talks to PostgreSQL through a TCP proxy of the
// test's own, which cuts connections (a restart: everything dropped, new ones refused a while),
// stalls them (packets dropped; /api/health says so meanwhile), or the test terminates Accord's backends (pg_terminate_backend),
// all during concurrent writes. Each time: the process stays up (no worker replaced); every answer
// comes within the timeout and is a 2xx or a 503 problem; service resumes by itself; every
// acknowledged write is present; every write sent with an Idempotency-Key and answered 503 is,
// when sent again with its key, answered once and stored once (replayed if it had committed).
// Writes without a key: acknowledged ones are present; any saved although answered 503 (the
// COMMIT's answer lost on the way) are counted. Prints the figures.
// Needs TEST_DATABASE_URL; the shared PostgreSQL server itself is never stopped.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import pg from "pg";
import { migrate } from "../store/migrate.ts";
import { seedReference } from "../seed/reference.ts";
import { openTestStore } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { ChaosProxy } from "../testing/chaos-proxy.ts";

const CLI = ["--import", "tsx", "src/cli/main.ts"];
const MARKING = { classification: "RESTRICTED", releasableTo: ["ISR"] };
/** Short bounds so the test is quick; the defaults are a few seconds each. */
const TIMEOUTS = { ACCORD_HEALTH_TIMEOUT_MS: "1000", ACCORD_DB_ACQUIRE_TIMEOUT_MS: "1000", ACCORD_DB_STATEMENT_TIMEOUT_MS: "1000", ACCORD_DB_LOCK_TIMEOUT_MS: "1000", ACCORD_DB_IDLE_TRANSACTION_TIMEOUT_MS: "5000", ACCORD_REQUEST_TIMEOUT_MS: "3000" };
/** No answer may take longer: the request deadline plus a margin for a loaded machine. */
const BOUND_MS = 3000 + 2000;
const FAULT_CODES = new Set(["database_unavailable", "database_timeout", "database_busy", "request_timeout"]);

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
});

interface Attempt { status: number | "network" | "hung"; code?: string; ms: number; start: number; end: number; id?: string; replayed?: boolean }
interface Write { name: string; key: string | null; attempts: Attempt[] }

class Load {
  writes: Write[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  constructor(private base: string, private headers: Record<string, string>, private label: string) {}

  async send(w: Write): Promise<Attempt> {
    const start = Date.now();
    try {
      const res = await fetch(`${this.base}/api/organisations`, {
        method: "POST",
        headers: { ...this.headers, "content-type": "application/json", ...(w.key ? { "idempotency-key": w.key } : {}) },
        body: JSON.stringify({ marking: MARKING, name: w.name, country: "IND", kind: "company" }),
        signal: AbortSignal.timeout(15_000),
      });
      const end = Date.now();
      const text = await res.text();
      const a: Attempt = { status: res.status, ms: end - start, start, end };
      if (res.status === 201) {
        a.id = (JSON.parse(text) as { id: string }).id;
        a.replayed = res.headers.get("idempotent-replayed") === "true";
      } else {
        assert.match(res.headers.get("content-type") ?? "", /^application\/problem\+json/, `${res.status} is a problem: ${text}`);
        a.code = (JSON.parse(text) as { code: string }).code;
      }
      w.attempts.push(a);
      return a;
    } catch (err) {
      const end = Date.now();
      const a: Attempt = { status: (err as Error).name === "TimeoutError" ? "hung" : "network", ms: end - start, start, end, code: String((err as Error).message) };
      w.attempts.push(a);
      return a;
    }
  }

  /** `keyed` writers send an Idempotency-Key with each write; the others do not. */
  start(keyed: number, unkeyed: number): void {
    this.running = true;
    let n = 0;
    const loop = async (withKey: boolean) => {
      while (this.running) {
        const w: Write = { name: `${this.label} ${withKey ? "k" : "u"} ${++n}`, key: withKey ? randomUUID() : null, attempts: [] };
        this.writes.push(w);
        await this.send(w);
      }
    };
    for (let i = 0; i < keyed; i++) this.loops.push(loop(true));
    for (let i = 0; i < unkeyed; i++) this.loops.push(loop(false));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  get attempts(): Attempt[] {
    return this.writes.flatMap((w) => w.attempts);
  }
}

/** Waits until a condition holds, checking every 25 ms. */
async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (process.env.TEST_DATABASE_URL) {
  const target = new URL(process.env.TEST_DATABASE_URL);
  for (const workers of [1, 2]) {
    describe(`database faults under load, serve${workers > 1 ? ` --workers ${workers}` : ""}`, () => {
      let child: ChildProcess;
      let output = "";
      let proxy: ChaosProxy;
      let scratch: Awaited<ReturnType<typeof openTestStore>>;
      let base = "";
      let headers: Record<string, string>;
      let admin: pg.Client;

      before(async () => {
        scratch = await openTestStore("postgres");
        await migrate(scratch.store);
        await seedReference(scratch.store.db);
        const u = await buildUser(scratch.store.db, { roles: ["secretariat"], clearance: 3 });
        headers = { cookie: `accord_session=${u.cookie}`, "x-csrf-token": u.csrf };
        proxy = new ChaosProxy({ host: target.hostname, port: Number(target.port || 5432) });
        const proxied = new URL(scratch.store.url);
        proxied.host = `127.0.0.1:${await proxy.start()}`;
        admin = new pg.Client({ connectionString: scratch.store.url });
        await admin.connect();
        const port = await freePort();
        child = spawn(process.execPath, [...CLI, "serve", "--host", "127.0.0.1", "--port", String(port), "--workers", String(workers)], {
          env: { ...process.env, ...TIMEOUTS, DATABASE_URL: proxied.toString(), ACCORD_KEYS_DIR: `${scratch.dir}/keys`, ACCORD_RATE_LIMIT: "0", LOG_LEVEL: "warn" },
          stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout!.on("data", (d: Buffer) => { output += d.toString(); });
        child.stderr!.on("data", (d: Buffer) => { output += d.toString(); });
        await new Promise<void>((resolve, reject) => {
          const ready = () => /running at http:\/\/127\.0\.0\.1:\d+/.test(output) && (workers === 1 || (output.match(/worker \d+ listening/g)?.length ?? 0) >= workers);
          const timer = setInterval(() => { if (ready()) { clearInterval(timer); resolve(); } }, 25);
          child.once("exit", (code) => { clearInterval(timer); reject(new Error(`serve exited (${code}):\n${output}`)); });
        });
        base = `http://127.0.0.1:${port}`;
      });

      after(async () => {
        if (child && child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((r) => child.once("exit", r));
          child.kill("SIGTERM");
          await exited;
        }
        await admin?.end();
        await proxy?.close();
        await scratch?.store.close();
        await scratch?.drop();
      });

      /** /api/health while the database is down: a 503 problem saying why, in time. */
      const healthDuring = async (...expected: string[]) => {
        const started = Date.now();
        const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(10_000) });
        const body = (await res.json()) as { code: string; status: number };
        assert.equal(res.status, 503, JSON.stringify(body));
        assert.ok(expected.includes(body.code), `health said ${body.code}, expected ${expected.join(" or ")}`);
        assert.ok(Date.now() - started <= BOUND_MS);
      };
      const faults: Record<string, { run: () => Promise<void> }> = {
        // A restart or failover: every connection dropped, and none taken for 1.5 s.
        // The proxy is restored whatever the checks found, so one mode's failure does not stall the next.
        cut: { run: async () => { proxy.cut(); const end = Date.now() + 1500; try { await healthDuring("database_unavailable"); await wait(end - Date.now()); } finally { proxy.restore(); } } },
        // Packets dropped for 2.5 s: longer than a statement's timeout, shorter than none. The probe
        // times out, unless the pool hands it a connection that a writer's timed-out statement has
        // just ended (with several processes under load that race is real): then it reads as ended.
        stall: { run: async () => { proxy.stall(); const end = Date.now() + 2500; try { await healthDuring("database_timeout", "database_unavailable"); await wait(end - Date.now()); } finally { proxy.restore(); } } },
        // An administrator ends Accord's backends, again and again for 1.5 s, idle or mid-transaction.
        terminate: {
          run: async () => {
            const end = Date.now() + 1500;
            while (Date.now() < end) {
              await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'accord serve'");
              await wait(150);
            }
          },
        },
      };

      if (workers === 1) {
        test("a COMMIT whose answer is lost: 503, yet saved; sent again with its key, the same 201 and one record", async () => {
          const load = new Load(base, headers, "lost-commit");
          proxy.loseNextCommitAnswerAfter('insert into "idempotency_keys"');
          const w: Write = { name: "lost-commit 1", key: randomUUID(), attempts: [] };
          const first = await load.send(w);
          assert.equal(first.status, 503, JSON.stringify(first));
          assert.equal(first.code, "database_timeout");
          assert.ok(first.ms <= BOUND_MS);
          const stored = await scratch.store.db.selectFrom("organisations").select("id").where("name", "=", w.name).execute();
          assert.equal(stored.length, 1, "the change committed although its answer was lost");
          const again = await load.send(w);
          assert.equal(again.status, 201, JSON.stringify(again));
          assert.equal(again.replayed, true);
          assert.equal(again.id, stored[0]!.id);
          assert.equal((await scratch.store.db.selectFrom("organisations").select("id").where("name", "=", w.name).execute()).length, 1);
        });
      }

      for (const mode of ["cut", "stall", "terminate"] as const) {
        test(`${mode}: the process stays up, answers 503 within the bound, recovers by itself, loses nothing`, async (t) => {
          const load = new Load(base, headers, `${mode}-${workers}`);
          const before = output.length;
          load.start(6, 2);
          await until("writes are flowing", () => load.attempts.filter((a) => a.status === 201).length >= 20);
          const faultStart = Date.now();
          await faults[mode]!.run();
          const faultEnd = Date.now();
          // Recovered: a write sent after the fault ended has succeeded, for each writer's share.
          await until("writes succeed again", () => load.attempts.filter((a) => a.status === 201 && a.start >= faultEnd).length >= 8);
          await load.stop();
          const log = output.slice(before);

          const attempts = load.attempts;
          const during = attempts.filter((a) => a.end >= faultStart);
          const ok = attempts.filter((a) => a.status === 201);
          const problems = attempts.filter((a) => typeof a.status === "number" && a.status !== 201);
          const broken = attempts.filter((a) => typeof a.status !== "number");
          const firstOkAfter = Math.min(...ok.filter((a) => a.start >= faultEnd).map((a) => a.end));
          const recoveredMs = firstOkAfter - faultEnd;
          const slowest = Math.max(...attempts.map((a) => a.ms));

          // The process stayed up; with workers, none died and was replaced.
          assert.equal(child.exitCode, null, `serve exited:\n${output}`);
          assert.doesNotMatch(log, /starting another|unhandled|uncaught/i, log);
          // Every answer came, in time, as a success or a 503 problem.
          assert.deepEqual(broken, [], `no connection errors or hung requests: ${JSON.stringify(broken.slice(0, 3))}`);
          assert.ok(slowest <= BOUND_MS, `slowest answer ${slowest} ms is within ${BOUND_MS} ms`);
          for (const p of problems) {
            assert.equal(p.status, 503, JSON.stringify(p));
            assert.ok(FAULT_CODES.has(p.code ?? ""), JSON.stringify(p));
          }
          assert.ok(problems.length > 0, "the fault was felt (some 503s)");
          assert.ok(recoveredMs < 10_000, `recovered ${recoveredMs} ms after the fault ended`);
          if (mode === "terminate") assert.match(log, /57P01/, "the log names the termination");

          // Writes sent with a key and not acknowledged are sent again with it: once each.
          const retried = load.writes.filter((w) => w.key && w.attempts[0]!.status !== 201);
          let replayed = 0;
          for (const w of retried) {
            const a = await load.send(w);
            assert.equal(a.status, 201, `retry of ${w.name}: ${JSON.stringify(a)}`);
            if (a.replayed) replayed++;
          }

          // What the database holds, read directly (not through the proxy).
          const rows = await scratch.store.db.selectFrom("organisations").select(["id", "name"]).where("name", "like", `${mode}-${workers} %`).execute();
          const byName = new Map<string, string[]>();
          for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r.id]);
          let unkeyedSavedButFailed = 0;
          for (const w of load.writes) {
            const ids = byName.get(w.name) ?? [];
            assert.ok(ids.length <= 1, `${w.name} stored at most once (${ids.length})`);
            const acked = w.attempts.find((a) => a.status === 201);
            if (acked) assert.deepEqual(ids, [acked.id], `${w.name}: acknowledged as ${acked.id} and stored as that`);
            else if (w.key) assert.fail(`${w.name} was retried to success`);
            else if (ids.length) unkeyedSavedButFailed++;
          }

          const codes = new Map<string, number>();
          for (const p of problems) codes.set(p.code!, (codes.get(p.code!) ?? 0) + 1);
          const figures = `fault-injection ${mode}, ${workers} process${workers > 1 ? "es" : ""}: ${attempts.length} requests (${during.length} from the fault on), `
            + `${ok.length} acknowledged, ${problems.length} answered 503 (${[...codes].map(([c, n]) => `${c} ${n}`).join(", ")}), `
            + `${broken.length} connection errors or hangs, slowest answer ${(slowest / 1000).toFixed(2)} s, fault lasted ${((faultEnd - faultStart) / 1000).toFixed(1)} s, `
            + `first success ${(recoveredMs / 1000).toFixed(2)} s after it ended; keyed writes answered 503 and sent again: ${retried.length} (${replayed} had committed and were replayed, ${retried.length - replayed} ran then); `
            + `unkeyed writes saved although answered 503: ${unkeyedSavedButFailed}`;
          t.diagnostic(figures);
          console.log(figures);
        });
      }
    });
  }
}
