// The API's request rate limit counts signed-in users per user, not per address (issue 10): an
// office behind one address is not limited as one client, and a made-up cookie or token does not
// move anyone off their address's count.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";

for (const kind of STORES) {
  describe(`request rate limit per user (${kind})`, () => {
    let env: TestEnv;
    const LIMIT = 5;
    before(async () => { env = await testEnv(kind, { rateLimitPerMinute: LIMIT }); });
    after(async () => { await env.close(); });

    test("colleagues behind one address each have their own limit; anonymous callers share the address's", async () => {
      const office = "192.0.2.10";
      const a = await buildUser(env.store.db);
      const b = await buildUser(env.store.db);
      const get = (who: { cookie: string } | null, extra: Record<string, string> = {}) => env.app.inject({
        method: "GET", url: "/api/ping", remoteAddress: office, headers: { ...(who ? { cookie: `accord_session=${who.cookie}` } : {}), ...extra },
      }).then((r) => r.statusCode);
      for (let i = 0; i < LIMIT; i++) assert.equal(await get(a), 200);
      assert.equal(await get(a), 429, "a's own limit is reached");
      for (let i = 0; i < LIMIT; i++) assert.equal(await get(b), 200, "b, at the same address, is not limited with a");
      assert.equal(await get(b), 429);
      // Without a session, made-up cookies and tokens all count against the one address.
      const forged = [null, { cookie: "made-up-1" }, { cookie: "made-up-2" }, null, { cookie: "made-up-3" }];
      for (const f of forged) assert.equal(await get(f), 200);
      assert.equal(await get({ cookie: "made-up-4" }), 429);
      assert.equal(await get(null, { authorization: "Bearer acc_forged" }), 429);
    });

    test("an API token counts for its user", async () => {
      const u = await buildUser(env.store.db);
      const token = (await client(env.app, u).post("/api/auth/tokens", { name: "script", scopes: ["read"] })).body.token as string;
      const get = () => env.app.inject({ method: "GET", url: "/api/ping", remoteAddress: "192.0.2.11", headers: { authorization: `Bearer ${token}` } }).then((r) => r.statusCode);
      // The token was made from a session at the default address: the token's user already spent one.
      const answers = [];
      for (let i = 0; i < LIMIT; i++) answers.push(await get());
      assert.deepEqual(answers, [200, 200, 200, 200, 429]);
      assert.equal((await env.app.inject({ method: "GET", url: "/api/ping", remoteAddress: "192.0.2.11" })).statusCode, 200, "the address itself is untouched");
    });
  });
}
