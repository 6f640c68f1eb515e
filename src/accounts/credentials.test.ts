// Ending an account's credentials (issue 10, row 8): a password reset, a lock or a disable ends
// every session and revokes every API token, through the administrators' API and the command line
// alike. Unlocking revives neither.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { client, STORES, testEnv, type TestEnv, settleAudit } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { enrolTotp } from "./testing.ts";

for (const kind of STORES) {
  describe(`credentials end with the account (${kind})`, () => {
    let env: TestEnv;
    before(async () => { env = await testEnv(kind); });
    after(async () => { await env.close(); });

    /** A user with a live session and two live tokens; `alive()` says which still work. */
    const withCredentials = async (spec: Parameters<typeof buildUser>[1] = {}) => {
      const u = await buildUser(env.store.db, spec);
      const api = client(env.app, u);
      const tokens = await Promise.all(["one", "two"].map(async (name) => (await api.post("/api/auth/tokens", { name, scopes: ["read"] })).body.token as string));
      const alive = async () => ({
        session: (await api.get("/api/auth/session")).status === 200,
        tokens: await Promise.all(tokens.map(async (t) => (await env.app.inject({ method: "GET", url: "/api/auth/session", headers: { authorization: `Bearer ${t}` } })).statusCode === 200)),
      });
      assert.deepEqual(await alive(), { session: true, tokens: [true, true] });
      return { u, alive };
    };
    const DEAD = { session: false, tokens: [false, false] };

    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "../cli/main.ts"), ...args], {
        encoding: "utf8", env: { ...process.env, DATABASE_URL: env.store.url, ACCORD_KEYS_DIR: env.dir },
      });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };

    test("the administrators' API: lock, disable and reset each revoke every token; unlocking revives none", async () => {
      const admin = client(env.app, await buildUser(env.store.db, { roles: ["admin"] }));
      for (const status of ["locked", "disabled"] as const) {
        const { u, alive } = await withCredentials();
        assert.equal((await admin.patch(`/api/users/${u.userId}`, { status })).status, 200);
        assert.deepEqual(await alive(), DEAD, status);
        assert.equal((await admin.patch(`/api/users/${u.userId}`, { status: "active" })).status, 200);
        assert.deepEqual((await alive()).tokens, [false, false], `tokens stay revoked after ${status} is undone`);
        await settleAudit(env.store);
        const event = await env.store.db.selectFrom("audit_events").select("details").where("action", "=", "user.update").where("target", "=", u.userId).orderBy("seq").executeTakeFirstOrThrow();
        assert.deepEqual({ ...JSON.parse(event.details) as object }, { asked: { status }, pendingChange: null, sessionsEnded: 1, tokensRevoked: 2 });
      }
      // An uncleared account's reset takes effect at once.
      const { u, alive } = await withCredentials({ clearance: 0 });
      assert.equal((await admin.post(`/api/users/${u.userId}/password`, { password: "a reset password here" })).status, 204);
      assert.deepEqual(await alive(), DEAD);
    });

    test("a cleared account's reset waits for a security officer; approving it revokes every token", async () => {
      const admin = client(env.app, await buildUser(env.store.db, { roles: ["admin"] }));
      const officer = await buildUser(env.store.db, { roles: ["security_officer"], clearance: 4 });
      const { u, alive } = await withCredentials({ clearance: 3 });
      const asked = await admin.post(`/api/users/${u.userId}/password`, { password: "a reset password here", reason: "forgotten" });
      assert.equal(asked.status, 202, JSON.stringify(asked.body));
      assert.deepEqual(asked.body.pendingChange.grants, { password: true });
      assert.ok(!JSON.stringify(asked.body).includes("argon2"), "the hash is never shown");
      assert.deepEqual(await alive(), { session: true, tokens: [true, true] }, "nothing changes until approved");
      await enrolTotp(env, officer);
      const decided = await client(env.app, officer).post(`/api/account-changes/${asked.body.pendingChange.id}/decision`, { decision: "approve" });
      assert.equal(decided.status, 200, JSON.stringify(decided.body));
      assert.deepEqual(await alive(), DEAD);
      const row = await env.store.db.selectFrom("account_changes").select("password_hash").where("id", "=", asked.body.pendingChange.id).executeTakeFirstOrThrow();
      assert.equal(row.password_hash, null, "the waiting hash is dropped once decided");
    });

    test("the command line: lock, disable and reset-password revoke every token, and say so", async () => {
      for (const [args, expect] of [[["lock"], /is locked; 1 session\(s\) ended, 2 API token\(s\) revoked/], [["disable"], /is disabled; 1 session\(s\) ended, 2 API token\(s\) revoked/], [["reset-password", "--password", "another long password"], /reset; 1 session\(s\) ended, 2 API token\(s\) revoked/]] as const) {
        const { u, alive } = await withCredentials();
        assert.match(cli("user", args[0], u.spec.username, ...args.slice(1)), expect);
        assert.deepEqual(await alive(), DEAD, args[0]);
      }
    });

    test("the command line removes a lost second factor: the account enrols again", async () => {
      const u = await buildUser(env.store.db, { roles: ["security_officer"], clearance: 4 });
      await enrolTotp(env, u);
      assert.match(cli("user", "reset-mfa", u.spec.username), /second factor of .* removed/);
      const row = await env.store.db.selectFrom("users").select(["mfa_enabled", "mfa_secret"]).where("id", "=", u.userId).executeTakeFirstOrThrow();
      assert.deepEqual(row, { mfa_enabled: 0, mfa_secret: null });
      assert.equal((await env.store.db.selectFrom("recovery_codes").select("user_id").where("user_id", "=", u.userId).execute()).length, 0);
    });
  });
}
