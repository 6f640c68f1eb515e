// GETs that check their caches after their reads (late-check.ts). Two servers on one store stand
// for two processes; changes are made by a third party (the store directly, as another worker, the
// CLI or an operator would). Every answer must be what the store allows at that moment: a moved
// counter found after the reads means the request is answered afresh and nothing of the first run
// reaches the answer or the audit log.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import pg from "pg";
import type { FastifyInstance } from "fastify";
import { openStore, type Store } from "../store/db.ts";
import { buildServer, defaultConfig } from "./server.ts";
import { STORES, client, settleAudit, testEnv, type Caller, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { createApiToken, createSession, endSession, findSession } from "../accounts/sessions.ts";
import { groupCommit } from "../audit/group-commit.ts";
import { oracleCanRead } from "../security/oracle.ts";

const MARKINGS = [
  { classification: "UNCLASSIFIED", releasableTo: "ALL" },
  { classification: "RESTRICTED", releasableTo: ["ISR"] },
  { classification: "CONFIDENTIAL", releasableTo: ["ISR"] },
  { classification: "SECRET", releasableTo: ["ISR"] },
] as const;

type Op =
  | { op: "ask"; server: 0 | 1 }
  | { op: "clearance"; clearance: 0 | 1 | 2 | 3 }
  | { op: "compartment"; grant: boolean }
  | { op: "status"; status: "active" | "locked" }
  | { op: "signout" }
  | { op: "signin" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant("ask" as const), server: fc.constantFrom(0 as const, 1 as const) }) },
  fc.record({ op: fc.constant("clearance" as const), clearance: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const) }),
  fc.record({ op: fc.constant("compartment" as const), grant: fc.boolean() }),
  fc.record({ op: fc.constant("status" as const), status: fc.constantFrom("active" as const, "locked" as const) }),
  fc.record({ op: fc.constant("signout" as const) }),
  fc.record({ op: fc.constant("signin" as const) }),
);

