// The database's faults, answered in-process on both stores: a full disk (SQLite's own page limit
// gives the same SQLITE_FULL a full disk does) is a 507 with its code in the log and health
// degraded until writes work again; a lock not granted in time (another process's write lock on
// SQLite, a table lock on PostgreSQL) is a 503 "database_busy"; a request past its deadline is a
// 503 and none of it is saved afterwards; an unreachable database is a 503 from every route
// and from /api/health; a PostgreSQL backend terminated under a request is a 503, and the next
// request is served.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { LightMyRequestResponse } from "fastify";
import pg from "pg";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { openStore, type StoreTimeouts } from "../store/db.ts";
import { buildServer, defaultConfig } from "./server.ts";
import { STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { multipart } from "../testing/leak-world.ts";

const MARKING = { classification: "RESTRICTED", releasableTo: ["ISR"] };
const FAST: StoreTimeouts = { acquireMs: 2000, statementMs: 2000, lockMs: 300, idleInTransactionMs: 10_000 };

/** A problem answer; a route's names no internals, health's names the fault's code but no host, path or message. */
function problem(r: LightMyRequestResponse, status: number, code: string) {
  assert.equal(r.statusCode, status, r.body);
  assert.match(String(r.headers["content-type"]), /^application\/problem\+json/);
  assert.equal(r.json().code, code, r.body);
  assert.doesNotMatch(r.body, /127\.0\.0\.1|accord_|\/tmp|database or disk|connect |\bat \//, "no hosts, paths or driver messages");
  if (r.json().fault === undefined) assert.doesNotMatch(r.body, /SQLITE|sqlite|postgres|ECONN/, "no internals in a route's answer");
}

/** Waits until a condition holds, checking every 20 ms (up to 10 s). */
async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const end = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const kind of STORES) {
  describe(`database faults answered (${kind})`, () => {
    let env: TestEnv;
    let api: (method: "GET" | "POST", url: string, payload?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;
    const logged: { fields: Record<string, unknown>; message: string }[] = [];
    before(async () => {
      env = await testEnv(kind, { requestTimeoutMs: 1500 }, { timeouts: FAST });
      env.store.health.log = (_level, fields, message) => logged.push({ fields, message });
      const u = await buildUser(env.store.db, { roles: ["secretariat"], clearance: 3 });
      api = (method, url, payload, headers = {}) => env.app.inject({
        method, url, payload: payload as object, headers: { cookie: `accord_session=${u.cookie}`, "x-csrf-token": u.csrf, ...headers },
      });
    });
    after(async () => { await env.close(); });
    const org = (name: string) => api("POST", "/api/organisations", { marking: MARKING, name, country: "IND", kind: "company" });
    const named = async (name: string) => (await env.store.db.selectFrom("organisations").select("id").where("name", "=", name).execute()).length;

    if (kind === "sqlite") {
      test("a full disk is a 507 naming no internals, SQLITE_FULL in the log, health degraded until writes work again", async () => {
        const db = env.store.db;
        const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count;
        await sql.raw(`pragma max_page_count = ${pages}`).execute(db);
        try {
          const f = multipart({ marking: MARKING, title: "Too big for the disk", kind: "report" }, "big.txt", "text/plain", "a fairly long report ".repeat(10_000));
          const upload = await api("POST", "/api/documents", f.payload, f.headers);
          problem(upload, 507, "insufficient_storage");
          assert.equal((await db.selectFrom("records").select("id").where("title", "=", "Too big for the disk").execute()).length, 0);
          assert.ok(logged.some((l) => l.fields.code === "SQLITE_FULL" && /disk is full/.test(l.message)), JSON.stringify(logged));
          const health = await api("GET", "/api/health");
          problem(health, 503, "disk_full");
          assert.equal(health.json().faultCode, "SQLITE_FULL");
        } finally {
          await sql.raw("pragma max_page_count = 1073741823").execute(db);
        }
        const healthy = await api("GET", "/api/health");
        assert.equal(healthy.statusCode, 200, healthy.body);
        assert.equal(healthy.json().status, "ok");
        assert.ok(logged.some((l) => /answers again/.test(l.message)));
        assert.equal((await org("Written after the disk was freed")).statusCode, 201);
      });

      test("a transaction SQLite ended by itself reports its own error, not a failed rollback", async () => {
        const db = env.store.db;
        await sql`create table filler (x text)`.execute(db);
        const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count;
        await sql.raw(`pragma max_page_count = ${pages + 2}`).execute(db);
        try {
          await assert.rejects(db.transaction().execute(async (tx) => {
            for (let i = 0; i < 100; i++) await sql`insert into filler (x) values (${"x".repeat(4000)})`.execute(tx);
          }), (err: Error & { code?: string }) => err.code === "SQLITE_FULL");
        } finally {
          await sql.raw("pragma max_page_count = 1073741823").execute(db);
        }
        assert.equal((await sql<{ n: number }>`select count(*) as n from filler`.execute(db)).rows[0]!.n, 0, "nothing of it committed");
        assert.equal((await org("Written after SQLite ended a transaction")).statusCode, 201, "the connection is usable");
      });

      test("another process holding the write lock: 503 database_busy within the busy timeout, nothing written", async () => {
        const other = new SQLite(join(env.dir, "accord.db"));
        other.exec("begin immediate");
        try {
          const started = Date.now();
          problem(await org("Blocked by another writer"), 503, "database_busy");
          assert.ok(Date.now() - started < FAST.lockMs + 1000, "answered within the busy timeout");
        } finally {
          other.exec("rollback");
          other.close();
        }
        assert.equal(await named("Blocked by another writer"), 0);
        assert.equal((await org("Written after the lock")).statusCode, 201);
      });

      test("a request past its deadline is a 503 and nothing of it is saved later", async () => {
        // The store's one connection is held by a transaction of the test until the request has been answered.
        let open!: () => void;
        const gate = new Promise<void>((r) => { open = r; });
        const holder = env.store.db.transaction().execute(async (tx) => { await sql`select 1`.execute(tx); await gate; });
        const started = Date.now();
        const answer = await org("Past its deadline");
        problem(answer, 503, "request_timeout");
        assert.ok(Date.now() - started >= 1500 && Date.now() - started < 4000);
        open();
        await holder;
        // The request waited behind the holder; it got the connection next and was refused it.
        assert.equal((await org("Served after the deadline")).statusCode, 201);
        assert.equal(await named("Past its deadline"), 0);
      });
    }

    if (kind === "postgres") {
      const admin = () => { const c = new pg.Client({ connectionString: env.store.url }); return c.connect().then(() => c); };
      const pool = () => env.store.pgPool!;
      const quiet = () => pool().totalCount === pool().idleCount && pool().waitingCount === 0;

      test("a table lock not granted within lock_timeout: 503 database_busy, nothing written", async () => {
        const c = await admin();
        try {
          await c.query("begin");
          await c.query("lock table organisations in exclusive mode");
          problem(await org("Blocked by a table lock"), 503, "database_busy");
          await c.query("rollback");
        } finally {
          await c.end();
        }
        assert.equal(await named("Blocked by a table lock"), 0);
        assert.equal((await org("Written after the table lock")).statusCode, 201);
      });

      test("a request past its deadline is a 503 and nothing of it is saved after the lock goes", async () => {
        const slow = await testEnv("postgres", { requestTimeoutMs: 700 }, { timeouts: { ...FAST, lockMs: 0, statementMs: 0 } });
        const u = await buildUser(slow.store.db, { roles: ["secretariat"], clearance: 3 });
        const c = new pg.Client({ connectionString: slow.store.url });
        await c.connect();
        try {
          await c.query("begin");
          await c.query("lock table organisations in exclusive mode");
          const answer = await slow.app.inject({ method: "POST", url: "/api/organisations", headers: { cookie: `accord_session=${u.cookie}`, "x-csrf-token": u.csrf },
            payload: { marking: MARKING, name: "Past the deadline on PostgreSQL", country: "IND", kind: "company" } });
          problem(answer, 503, "request_timeout");
          await c.query("commit");
          // The request's statement gets its lock now; what follows it is refused and it all rolls back.
          await until("the abandoned request has given its connection back", () => slow.store.pgPool!.totalCount === slow.store.pgPool!.idleCount);
          assert.equal((await slow.store.db.selectFrom("organisations").select("id").where("name", "=", "Past the deadline on PostgreSQL").execute()).length, 0);
        } finally {
          await c.end();
          await slow.close();
        }
      });

      test("a backend terminated under a request: 503 database_unavailable, the process carries on, the next request is served", async () => {
        const c = await admin();
        try {
          await c.query("begin");
          await c.query("lock table organisations in exclusive mode");
          const pending = org("Cut by the administrator");
          let victim: number | undefined;
          await until("the request waits on the lock", async () => {
            const r = await c.query("select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()");
            victim = r.rows[0]?.pid as number | undefined;
            return victim !== undefined;
          });
          await c.query("select pg_terminate_backend($1)", [victim]);
          problem(await pending, 503, "database_unavailable");
          await c.query("rollback");
        } finally {
          await c.end();
        }
        assert.ok(logged.some((l) => l.fields.code === "57P01"), JSON.stringify(logged));
        await until("the pool is quiet", quiet);
        assert.equal((await org("Written after the termination")).statusCode, 201);
        assert.equal(await named("Cut by the administrator"), 0);
      });

      test("an unreachable database: every route and /api/health answer 503 quickly, saying why", async () => {
        const down = openStore("postgres://postgres@127.0.0.1:9/accord_nowhere", { timeouts: FAST });
        const app = await buildServer(down, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent" }));
        down.health.log = () => undefined;
        try {
          const health = await app.inject({ method: "GET", url: "/api/health" });
          problem(health, 503, "database_unavailable");
          assert.equal(health.json().faultCode, "ECONNREFUSED");
          const signin = await app.inject({ method: "POST", url: "/api/auth/signin", payload: { username: "someone", password: "a password of some length" } });
          problem(signin, 503, "database_unavailable");
          assert.match(signin.json().detail, /Idempotency-Key/);
          assert.equal(signin.headers["retry-after"], "2");
        } finally {
          await app.close();
          await down.close();
        }
      });
    }
  });
}
