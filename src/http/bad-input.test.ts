// Malformed, oversized and hostile input: a 4xx problem naming the field, and nothing written.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";

const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };
const org = (extra: object = {}) => ({ marking: PUBLIC, name: "Bharat Forge", country: "IND", kind: "company", ...extra });

for (const kind of STORES) {
  describe(`bad input (${kind})`, () => {
    let env: TestEnv;
    let caller: Awaited<ReturnType<typeof buildUser>>;
    let api: ReturnType<typeof client>;
    before(async () => {
      env = await testEnv(kind, { fileLimit: 1024 });
      caller = await buildUser(env.store.db, { roles: ["secretariat"], clearance: 3, compartments: ["JWG"] });
      api = client(env.app, caller);
    });
    after(async () => { await env.close(); });

    const counts = async () => {
      const n = async (t: "records" | "organisations" | "blobs") => Number((await env.store.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
      const ok = Number((await env.store.db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).where("outcome", "=", "success").executeTakeFirstOrThrow()).n);
      return { records: await n("records"), organisations: await n("organisations"), blobs: await n("blobs"), auditSuccess: ok };
    };
    async function refused(send: () => Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>, status: number, field?: string) {
      const before = await counts();
      const res = await send();
      assert.equal(res.statusCode, status, res.body);
      assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);
      const body = JSON.parse(res.body);
      if (field) assert.ok(body.errors?.some((e: { field: string }) => e.field === field), `names ${field}: ${res.body}`);
      assert.deepEqual(await counts(), before, "nothing written");
      return body;
    }
    const post = (payload: string | object, headers: Record<string, string> = {}) =>
      api.raw({ method: "POST", url: "/api/organisations", payload: typeof payload === "string" ? payload : JSON.stringify(payload), headers: { "content-type": "application/json", ...headers } });

    test("malformed JSON", () => refused(() => post('{"name": "x",'), 400));
    test("wrong types", () => refused(() => post(org({ aliases: "DRDO" })), 400, "aliases"));
    test("unknown fields", () => refused(() => post(org({ isAdmin: true })), 400, "isAdmin"));
    test("an oversize body", () => refused(() => post(org({ name: "x".repeat(300 * 1024) })), 413));
    test("a name over its limit", () => refused(() => post(org({ name: "x".repeat(301) })), 400, "name"));
    test("unknown country", () => refused(() => post(org({ country: "XYZ" })), 400, "country"));
    test("unknown level", () => refused(() => post(org({ marking: { classification: "COSMIC TOP SECRET", releasableTo: "ALL" } })), 400, "marking.classification"));
    test("unknown compartment", () => refused(() => post(org({ marking: { ...PUBLIC, compartments: ["NOPE"] } })), 400, "marking.compartments"));
    test("unknown releasability country", () => refused(() => post(org({ marking: { classification: "RESTRICTED", releasableTo: ["ZZZ"] } })), 400, "marking.releasableTo"));
    test("a bad cursor", () => refused(() => api.raw({ method: "GET", url: "/api/organisations?cursor=not-a-cursor" }), 400, "cursor"));
    test("a bad id", () => refused(() => api.raw({ method: "GET", url: "/api/organisations/1%27%20or%201=1" }), 400, "params.id"));
    test("a wrong content type", () => refused(() => api.raw({ method: "POST", url: "/api/organisations", payload: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415));

    test("SQL and HTML in strings are stored and returned verbatim, harmlessly", async () => {
      const name = `Robert'); DROP TABLE records; -- <script>alert(1)</script>`;
      const made = await api.post("/api/organisations", org({ name, aliases: ["\" OR 1=1 --"] }));
      assert.equal(made.status, 201);
      assert.equal(made.body.name, name);
      assert.ok(!made.raw.body.includes("<script>") || made.raw.headers["content-type"]!.toString().startsWith("application/json"));
      const found = await api.get(`/api/search?q=${encodeURIComponent("DROP TABLE records")}`);
      assert.equal(found.status, 200);
      assert.ok(found.body.items.some((i: { id: string }) => i.id === made.body.id));
      const hostile = await api.get(`/api/search?q=${encodeURIComponent('" OR * NEAR( ^ ')}`);
      assert.equal(hostile.status, 200, "FTS syntax in the query is neutralised");
      assert.equal((await api.get("/api/organisations")).status, 200, "the table is still there");
    });

    test("uploads: over the size limit, binary declared as text, an executable", async () => {
      const upload = (name: string, type: string, content: Buffer) => {
        const b = "----bad";
        const meta = JSON.stringify({ marking: PUBLIC, title: "t", kind: "report" });
        const payload = Buffer.concat([
          Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${meta}\r\n--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
          content, Buffer.from(`\r\n--${b}--\r\n`),
        ]);
        return api.raw({ method: "POST", url: "/api/documents", payload, headers: { "content-type": `multipart/form-data; boundary=${b}` } });
      };
      await refused(() => upload("big.txt", "text/plain", Buffer.alloc(2048, 65)), 413);
      await refused(() => upload("fake.txt", "text/plain", Buffer.from([0, 1, 2, 3, 255, 254, 0, 0])), 415, "file");
      await refused(() => upload("tool.exe", "application/octet-stream", Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0)])), 415, "file");
      assert.equal((await upload("ok.txt", "text/plain", Buffer.from("fine"))).statusCode, 201, "a good upload within the limit is accepted");
    });

    test("CSRF: a cookie without the header, or with a wrong one, is refused", async () => {
      const noHeader = () => env.app.inject({ method: "POST", url: "/api/organisations", payload: org(), headers: { cookie: `accord_session=${caller.cookie}` } });
      const body = await refused(noHeader, 403);
      assert.equal(body.code, "csrf_failed");
      await refused(() => env.app.inject({ method: "POST", url: "/api/organisations", payload: org(), headers: { cookie: `accord_session=${caller.cookie}`, "x-csrf-token": "guess" } }), 403);
    });

    test("signed out: 401 and nothing written", () => refused(() => env.app.inject({ method: "POST", url: "/api/organisations", payload: org() }), 401));
  });
}