for (const kind of STORES) {
  describe(`late check of cached identity and scope (${kind})`, () => {
    let env: TestEnv;
    let other: Store;
    let second: FastifyInstance;
    let compartment: string;
    /** The organisations made for these tests: id and the marking (in the oracle's terms) each was made at. */
    const made: { id: string; level: number; compartments: string[] }[] = [];
    const keys = () => ({ privateKey: join(env.dir, "keys", "audit-ed25519.pem"), checkpoints: join(env.dir, "keys", "audit-checkpoints.jsonl") });

    before(async () => {
      env = await testEnv(kind);
      other = openStore(env.store.url);
      second = await buildServer(other, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent", keys: keys() }));
      await second.ready();
      compartment = (await env.store.db.selectFrom("compartments").select("code").orderBy("code").executeTakeFirstOrThrow()).code;
      const maker = await buildUser(env.store.db, { clearance: 3, compartments: [compartment] });
      const api = client(env.app, maker);
      for (const [level, m] of MARKINGS.entries()) {
        for (const compartments of [[], [compartment]]) {
          if (level === 0 && compartments.length) continue;
          const res = await api.post("/api/organisations", { marking: { ...m, compartments }, name: `Late check ${level} ${compartments.length}`, country: "IND", kind: "company" });
          assert.equal(res.status, 201, JSON.stringify(res.body));
          made.push({ id: res.body.id, level, compartments });
        }
      }
    });
    after(async () => {
      await second.close();
      await other.close();
      await env.close();
    });

    const list = (app: FastifyInstance, who: Caller) => client(app, who).get("/api/organisations?limit=100");
    const ours = (items: { id: string }[]) => items.map((i) => i.id).filter((id) => made.some((m) => m.id === id)).sort();
    const counts = (app: FastifyInstance) => ({ ...app.ctx.lateChecks });

    /** What the store says this caller's list of our organisations is now: 401, or the ids the read rule allows. */
    async function reference(who: Caller): Promise<401 | string[]> {
      const db = env.store.db;
      const session = await findSession(db, who.cookie);
      const u = await db.selectFrom("users").selectAll().where("id", "=", who.userId).executeTakeFirstOrThrow();
      if (!session || u.status !== "active") return 401;
      const held = (await db.selectFrom("user_compartments").select("compartment").where("user_id", "=", who.userId).execute()).map((c) => c.compartment);
      const user = { nationality: u.nationality, clearance: Number(u.clearance), compartments: held, active: true };
      return made.filter((m) => oracleCanRead(user, { level: m.level, originator: "IND", releasableTo: m.level === 0 ? "ALL" : ["ISR"], compartments: m.compartments })).map((m) => m.id).sort();
    }

    test("every answer is what the store allows right after any change, whichever server answers from its caches", async () => {
      await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 20 }), async (ops) => {
        const db = env.store.db;
        const u = await buildUser(db, { clearance: 2 });
        let who: Caller = u;
        for (const o of ops) {
          switch (o.op) {
            case "ask": {
              // Twice: the second answer starts from whatever the first left in the caches.
              for (let i = 0; i < 2; i++) {
                const res = await list([env.app, second][o.server]!, who);
                const expected = await reference(who);
                if (expected === 401) assert.equal(res.status, 401, JSON.stringify(o));
                else {
                  assert.equal(res.status, 200, JSON.stringify(res.body));
                  assert.deepEqual(ours(res.body.items), expected, JSON.stringify(ops));
                }
              }
              break;
            }
            case "clearance": await db.updateTable("users").set({ clearance: o.clearance }).where("id", "=", u.userId).execute(); break;
            case "compartment":
              if (o.grant) await db.insertInto("user_compartments").values({ user_id: u.userId, compartment }).onConflict((c) => c.doNothing()).execute();
              else await db.deleteFrom("user_compartments").where("user_id", "=", u.userId).where("compartment", "=", compartment).execute();
              break;
            case "status": await db.updateTable("users").set({ status: o.status }).where("id", "=", u.userId).execute(); break;
            case "signout": await endSession(db, who.cookie); break;
            case "signin": {
              const s = await createSession(db, u.userId, true, "127.0.0.1");
              who = { userId: u.userId, cookie: s.token, csrf: s.csrfToken };
              break;
            }
          }
        }
      }), { numRuns: 20 });
      // On PostgreSQL the lists above started from the caches whenever these held the caller.
      if (kind === "postgres") assert.ok(env.app.ctx.lateChecks.trusted + second.ctx.lateChecks.trusted > 0);
      else assert.equal(env.app.ctx.lateChecks.trusted + second.ctx.lateChecks.trusted, 0, "SQLite reads its counters first, in process");
    });

    test("a list confirmed by its read audit's statement; an answer with nothing to audit by a statement of its own", async () => {
      const u = await buildUser(env.store.db, { clearance: 2 });
      await list(env.app, u);
      const before = counts(env.app);
      const res = await list(env.app, u);
      assert.equal(res.status, 200);
      assert.ok(ours(res.body.items).length > 1);
      const after = counts(env.app);
      if (kind === "sqlite") return assert.deepEqual(after, before);
      assert.deepEqual(after, { ...before, trusted: before.trusted + 1, confirmedByAudit: before.confirmedByAudit + 1 });
      // Nothing classified to read: no audit event, so the request reads the counters itself, after.
      const outsider = await buildUser(env.store.db, { clearance: 0, nationality: "ISR" });
      await list(env.app, outsider);
      const from = counts(env.app);
      const none = await list(env.app, outsider);
      assert.equal(none.status, 200);
      assert.deepEqual(ours(none.body.items), [made[0]!.id]);
      assert.deepEqual(counts(env.app), { ...from, trusted: from.trusted + 1, confirmedAlone: from.confirmedAlone + 1 });
    });

    test("the reads the web app makes most start from the caches on PostgreSQL and answer as before", async () => {
      const u = await buildUser(env.store.db, { roles: ["analyst", "secretariat"], clearance: 3, compartments: [compartment] });
      const id = made[1]!.id;
      // Something for each read to show, made by the reader: a meeting with two versions of its
      // minutes, a release asked for it, an agreement running out, a statement confirmed from a draft.
      const api = client(env.app, u);
      const create = async (path: string, body: object) => {
        const res = await api.post(path, body);
        assert.equal(res.status, 201, `${path}: ${JSON.stringify(res.body)}`);
        return res.body;
      };
      const marking = MARKINGS[1];
      const forum = await create("/api/forums", { marking, name: "Late check forum", kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }] });
      const meeting = await create("/api/meetings", { marking, forumId: forum.id, dateStart: "2025-06-10", venueCity: "New Delhi", venueCountry: "IND" });
      for (const text of ["The sides met in Delhi.", "The sides met in Delhi and agreed to meet again."]) await create(`/api/meetings/${meeting.id}/minutes`, { text });
      await create("/api/releases", { recordId: meeting.id, marking: MARKINGS[0], reason: "For the public record" });
      const validTo = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      await create("/api/agreements", { marking, kind: "Agreement", title: "Late check agreement", status: "in_force", parties: [{ country: "IND" }, { country: "ISR" }], validTo });
      const draft = await create("/api/drafts", { text: "New Delhi, March 12 (PTI) India and Israel signed a Memorandum of Understanding on cyber security.", marking, publisher: "PTI" });
      const confirmed = await api.post(`/api/drafts/${draft.id}/confirm`, {});
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      // The agreement the statement proposed, with the text behind its fields.
      const mou = confirmed.body.outcome.find((o: { action: string }) => o.action === "create").recordId;
      const paths = ["/api/organisations", "/api/organisations/facets", `/api/organisations/${id}`, `/api/records/${id}`, `/api/records/${id}/history`,
        `/api/records/${id}/references`, "/api/search?q=Late", "/api/suggest?q=Late", "/api/my-work", "/api/my-work/count", "/api/notifications",
        "/api/overview/ISR", "/api/drafts", `/api/drafts/${draft.id}`, `/api/records/${mou}/sources`, `/api/sources/${draft.source.id}`, "/api/releases",
        `/api/meetings/${meeting.id}/minutes`, `/api/meetings/${meeting.id}/minutes/diff?from=1&to=2`, "/api/agreements/expiring", "/api/countries",
        "/api/compartments", "/api/areas", "/api/policies", "/api/ic/thresholds", "/api/auth/session", "/api/notifications/preferences"];
      for (const path of paths) {
        const first = await client(env.app, u).get(path);
        assert.equal(first.status, 200, `${path}: ${JSON.stringify(first.body)}`);
        const before = counts(env.app);
        const again = await client(env.app, u).get(path);
        assert.equal(again.status, 200, path);
        assert.deepEqual(again.body, first.body, path);
        assert.equal(counts(env.app).trusted - before.trusted, kind === "postgres" ? 1 : 0, path);
      }
    });

    test("a route that sends its answer itself cannot skip the check: its answer is refused", async () => {
      const app = await buildServer(other, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent", keys: keys() }));
      app.get("/api/late-check-sends", { config: { checkAfterReads: true } }, async (_req, reply) => reply.send({ sent: true }));
      await app.ready();
      try {
        const u = await buildUser(env.store.db);
        const api = client(app, u);
        assert.equal((await api.get("/api/late-check-sends")).status, 200, "the first request reads its counters first and fills the caches");
        // Its scope is cached by the first list; the next request starts from the caches on PostgreSQL.
        await api.get("/api/organisations");
        assert.equal((await api.get("/api/late-check-sends")).status, kind === "postgres" ? 500 : 200);
      } finally {
        await app.close();
      }
    });

    if (kind !== "postgres") return;

    /**
     * A change committed after a request on `second` has read its page and before its read audit is
     * written: the audit's INSERT is held by a lock until `change` has committed.
     */
    async function changeMidRequest(who: Caller, change: () => Promise<void>) {
      // Twice first: the caches hold the caller and their set, and the page's read set is stored.
      for (let i = 0; i < 2; i++) assert.equal((await list(second, who)).status, 200);
      await settleAudit(env.store);
      const { answer } = await withQueueLocked(async (waitFor) => {
        const from = counts(second);
        const answer = list(second, who);
        // The request has read its page: its audit INSERT waits for the lock.
        await waitFor("with cur as", () => `checks ${JSON.stringify(from)} → ${JSON.stringify(counts(second))}`);
        await change();
        return { answer };
      });
      return answer;
    }

    /**
     * Runs `work` with `audit_queue` locked by a transaction of its own, committed once `work` has
     * returned (so what it returns must not wait for the lock: requests in flight go in an object);
     * `waitFor(prefix)` returns once a statement starting so waits for that lock.
     */
    async function withQueueLocked<T>(work: (waitFor: (prefix: string, context: () => string) => Promise<void>) => Promise<T>): Promise<T> {
      const lock = new pg.Client({ connectionString: env.store.url });
      // Watched from a connection of its own: pg_stat_activity is read once per transaction.
      const watch = new pg.Client({ connectionString: env.store.url });
      await lock.connect();
      await watch.connect();
      const waitFor = async (prefix: string, context: () => string) => {
        for (let i = 0; ; i++) {
          const waiting = await watch.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and starts_with(query, $1)", [prefix]);
          if (waiting.rows[0].n > 0) return;
          if (i >= 1000) {
            const activity = await watch.query("select state, wait_event_type, left(query, 60) as query from pg_stat_activity where datname = current_database()");
            assert.fail(`no statement starting "${prefix}" came to wait on the lock: ${context()}; sessions ${JSON.stringify(activity.rows)}`);
          }
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      try {
        await lock.query("begin");
        await lock.query("lock table audit_queue in exclusive mode");
        const done = await work(waitFor);
        await lock.query("commit");
        return done;
      } finally {
        await lock.end();
        await watch.end();
      }
    }

    const listEvents = async (who: Caller) => {
      await settleAudit(env.store);
      return Number((await env.store.db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).where("actor", "=", who.userId).where("action", "=", "organisation.list").executeTakeFirstOrThrow()).n);
    };

    test("a session revoked while a request reads is refused, and its read is not in the audit log", async () => {
      const u = await buildUser(env.store.db, { clearance: 2 });
      const before = counts(second);
      const events = await listEvents(u).then(async () => null);
      assert.equal(events, null);
      const res = await changeMidRequest(u, () => endSession(env.store.db, u.cookie));
      assert.equal(res.status, 401, res.body);
      assert.equal(await listEvents(u), 2, "the two lists before, not the one refused");
      assert.equal(second.ctx.lateChecks.answeredAfresh, before.answeredAfresh + 1);
    });

    test("a clearance lowered while a request reads narrows its answer, and the audit names only what was answered", async () => {
      const u = await buildUser(env.store.db, { clearance: 2 });
      const res = await changeMidRequest(u, async () => { await env.store.db.updateTable("users").set({ clearance: 0 }).where("id", "=", u.userId).execute(); });
      assert.equal(res.status, 200);
      assert.deepEqual(ours(res.body.items), [made[0]!.id], "only the unclassified organisation");
      // The two lists before the change each wrote an event; the one answered afresh had nothing classified to record.
      assert.equal(await listEvents(u), 2);
    });

    test("a page with a read set not stored yet is checked in its transaction: moved counters write neither its event nor its set", async () => {
      // Every account made here moves the auth counter: all of them first, then the caches are filled.
      const u = await buildUser(env.store.db, { clearance: 2 });
      // Another reader whose events go at once (a token: identified with the counters first), at a clearance that does not see the new record.
      const v = await buildUser(env.store.db, { clearance: 1 });
      const token = (await createApiToken(env.store.db, v.userId, "t", ["read"], null)).token;
      const maker = await buildUser(env.store.db, { clearance: 3 });
      const asV = () => second.inject({ url: "/api/organisations?limit=100", headers: { authorization: `Bearer ${token}` } });
      assert.equal((await asV()).statusCode, 200);
      for (let i = 0; i < 2; i++) assert.equal((await list(second, u)).status, 200);
      // A new record only u sees: u's next page is a read set never stored.
      const fresh = await client(env.app, maker).post("/api/organisations", { marking: MARKINGS[2], name: "Late check, a set not stored yet", country: "IND", kind: "company" });
      assert.equal(fresh.status, 201);
      const setsNaming = async (id: string) => Number((await env.store.db.selectFrom("audit_read_sets").select((eb) => eb.fn.countAll<number>().as("n")).where("records", "like", `%${id}%`).executeTakeFirstOrThrow()).n);
      await settleAudit(env.store);
      const before = await listEvents(u);
      const { answerV, answerU } = await withQueueLocked(async (waitFor) => {
        // v's event holds the group commit: its INSERT waits for the lock, and u's batch waits behind it.
        const answerV = asV();
        await waitFor('insert into "audit_queue"', () => "v's audit");
        const trusted = counts(second).trusted;
        const answerU = list(second, u);
        const commits = groupCommit(other.db);
        for (let i = 0; commits.waitingEvents === 0; i++) {
          assert.ok(i < 1000, "u's events never reached the group commit");
          await new Promise((r) => setTimeout(r, 10));
        }
        assert.equal(counts(second).trusted, trusted + 1, "u's list started from the caches");
        await endSession(env.store.db, u.cookie);
        return { answerV, answerU };
      });
      assert.equal((await answerV).statusCode, 200);
      assert.equal((await answerU).status, 401);
      assert.equal(await listEvents(u), before, "no event of the refused list");
      assert.equal(await setsNaming(fresh.body.id), 0, "nor its read set");
      // Unmoved, the same transaction path writes both: signed in again, u's second list starts from the caches.
      const s = await createSession(env.store.db, u.userId, true, "127.0.0.1");
      const again: Caller = { userId: u.userId, cookie: s.token, csrf: s.csrfToken };
      assert.equal((await list(second, again)).status, 200);
      const from = counts(second);
      const page = await list(second, again);
      assert.ok(page.body.items.some((i: { id: string }) => i.id === fresh.body.id));
      assert.deepEqual(counts(second), { ...from, trusted: from.trusted + 1, confirmedByAudit: from.confirmedByAudit + 1 });
      assert.equal(await listEvents(u), before + 2);
      assert.equal(await setsNaming(fresh.body.id), 1);
    });
  });
}
