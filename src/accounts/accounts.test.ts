import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, settleAudit, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser, TEST_PASSWORD } from "../testing/factories.ts";
import { currentTotp } from "./totp.ts";

for (const kind of STORES) {
  describe(`accounts and sessions (${kind})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await testEnv(kind);
    });
    after(async () => { await env.close(); });

    const signIn = (username: string, password = TEST_PASSWORD, totp?: string, ip = "127.0.0.1") =>
      env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username, password, ...(totp ? { totp } : {}) }, remoteAddress: ip });
    const sessionOf = (res: Awaited<ReturnType<typeof signIn>>) => ({
      cookie: res.cookies.find((c) => c.name === "accord_session")!.value,
      csrf: res.json().csrfToken as string,
    });

    test("sign in, who am I, sign out", async () => {
      const u = await buildUser(env.store.db, { username: "asha", clearance: 3 });
      const res = await signIn("asha");
      assert.equal(res.statusCode, 200, res.body);
      const s = sessionOf(res);
      const api = client(env.app, { userId: u.userId, ...s });
      const me = await api.get("/api/auth/session");
      assert.equal(me.body.username, "asha");
      assert.equal(me.body.clearance, "SECRET");
      assert.equal((await api.post("/api/auth/signout")).status, 204);
      assert.equal((await api.get("/api/auth/session")).status, 401);
    });

    test("a user's language is remembered", async () => {
      const u = await buildUser(env.store.db, { username: "lang" });
      const api = client(env.app, u);
      assert.equal((await api.raw({ method: "PUT", url: "/api/auth/locale", payload: { locale: "he" } })).statusCode, 200);
      assert.equal((await api.get("/api/auth/session")).body.locale, "he");
      assert.equal((await api.raw({ method: "PUT", url: "/api/auth/locale", payload: { locale: "fr" } })).statusCode, 400);
    });

    test("wrong password and unknown user answer alike; failures are audited", async () => {
      await buildUser(env.store.db, { username: "bela" });
      const wrong = await signIn("bela", "not the password", undefined, "10.0.0.2");
      const unknown = await signIn("nobody-here", "not the password", undefined, "10.0.0.2");
      assert.equal(wrong.statusCode, 401);
      assert.deepEqual(wrong.json(), unknown.json());
      await settleAudit(env.store);
      const failures = await env.store.db.selectFrom("audit_events").select("details").where("action", "=", "auth.signin").where("outcome", "=", "failure").execute();
      assert.ok(failures.length >= 2);
      assert.ok(failures.every((f) => !f.details.includes("not the password")), "passwords never reach the audit log");
    });

    test("locked and disabled accounts cannot sign in and lose their sessions", async () => {
      const admin = await buildUser(env.store.db, { username: "root-admin", roles: ["admin"] });
      const victim = await buildUser(env.store.db, { username: "dev", clearance: 1 });
      const patch = await client(env.app, admin).patch(`/api/users/${victim.userId}`, { status: "locked" });
      assert.equal(patch.status, 200, JSON.stringify(patch.body));
      assert.equal((await client(env.app, victim).get("/api/auth/session")).status, 401);
      const refused = await signIn("dev");
      assert.equal(refused.statusCode, 401);
      assert.equal(refused.json().code, "unauthenticated");
    });

    test("security officers must enrol TOTP; then sign-in needs the code", async () => {
      await buildUser(env.store.db, { username: "so-ind", roles: ["security_officer"], clearance: 4 });
      const first = await signIn("so-ind");
      assert.equal(first.json().mfaEnrolmentRequired, true);
      const s = sessionOf(first);
      const api = client(env.app, { userId: "", ...s });
      assert.equal((await api.get("/api/releases")).body.code, "mfa_required");
      const enrol = await api.post("/api/auth/mfa/enrol");
      assert.equal(enrol.status, 200);
      assert.match(enrol.body.uri, /^otpauth:\/\/totp\//);
      assert.match(enrol.body.qrSvg, /^<svg[^>]*viewBox="0 0 (\d+) \1"/, "the address comes as a square QR code too");
      assert.equal((await api.post("/api/auth/mfa/confirm", { code: "000000" === currentTotp("so-ind", enrol.body.secret) ? "111111" : "000000" })).status, 400);
      assert.equal((await api.post("/api/auth/mfa/confirm", { code: currentTotp("so-ind", enrol.body.secret) })).status, 200);
      assert.equal((await api.get("/api/releases")).status, 200);
      const noCode = await signIn("so-ind");
      assert.equal(noCode.statusCode, 401);
      assert.equal(noCode.json().code, "unauthenticated", "a missing code answers as a wrong password does");
      // The code used to confirm enrolment is spent: a code is good once.
      assert.equal((await signIn("so-ind", TEST_PASSWORD, currentTotp("so-ind", enrol.body.secret))).statusCode, 401);
      const next = currentTotp("so-ind", enrol.body.secret, Date.now() + 30_000);
      assert.equal((await signIn("so-ind", TEST_PASSWORD, next)).statusCode, 200);
      assert.equal((await signIn("so-ind", TEST_PASSWORD, next)).statusCode, 401, "replaying the same code is refused");
      const stored = await env.store.db.selectFrom("users").select("mfa_secret").where("username", "=", "so-ind").executeTakeFirstOrThrow();
      assert.ok(stored.mfa_secret?.startsWith("v1:") && !stored.mfa_secret.includes(enrol.body.secret), "the seed is sealed at rest");
    });

    test("API tokens: scoped, usable without cookies, revocable", async () => {
      const u = await buildUser(env.store.db, { username: "tok", roles: ["secretariat"], clearance: 2 });
      const api = client(env.app, u);
      const made = await api.post("/api/auth/tokens", { name: "script", scopes: ["read"] });
      assert.equal(made.status, 201);
      const bearer = { authorization: `Bearer ${made.body.token}` };
      assert.equal((await env.app.inject({ method: "GET", url: "/api/organisations", headers: bearer })).statusCode, 200);
      const write = await env.app.inject({ method: "POST", url: "/api/organisations", headers: bearer, payload: { marking: { classification: "UNCLASSIFIED", releasableTo: "ALL" }, name: "X", country: "IND", kind: "other" } });
      assert.equal(write.statusCode, 403, "a read token cannot write");
      assert.equal((await api.del(`/api/auth/tokens/${made.body.id}`)).status, 204);
      assert.equal((await env.app.inject({ method: "GET", url: "/api/organisations", headers: bearer })).statusCode, 401);
      const stored = await env.store.db.selectFrom("api_tokens").select("token_hash").where("id", "=", made.body.id).executeTakeFirstOrThrow();
      assert.notEqual(stored.token_hash, made.body.token, "only a hash of the token is stored");
    });

    test("sign out everywhere ends every session", async () => {
      await buildUser(env.store.db, { username: "eve-multi" });
      const a = sessionOf(await signIn("eve-multi"));
      const b = sessionOf(await signIn("eve-multi"));
      const res = await client(env.app, { userId: "", ...a }).post("/api/auth/signout-everywhere");
      assert.ok(res.body.sessionsEnded >= 2);
      assert.equal((await client(env.app, { userId: "", ...b }).get("/api/auth/session")).status, 401);
    });

    test("security headers are set", async () => {
      const res = await env.app.inject({ method: "GET", url: "/api/health" });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers["content-security-policy"]), /default-src 'self'/);
      assert.equal(res.headers["x-content-type-options"], "nosniff");
      assert.ok(res.headers["strict-transport-security"]);
    });
  });
}
