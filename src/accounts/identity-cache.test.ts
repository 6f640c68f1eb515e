// The in-process identity cache (sessions, API tokens, viewers) against a simple reference: the
// store read afresh. Two servers on one store, each with its own cache, stand for two processes;
// every change is made by a third party (the store directly, as another worker or the CLI would),
// and each server must answer the very next request as the store says, never from a stale entry.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { openStore, type Store } from "../store/db.ts";
import { buildServer, defaultConfig } from "../http/server.ts";
import { STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { sql } from "kysely";
import { readGenerations } from "./identity-cache.ts";
import { createApiToken, createSession, endAllSessions, endSession, findApiToken, findSession, markMfaPassed, revokeApiToken } from "./sessions.ts";
import { loadViewer, setPasswordHash, setStatus } from "./users.ts";
import { LEVELS, type Rank } from "../domain/markings.ts";

type Op =
  | { op: "ask"; server: 0 | 1; user: 0 | 1; via: "session" | "token" }
  | { op: "signout"; user: 0 | 1 }
  | { op: "signoutEverywhere"; user: 0 | 1 }
  | { op: "signin"; user: 0 | 1; mfaPassed: boolean }
  | { op: "passMfa"; user: 0 | 1 }
  | { op: "status"; user: 0 | 1; status: "active" | "locked" | "disabled" }
  | { op: "password"; user: 0 | 1 }
  | { op: "role"; user: 0 | 1; role: "auditor" | "analyst"; grant: boolean }
  | { op: "clearance"; user: 0 | 1; clearance: Rank }
  | { op: "compartment"; user: 0 | 1; index: 0 | 1; grant: boolean }
  | { op: "newToken"; user: 0 | 1 }
  | { op: "revokeToken"; user: 0 | 1 };

const user = fc.constantFrom(0 as const, 1 as const);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant("ask" as const), server: user, user, via: fc.constantFrom("session" as const, "token" as const) }) },
  fc.record({ op: fc.constant("signout" as const), user }),
  fc.record({ op: fc.constant("signoutEverywhere" as const), user }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant("signin" as const), user, mfaPassed: fc.boolean() }) },
  fc.record({ op: fc.constant("passMfa" as const), user }),
  fc.record({ op: fc.constant("status" as const), user, status: fc.constantFrom("active" as const, "locked" as const, "disabled" as const) }),
  fc.record({ op: fc.constant("password" as const), user }),
  fc.record({ op: fc.constant("role" as const), user, role: fc.constantFrom("auditor" as const, "analyst" as const), grant: fc.boolean() }),
  fc.record({ op: fc.constant("clearance" as const), user, clearance: fc.constantFrom(0 as Rank, 1 as Rank, 2 as Rank, 3 as Rank) }),
  fc.record({ op: fc.constant("compartment" as const), user, index: user, grant: fc.boolean() }),
  fc.record({ op: fc.constant("newToken" as const), user }),
  fc.record({ op: fc.constant("revokeToken" as const), user }),
);

