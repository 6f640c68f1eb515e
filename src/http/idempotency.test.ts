// Idempotency-Key on POST, on both stores: the first response (status, body, headers) comes back
// for the same key, user and request, once applied; a key reused for another request is refused;
// keys are per user and last a day; racing requests with one key apply it once; a malformed key
// is refused before anything is written; a stored body is not shown after the caller's access changed.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { settleAudit, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { multipart } from "../testing/leak-world.ts";

const MARKING = { classification: "RESTRICTED", releasableTo: ["ISR"] };
const org = (name: string) => ({ marking: MARKING, name, country: "IND", kind: "company" });

for (const kind of STORES) {
  describe(`Idempotency-Key (${kind})`, () => {
    let env: TestEnv;
    let caller: Awaited<ReturnType<typeof buildUser>>;
    before(async () => {
      env = await testEnv(kind);
      caller = await buildUser(env.store.db, { roles: ["secretariat"], clearance: 3 });
    });
    after(async () => { await env.close(); });

    const post = (who: typeof caller, url: string, payload: unknown, key?: string, extra: Record<string, string> = {}) => env.app.inject({
      method: "POST", url, payload: payload as object,
      headers: { cookie: `accord_session=${who.cookie}`, "x-csrf-token": who.csrf, ...(key ? { "idempotency-key": key } : {}), ...extra },
    });
    const named = async (name: string) => (await env.store.db.selectFrom("organisations").select("id").where("name", "=", name).execute()).map((r) => r.id);
    const creates = async (id: string) => (await settleAudit(env.store), Number((await env.store.db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n"))
      .where("action", "=", "organisation.create").where("target", "=", id).where("outcome", "=", "success").executeTakeFirstOrThrow()).n));
    const problem = (r: LightMyRequestResponse, status: number, code: string) => {
      assert.equal(r.statusCode, status, r.body);
      assert.match(String(r.headers["content-type"]), /^application\/problem\+json/);
      assert.equal(r.json().code, code, r.body);
    };

    test("the same request with the same key is applied once and answered alike", async () => {
      const key = randomUUID();
      const first = await post(caller, "/api/organisations", org("Replayed Forge"), key);
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.headers["idempotent-replayed"], undefined);
      const again = await post(caller, "/api/organisations", org("Replayed Forge"), key);
      assert.equal(again.statusCode, 201);
      assert.equal(again.headers["idempotent-replayed"], "true");
      assert.equal(again.headers["content-type"], first.headers["content-type"]);
      assert.deepEqual(again.json(), first.json());
      assert.deepEqual(await named("Replayed Forge"), [first.json().id]);
      assert.equal(await creates(first.json().id), 1, "one create in the audit log");
      // JSON keys in another order are the same request.
      const reordered = await post(caller, "/api/organisations", { kind: "company", country: "IND", name: "Replayed Forge", marking: MARKING }, key);
      assert.equal(reordered.statusCode, 201);
      assert.deepEqual(reordered.json(), first.json());
      // Without a key, the same body is a new request.
      const unkeyed = await post(caller, "/api/organisations", org("Replayed Forge"));
      assert.equal(unkeyed.statusCode, 201);
      assert.equal((await named("Replayed Forge")).length, 2);
    });

    test("a key reused for another body or address is refused, and nothing is written", async () => {
      const key = randomUUID();
      assert.equal((await post(caller, "/api/organisations", org("Keyed Once"), key)).statusCode, 201);
      problem(await post(caller, "/api/organisations", org("Keyed Twice"), key), 422, "idempotency_key_reused");
      problem(await post(caller, "/api/people", { marking: MARKING, name: "Keyed Person", country: "IND" }, key), 422, "idempotency_key_reused");
      assert.deepEqual(await named("Keyed Twice"), []);
      assert.equal((await env.store.db.selectFrom("people").select("id").where("name", "=", "Keyed Person").execute()).length, 0);
    });

    test("keys are per user", async () => {
      const other = await buildUser(env.store.db, { roles: ["secretariat"], clearance: 3 });
      const key = randomUUID();
      const mine = await post(caller, "/api/organisations", org("Per User Forge"), key);
      const theirs = await post(other, "/api/organisations", org("Per User Forge"), key);
      assert.equal(mine.statusCode, 201);
      assert.equal(theirs.statusCode, 201);
      assert.equal(theirs.headers["idempotent-replayed"], undefined);
      assert.notEqual(theirs.json().id, mine.json().id);
    });

    test("a key lasts a day: after it expires the request runs afresh", async () => {
      const key = randomUUID();
      const first = await post(caller, "/api/organisations", org("Expiring Forge"), key);
      const row = await env.store.db.selectFrom("idempotency_keys").selectAll().where("key", "=", key).executeTakeFirstOrThrow();
      const ttl = Date.parse(row.expires_at) - Date.parse(row.created_at);
      assert.equal(ttl, 24 * 60 * 60_000);
      await env.store.db.updateTable("idempotency_keys").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("key", "=", key).execute();
      const later = await post(caller, "/api/organisations", org("Expiring Forge"), key);
      assert.equal(later.statusCode, 201);
      assert.notEqual(later.json().id, first.json().id);
      assert.equal((await named("Expiring Forge")).length, 2);
    });

    test("racing requests with one key: applied once, each answered with its response or 409", async () => {
      for (let round = 0; round < 4; round++) {
        const key = randomUUID();
        const name = `Racing Forge ${round}`;
        const answers = await Promise.all(Array.from({ length: 6 }, () => post(caller, "/api/organisations", org(name), key)));
        const ids = await named(name);
        assert.equal(ids.length, 1, `round ${round}: exactly one applied`);
        for (const a of answers) {
          if (a.statusCode === 201) assert.equal(a.json().id, ids[0]);
          else problem(a, 409, "idempotency_key_in_use");
        }
        assert.ok(answers.some((a) => a.statusCode === 201 && a.headers["idempotent-replayed"] === undefined), "one of them ran");
      }
    });

    test("a refusal is kept and answered again too (nothing applied either time)", async () => {
      const key = randomUUID();
      const secret = { marking: { classification: "TOP SECRET", releasableTo: [] }, name: "Above Clearance", country: "IND", kind: "company" };
      const first = await post(caller, "/api/organisations", secret, key);
      problem(first, 403, "marking_not_permitted");
      const again = await post(caller, "/api/organisations", secret, key);
      problem(again, 403, "marking_not_permitted");
      assert.equal(again.headers["idempotent-replayed"], "true");
      assert.deepEqual(await named("Above Clearance"), []);
    });

    test("a malformed key is refused naming the header, and nothing is written", async () => {
      for (const key of ["", "x".repeat(256), "has space", "ключ"]) {
        const r = await post(caller, "/api/organisations", org("Bad Key Forge"), undefined, { "idempotency-key": key });
        problem(r, 400, "validation_failed");
        assert.equal(r.json().errors[0].field, "headers.idempotency-key");
      }
      assert.deepEqual(await named("Bad Key Forge"), []);
    });

    test("after the caller's access changes, the stored body is not shown again", async () => {
      const user = await buildUser(env.store.db, { roles: ["secretariat"], clearance: 3 });
      const key = randomUUID();
      assert.equal((await post(user, "/api/organisations", org("Access Forge"), key)).statusCode, 201);
      await env.store.db.updateTable("users").set({ clearance: 2 }).where("id", "=", user.userId).execute();
      problem(await post(user, "/api/organisations", org("Access Forge"), key), 409, "idempotency_access_changed");
      assert.equal((await named("Access Forge")).length, 1);
    });

    test("uploads: the same form with the same key is stored once", async () => {
      const key = randomUUID();
      const form = () => multipart({ marking: MARKING, title: "Keyed upload", kind: "report" }, "keyed.txt", "text/plain", "the same bytes");
      const send = () => { const f = form(); return post(caller, "/api/documents", f.payload, key, f.headers); };
      const first = await send();
      assert.equal(first.statusCode, 201, first.body);
      const again = await send();
      assert.equal(again.statusCode, 201);
      assert.equal(again.headers["idempotent-replayed"], "true");
      assert.equal(again.json().id, first.json().id);
      assert.equal((await env.store.db.selectFrom("records").select("id").where("title", "=", "Keyed upload").execute()).length, 1);
    });

    test("a key on a route open to anyone (sign-in) is ignored, not refused", async () => {
      const r = await env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username: "nobody.here", password: "wrong password" }, headers: { "idempotency-key": randomUUID() } });
      assert.equal(r.statusCode, 401);
    });
  });
}
