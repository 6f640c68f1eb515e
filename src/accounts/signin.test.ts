// What a failed sign-in tells an attacker: nothing (issue 11, row 10). A missing account, a wrong
// password, a locked or a disabled account, and with a second factor a missing or wrong code,
// all get the same status and body, and each spends exactly one Argon2id check (the timing class).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv, settleAudit } from "../testing/harness.ts";
import { buildUser, TEST_PASSWORD } from "../testing/factories.ts";
import { passwordChecks } from "./passwords.ts";
import { currentTotp } from "./totp.ts";
import { enrolTotp } from "./testing.ts";

for (const kind of STORES) {
  describe(`sign-in answers (${kind})`, () => {
    let env: TestEnv;
    let ip = 0;
    before(async () => { env = await testEnv(kind); });
    after(async () => { await env.close(); });
    // Each attempt from its own address: these tests are about answers, not throttling.
    const attempt = async (payload: Record<string, string>) => {
      const before = passwordChecks();
      const res = await env.app.inject({ method: "POST", url: "/api/auth/signin", payload, remoteAddress: `10.77.${Math.floor(++ip / 250)}.${ip % 250}` });
      return { status: res.statusCode, body: res.json() as Record<string, unknown>, checks: passwordChecks() - before, cookie: res.cookies.some((c) => c.name === "accord_session") };
    };

    test("missing, wrong password, locked and disabled answer alike, with one password check each", async () => {
      await buildUser(env.store.db, { username: "plain.user" });
      await buildUser(env.store.db, { username: "locked.user", status: "locked" });
      await buildUser(env.store.db, { username: "disabled.user", status: "disabled" });
      const answers = {
        missing: await attempt({ username: "no.such.user", password: TEST_PASSWORD }),
        wrongPassword: await attempt({ username: "plain.user", password: "not the password" }),
        lockedRightPassword: await attempt({ username: "locked.user", password: TEST_PASSWORD }),
        lockedWrongPassword: await attempt({ username: "locked.user", password: "not the password" }),
        disabledRightPassword: await attempt({ username: "disabled.user", password: TEST_PASSWORD }),
      };
      const first = answers.missing;
      assert.equal(first.status, 401);
      assert.equal(first.body.code, "unauthenticated");
      for (const [name, a] of Object.entries(answers)) {
        assert.deepEqual({ status: a.status, body: a.body, checks: a.checks, cookie: a.cookie }, { status: 401, body: first.body, checks: 1, cookie: false }, name);
      }
      assert.equal((await attempt({ username: "plain.user", password: TEST_PASSWORD })).status, 200);
    });

    test("with a second factor, a wrong password and a missing or wrong code answer alike until both are right", async () => {
      const officer = await buildUser(env.store.db, { username: "two.factor", roles: ["security_officer"], clearance: 4 });
      const secret = await enrolTotp(env, officer);
      const next = () => currentTotp("two.factor", secret, Date.now() + 30_000);
      const wrongCode = next() === "123456" ? "654321" : "123456";
      const answers = {
        wrongPasswordNoCode: await attempt({ username: "two.factor", password: "not the password" }),
        wrongPasswordRightCode: await attempt({ username: "two.factor", password: "not the password", totp: next() }),
        rightPasswordNoCode: await attempt({ username: "two.factor", password: TEST_PASSWORD }),
        rightPasswordWrongCode: await attempt({ username: "two.factor", password: TEST_PASSWORD, totp: wrongCode }),
        rightPasswordBadRecoveryCode: await attempt({ username: "two.factor", password: TEST_PASSWORD, recoveryCode: "AAAA-BBBB-CCCC-DDDD" }),
        missingAccountWithCode: await attempt({ username: "no.such.officer", password: TEST_PASSWORD, totp: next() }),
      };
      const first = answers.wrongPasswordNoCode;
      for (const [name, a] of Object.entries(answers)) {
        assert.deepEqual({ status: a.status, body: a.body, checks: a.checks, cookie: a.cookie }, { status: 401, body: first.body, checks: 1, cookie: false }, name);
      }
      assert.ok(!JSON.stringify(first.body).includes("mfa_required"), "nothing says a code is what is missing");
      const ok = await attempt({ username: "two.factor", password: TEST_PASSWORD, totp: next() });
      assert.equal(ok.status, 200);
      assert.ok(ok.cookie);
    });

    test("a code sent to an account without a second factor is ignored", async () => {
      await buildUser(env.store.db, { username: "no.factor" });
      assert.equal((await attempt({ username: "no.factor", password: TEST_PASSWORD, totp: "123456" })).status, 200);
      assert.equal((await attempt({ username: "no.factor", password: TEST_PASSWORD, totp: "1", recoveryCode: "x" })).status, 400, "not both at once");
    });

    test("every outcome is audited, with the reason kept inside the log", async () => {
      await settleAudit(env.store);
      const events = await env.store.db.selectFrom("audit_events").select(["outcome", "details"]).where("action", "=", "auth.signin").execute();
      const reasons = events.filter((e) => e.outcome === "failure").map((e) => (JSON.parse(e.details) as { reason: string }).reason);
      for (const r of ["no such user", "bad password", "account locked", "account disabled", "second factor missing", "bad or reused authenticator code", "bad or spent recovery code"]) {
        assert.ok(reasons.includes(r), `audited: ${r}`);
      }
    });

    test("a signed-in user changes their own password with the current one; other sessions and tokens end", async () => {
      const u = await buildUser(env.store.db, { username: "changes.own" });
      const other = await buildUser(env.store.db, { username: "changes.own.other" });
      const api = client(env.app, u);
      const token = (await api.post("/api/auth/tokens", { name: "script", scopes: ["read"] })).body.token as string;
      const wrong = await api.post("/api/auth/password", { currentPassword: "not it at all", newPassword: "a brand new passphrase" });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.errors[0].field, "currentPassword");
      const res = await api.post("/api/auth/password", { currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal((await api.get("/api/auth/session")).status, 401, "the old session ended");
      const fresh = res.raw.cookies.find((c) => c.name === "accord_session")!.value;
      assert.equal((await client(env.app, { userId: u.userId, cookie: fresh, csrf: res.body.csrfToken }).get("/api/auth/session")).status, 200, "the changer continues in a new one");
      assert.equal((await env.app.inject({ method: "GET", url: "/api/organisations", headers: { authorization: `Bearer ${token}` } })).statusCode, 401, "API tokens are revoked");
      assert.equal((await attempt({ username: "changes.own", password: "a brand new passphrase" })).status, 200);
      assert.equal((await client(env.app, other).get("/api/auth/session")).status, 200, "nobody else is touched");
    });
  });
}