for (const kind of STORES) {
  describe(`identity cache (${kind})`, () => {
    let env: TestEnv;
    let other: Store;
    let second: FastifyInstance;
    let compartments: string[];
    before(async () => {
      env = await testEnv(kind);
      other = openStore(env.store.url);
      second = await buildServer(other, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent", keys: { privateKey: join(env.dir, "keys", "audit-ed25519.pem"), checkpoints: join(env.dir, "keys", "audit-checkpoints.jsonl") } }));
      await second.ready();
      compartments = (await env.store.db.selectFrom("compartments").select("code").orderBy("code").limit(2).execute()).map((c) => c.code);
    });
    after(async () => {
      await second.close();
      await other.close();
      await env.close();
    });

    /** What the store says a request with these credentials gets: 401, or the viewer as /api/auth/session shows it. */
    async function reference(via: "session" | "token", secret: string | null): Promise<unknown> {
      const db = env.store.db;
      if (!secret) return 401;
      const userId = via === "session" ? (await findSession(db, secret))?.userId : (await findApiToken(db, secret))?.userId;
      if (!userId) return 401;
      const v = await loadViewer(db, userId);
      if (!v || v.status !== "active") return 401;
      const s = via === "session" ? await findSession(db, secret) : null;
      return { roles: v.roles, compartments: v.compartments, clearance: LEVELS[v.clearance], mfaPending: s ? !s.mfaPassed : false };
    }

    async function ask(app: FastifyInstance, via: "session" | "token", secret: string | null): Promise<unknown> {
      const headers: Record<string, string> = via === "session" ? (secret ? { cookie: `accord_session=${secret}` } : {}) : (secret ? { authorization: `Bearer ${secret}` } : {});
      const res = await app.inject({ url: "/api/auth/session", headers });
      if (res.statusCode === 401) return 401;
      assert.equal(res.statusCode, 200, res.body);
      const b = res.json();
      return { roles: b.roles, compartments: b.compartments, clearance: b.clearance, mfaPending: b.mfaPending };
    }

    test("every server answers each request as the store says, right after any change by anyone", async () => {
      await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 24 }), async (ops) => {
        const db = env.store.db;
        const users = await Promise.all([0, 1].map(async () => {
          const u = await buildUser(db, { roles: ["member"] });
          return { id: u.userId, session: u.cookie as string | null, token: (await createApiToken(db, u.userId, "t", ["read"], null)) as { id: string; token: string } | null };
        }));
        for (const o of ops) {
          const u = users[o.user]!;
          switch (o.op) {
            case "ask": {
              const secret = o.via === "session" ? u.session : u.token?.token ?? null;
              // Asked twice: the second answer comes from whatever the first left in the cache.
              for (let i = 0; i < 2; i++) assert.deepEqual(await ask([env.app, second][o.server]!, o.via, secret), await reference(o.via, secret), JSON.stringify(o));
              break;
            }
            case "signout": if (u.session) await endSession(db, u.session); break;
            case "signoutEverywhere": await endAllSessions(db, u.id); break;
            case "signin": u.session = (await createSession(db, u.id, o.mfaPassed, "127.0.0.1")).token; break;
            case "passMfa": if (u.session) await markMfaPassed(db, u.session); break;
            case "status": await db.transaction().execute((tx) => setStatus(tx, u.id, o.status)); break;
            case "password": {
              const hash = (await db.selectFrom("users").select("password_hash").where("id", "=", u.id).executeTakeFirstOrThrow()).password_hash;
              await db.transaction().execute((tx) => setPasswordHash(tx, u.id, hash));
              break;
            }
            case "role":
              if (o.grant) await db.insertInto("user_roles").values({ user_id: u.id, role: o.role }).onConflict((c) => c.doNothing()).execute();
              else await db.deleteFrom("user_roles").where("user_id", "=", u.id).where("role", "=", o.role).execute();
              break;
            case "clearance": await db.updateTable("users").set({ clearance: o.clearance }).where("id", "=", u.id).execute(); break;
            case "compartment":
              if (o.grant) await db.insertInto("user_compartments").values({ user_id: u.id, compartment: compartments[o.index]! }).onConflict((c) => c.doNothing()).execute();
              else await db.deleteFrom("user_compartments").where("user_id", "=", u.id).where("compartment", "=", compartments[o.index]!).execute();
              break;
            case "newToken": u.token = await createApiToken(db, u.id, "t", ["read"], null); break;
            case "revokeToken": if (u.token) await revokeApiToken(db, u.id, u.token.id); break;
          }
        }
      }), { numRuns: 25 });
    });

    test("a revoked session is refused at once by a server that had it cached, and the cache holds nothing TTL-bound", async () => {
      const u = await buildUser(env.store.db);
      const cookie = { cookie: `accord_session=${u.cookie}` };
      assert.equal((await second.inject({ url: "/api/auth/session", headers: cookie })).statusCode, 200);
      assert.ok(second.ctx.identities.size > 0, "the second server cached the session and viewer");
      const out = await env.app.inject({ method: "POST", url: "/api/auth/signout", headers: { ...cookie, "x-csrf-token": u.csrf } });
      assert.equal(out.statusCode, 204);
      assert.equal((await second.inject({ url: "/api/auth/session", headers: cookie })).statusCode, 401);
    });

    test("the counters every request reads are read by one statement, prepared by name on PostgreSQL", async () => {
      const gens = await readGenerations(env.store.db);
      const row = await env.store.db.selectFrom("access_generation as a").crossJoin("auth_generation as g").select(["a.n as access", "a.added as added", "g.n as auth"])
        .where("a.id", "=", 1).where("g.id", "=", 1).executeTakeFirstOrThrow();
      assert.deepEqual(gens, { access: Number(row.access), added: Number(row.added), auth: Number(row.auth) });
      if (kind !== "postgres") return;
      // Bound, the text is named after its second run (db.ts) and PostgreSQL keeps it parsed; one
      // connection, held by the transaction, shows what it has prepared.
      const prepared = await env.store.db.transaction().execute(async (tx) => {
        for (let i = 0; i < 3; i++) await readGenerations(tx);
        return (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where statement like '%auth_generation g%'`.execute(tx)).rows[0]!.n;
      });
      assert.equal(prepared, 1);
    });

    test("public routes do not identify the caller, even with a cookie", async () => {
      const u = await buildUser(env.store.db);
      await env.app.inject({ url: "/api/ping" });
      const before = env.app.ctx.identities.size;
      const res = await env.app.inject({ url: "/api/ping", headers: { cookie: `accord_session=${u.cookie}` } });
      assert.equal(res.statusCode, 200);
      assert.equal(env.app.ctx.identities.size, before, "nothing was looked up");
    });
  });
}
