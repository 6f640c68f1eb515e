// Every response carries the same security headers, exactly as helmet decides them for our options:
// API answers, problems (401, 404), public routes, and with TLS the upgrade-insecure-requests directive.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { securityHeaderSteps } from "./security-headers.ts";

const CSP = "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline'";

/** The headers, in the order they are sent (helmet 8's defaults with our Content-Security-Policy). */
const EXPECTED: [string, string][] = [
  ["content-security-policy", CSP],
  ["cross-origin-opener-policy", "same-origin"],
  ["cross-origin-resource-policy", "same-origin"],
  ["origin-agent-cluster", "?1"],
  ["referrer-policy", "no-referrer"],
  ["strict-transport-security", "max-age=31536000; includeSubDomains"],
  ["x-content-type-options", "nosniff"],
  ["x-dns-prefetch-control", "off"],
  ["x-download-options", "noopen"],
  ["x-frame-options", "SAMEORIGIN"],
  ["x-permitted-cross-domain-policies", "none"],
  ["x-xss-protection", "0"],
];
const NAMES = new Set(EXPECTED.map(([n]) => n));

function securityHeadersOf(headers: Record<string, unknown>): [string, string][] {
  assert.equal(headers["x-powered-by"], undefined);
  return Object.entries(headers).filter(([n]) => NAMES.has(n)).map(([n, v]) => [n, String(v)]);
}

for (const kind of STORES) {
  describe(`security headers (${kind})`, () => {
    let env: TestEnv;
    let tls: TestEnv;
    before(async () => {
      env = await testEnv(kind);
      tls = await testEnv(kind, { secureCookies: true });
    });
    after(async () => {
      await env.close();
      await tls.close();
    });

    test("every kind of answer carries them, the same", async () => {
      const user = await buildUser(env.store.db, { username: "headers-reader" });
      const answers = [
        await env.app.inject({ method: "GET", url: "/api/health" }),
        (await client(env.app, user).get("/api/no-such-route")).raw,
        await env.app.inject({ method: "GET", url: "/api/documents" }),
        (await client(env.app, user).get("/api/documents?limit=5")).raw,
        (await client(env.app, user).get("/api/documents/not-an-id")).raw,
        await env.app.inject({ method: "GET", url: "/api/openapi.json" }),
      ];
      assert.deepEqual(answers.map((r) => r.statusCode), [200, 404, 401, 200, 400, 200]);
      for (const res of answers) assert.deepEqual(securityHeadersOf(res.headers), EXPECTED, `${res.statusCode} ${res.body.slice(0, 80)}`);
      // Compressed answers too.
      const br = await client(env.app, user).raw({ method: "GET", url: "/api/openapi.json", headers: { "accept-encoding": "br" } });
      assert.equal(br.headers["content-encoding"], "br");
      assert.deepEqual(securityHeadersOf(br.headers), EXPECTED);
    });

    test("a change's answer and a refusal while draining carry them too", async () => {
      const user = await buildUser(env.store.db, { username: "headers-writer" });
      const change = (await client(env.app, user).post("/api/actions", { title: "" })).raw;
      assert.equal(change.statusCode, 400);
      assert.deepEqual(securityHeadersOf(change.headers), EXPECTED);
      const draining = await testEnv(kind);
      try {
        await draining.app.ctx.lifecycle.drain(0);
        const refused = await draining.app.inject({ method: "GET", url: "/api/health" });
        assert.equal(refused.statusCode, 503);
        assert.deepEqual(securityHeadersOf(refused.headers), EXPECTED);
      } finally {
        await draining.close();
      }
    });

    test("behind TLS the policy also upgrades insecure requests", async () => {
      const res = await tls.app.inject({ method: "GET", url: "/api/health" });
      const expected = EXPECTED.map(([n, v]): [string, string] => [n, n === "content-security-policy" ? `${CSP};upgrade-insecure-requests` : v]);
      assert.deepEqual(securityHeadersOf(res.headers), expected);
    });
  });
}

test("a policy directive computed per request is refused, not frozen at its first value", () => {
  assert.throws(() => securityHeaderSteps({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => "'nonce-x'"] } } }), /computed per request/);
});
