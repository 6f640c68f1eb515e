// Recovery codes (issue 14): ten shown once at enrolment, stored hashed, each good once instead of
// an authenticator code, replaced all at once by a regeneration that needs a current code.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv, settleAudit } from "../testing/harness.ts";
import { buildUser, TEST_PASSWORD } from "../testing/factories.ts";
import { canonicalRecoveryCode, newRecoveryCode } from "./recovery.ts";
import { currentTotp } from "./totp.ts";
import { enrolTotpWithCodes } from "./testing.ts";

describe("recovery code format", () => {
  test("sixteen characters of Crockford's base 32 in four groups; typing is forgiving", () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const c of codes) assert.match(c, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    assert.equal(new Set(codes).size, codes.length);
    assert.equal(canonicalRecoveryCode("7k2d qx9m-ab0c 1234"), "7K2DQX9MAB0C1234");
    assert.equal(canonicalRecoveryCode("7K2D-QX9M-ABOC-I234"), "7K2DQX9MAB0C1234", "O reads as 0, I as 1");
    assert.equal(canonicalRecoveryCode("7K2D-QX9M-AB0C-123"), null);
    assert.equal(canonicalRecoveryCode("7K2D-QX9M-AB0C-12U4"), null);
  });
});

for (const kind of STORES) {
  describe(`recovery codes (${kind})`, () => {
    let env: TestEnv;
    let n = 0;
    before(async () => { env = await testEnv(kind); });
    after(async () => { await env.close(); });
    const signIn = (username: string, extra: Record<string, string>) =>
      env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username, password: TEST_PASSWORD, ...extra }, remoteAddress: `10.88.0.${++n}` });

    test("ten codes at enrolment, stored only as hashes", async () => {
      const u = await buildUser(env.store.db, { username: "codes.hashed", roles: ["security_officer"], clearance: 4 });
      const { recoveryCodes } = await enrolTotpWithCodes(env, u);
      assert.equal(recoveryCodes.length, 10);
      assert.equal(new Set(recoveryCodes).size, 10);
      const rows = await env.store.db.selectFrom("recovery_codes").selectAll().where("user_id", "=", u.userId).execute();
      assert.equal(rows.length, 10);
      const stored = JSON.stringify(rows);
      for (const c of recoveryCodes) {
        for (const form of [c, canonicalRecoveryCode(c)!, c.toLowerCase()]) assert.ok(!stored.includes(form), "no code in any form is at rest");
      }
      assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.code_hash) && r.used_at === null));
      const me = await client(env.app, u).get("/api/auth/session");
      assert.equal(me.body.recoveryCodesLeft, 10);
    });

    test("a recovery code signs in instead of a code, once", async () => {
      const u = await buildUser(env.store.db, { username: "codes.once", roles: ["security_officer"], clearance: 4 });
      const { recoveryCodes } = await enrolTotpWithCodes(env, u);
      const [first, second] = recoveryCodes;
      const ok = await signIn("codes.once", { recoveryCode: first!.toLowerCase().replace(/-/g, " ") });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().recoveryCodesLeft, 9);
      const again = await signIn("codes.once", { recoveryCode: first! });
      assert.equal(again.statusCode, 401, "a spent code is refused");
      assert.equal(again.json().code, "unauthenticated");
      // Two sign-ins racing with one code: one wins.
      const raced = await Promise.all([signIn("codes.once", { recoveryCode: second! }), signIn("codes.once", { recoveryCode: second! })]);
      assert.deepEqual(raced.map((r) => r.statusCode).sort(), [200, 401]);
      await settleAudit(env.store);
      const audit = await env.store.db.selectFrom("audit_events").select("details").where("action", "=", "auth.signin").where("actor", "=", u.userId).where("outcome", "=", "success").execute();
      assert.ok(audit.some((e) => (JSON.parse(e.details) as { secondFactor: string }).secondFactor === "recovery_code"));
      const used = await env.store.db.selectFrom("recovery_codes").select("used_at").where("user_id", "=", u.userId).where("used_at", "is not", null).execute();
      assert.equal(used.length, 2);
    });

    test("regenerating needs a current code and revokes every old code", async () => {
      const u = await buildUser(env.store.db, { username: "codes.again", roles: ["security_officer"], clearance: 4 });
      const { secret, recoveryCodes: old } = await enrolTotpWithCodes(env, u);
      const api = client(env.app, u);
      const wrong = await api.post("/api/auth/mfa/recovery-codes", { code: currentTotp("codes.again", secret, Date.now() + 30_000) === "000000" ? "111111" : "000000" });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.errors[0].field, "code");
      const before = await env.store.db.selectFrom("recovery_codes").select("code_hash").where("user_id", "=", u.userId).execute();
      assert.equal(before.length, 10, "a refused regeneration changes nothing");
      const res = await api.post("/api/auth/mfa/recovery-codes", { code: currentTotp("codes.again", secret, Date.now() + 30_000) });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const fresh = res.body.recoveryCodes as string[];
      assert.equal(fresh.length, 10);
      assert.ok(fresh.every((c) => !old.includes(c)));
      assert.equal((await signIn("codes.again", { recoveryCode: old[3]! })).statusCode, 401, "old codes are dead");
      assert.equal((await signIn("codes.again", { recoveryCode: fresh[3]! })).statusCode, 200, "new ones work");
      const replay = await api.post("/api/auth/mfa/recovery-codes", { code: currentTotp("codes.again", secret, Date.now() + 30_000) });
      assert.equal(replay.status, 400, "the authenticator code that regenerated them is spent");
    });

    test("an account without a second factor has no codes to use or regenerate", async () => {
      const u = await buildUser(env.store.db, { username: "codes.none" });
      assert.equal((await client(env.app, u).post("/api/auth/mfa/recovery-codes", { code: "123456" })).status, 409);
      assert.equal((await client(env.app, u).get("/api/auth/session")).body.recoveryCodesLeft, null);
    });
  });
}
