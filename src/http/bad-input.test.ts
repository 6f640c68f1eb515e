// Malformed, oversized and hostile input on both stores: each refused with a 4xx
// application/problem+json naming the field, nothing written; hostile strings that are valid
// input are stored and returned verbatim, and do no harm.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import { client, settleAudit, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { multipart } from "../testing/leak-world.ts";

const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };
const MISSING = "01JZZZZZZZZZZZZZZZZZZZZZZZ";
const org = (extra: object = {}) => ({ marking: PUBLIC, name: "Bharat Forge", country: "IND", kind: "company", ...extra });
const agreement = (extra: object = {}) => ({ marking: PUBLIC, kind: "MoU", title: "MoU on training", status: "signed", parties: [{ country: "IND" }, { country: "ISR" }], ...extra });
const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const TABLES = ["records", "record_versions", "organisations", "people", "agreements", "documents", "document_versions", "blobs", "release_requests"] as const;

interface Case { name: string; send: () => Promise<LightMyRequestResponse>; status: number; field?: string; code?: string }

for (const kind of STORES) {
  describe(`bad input (${kind})`, () => {
    let env: TestEnv;
    let caller: Awaited<ReturnType<typeof buildUser>>;
    let api: ReturnType<typeof client>;
    let existing: string;
    before(async () => {
      env = await testEnv(kind, { fileLimit: 1024 });
      caller = await buildUser(env.store.db, { roles: ["secretariat", "analyst"], clearance: 3, compartments: ["JWG"] });
      api = client(env.app, caller);
      const made = await api.post("/api/organisations", org({ name: "Existing organisation" }));
      assert.equal(made.status, 201, JSON.stringify(made.body));
      existing = made.body.id;
    });
    after(async () => { await env.close(); });

    /** Rows in every table a refused request might touch, and successful audit events. */
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const t of TABLES) out[t] = Number((await env.store.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
      await settleAudit(env.store);
      out.auditSuccess = Number((await env.store.db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).where("outcome", "=", "success").executeTakeFirstOrThrow()).n);
      return out;
    };

    async function refused(c: Omit<Case, "name">) {
      const before = await counts();
      const res = await c.send();
      assert.equal(res.statusCode, c.status, res.body);
      assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);
      const body = JSON.parse(res.body);
      assert.equal(body.status, c.status);
      if (c.code) assert.equal(body.code, c.code);
      if (c.field) assert.ok(body.errors?.some((e: { field: string }) => e.field === c.field), `names ${c.field}: ${res.body}`);
      assert.doesNotMatch(res.body, /\bat [\w.<>]+ \(|sqlite|postgres|syntax error|\bselect\b|\binsert\b/i, "no internals in the answer");
      assert.deepEqual(await counts(), before, "nothing written");
      return body;
    }

    const json = (method: "POST" | "PATCH", url: string, payload: string | object, headers: Record<string, string> = {}) =>
      api.raw({ method, url, payload: typeof payload === "string" ? payload : JSON.stringify(payload), headers: { "content-type": "application/json", ...headers } });
    const post = (payload: string | object, url = "/api/organisations") => json("POST", url, payload);
    const get = (url: string) => api.raw({ method: "GET", url });
    const upload = (metadata: object | string, name: string, type: string, content: Buffer | string) =>
      api.raw({ method: "POST", url: "/api/documents", ...multipart(metadata, name, type, content) });
    const doc = (extra: object = {}) => ({ marking: PUBLIC, title: "Report", kind: "report", ...extra });

    const cases: Case[] = [
      // Bodies that are not the JSON object asked for.
      { name: "malformed JSON", send: () => post('{"name": "x",'), status: 400 },
      { name: "an empty JSON body", send: () => post(""), status: 400 },
      { name: "a JSON array for an object", send: () => post("[]"), status: 400 },
      { name: "prototype pollution", send: () => post(`{"__proto__":{"isAdmin":true},${JSON.stringify(org()).slice(1)}`), status: 400 },
      { name: "an oversize body (> 256 KiB)", send: () => post(org({ name: "x".repeat(300 * 1024) })), status: 413, code: "payload_too_large" },
      { name: "form-encoded instead of JSON", send: () => api.raw({ method: "POST", url: "/api/organisations", payload: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } }), status: 415 },
      // Multipart is parsed by the upload routes alone (http/uploads.ts).
      { name: "a multipart body where no upload is taken", send: () => api.raw({ method: "POST", url: "/api/organisations", ...multipart({ name: "x" }, "a.txt", "text/plain", "x") }), status: 415 },
      { name: "no content type", send: () => api.raw({ method: "POST", url: "/api/organisations", payload: JSON.stringify(org()), headers: { "content-type": "" } }), status: 415 },
      // Wrong types and unknown fields.
      { name: "a string for a list", send: () => post(org({ aliases: "DRDO" })), status: 400, field: "aliases" },
      { name: "a number for a name", send: () => post(org({ name: 42 })), status: 400, field: "name" },
      { name: "a number for a level", send: () => post(org({ marking: { classification: 3, releasableTo: "ALL" } })), status: 400, field: "marking.classification" },
      { name: "a string for a releasability list", send: () => post(org({ marking: { classification: "RESTRICTED", releasableTo: "ISR" } })), status: 400, field: "marking.releasableTo" },
      { name: "a fractional number of years", send: () => post(agreement({ validityYears: 1.5 }), "/api/agreements"), status: 400, field: "validityYears" },
      { name: "an impossible date", send: () => post({ marking: PUBLIC, name: "P", country: "IND", titles: [{ title: "Director", from: "2024-13-45" }] }, "/api/people"), status: 400, field: "titles.0.from" },
      { name: "an unknown field", send: () => post(org({ isAdmin: true })), status: 400, field: "isAdmin" },
      { name: "an unknown field in the marking", send: () => post(org({ marking: { ...PUBLIC, declassifyOn: "never" } })), status: 400, field: "marking.declassifyOn" },
      { name: "a name over its limit", send: () => post(org({ name: "x".repeat(301) })), status: 400, field: "name" },
      { name: "the NUL character in a name", send: () => post(org({ name: "Bharat\u0000Forge" })), status: 400, field: "name" },
      { name: "the NUL character in a list item", send: () => post(org({ aliases: ["ok", "B\u0000F"] })), status: 400, field: "aliases.1" },
      // Unknown reference data and records.
      { name: "an unknown country", send: () => post(org({ country: "XYZ" })), status: 400, field: "country" },
      { name: "a country in lower case", send: () => post(org({ country: "ind" })), status: 400, field: "country" },
      { name: "an unknown level", send: () => post(org({ marking: { classification: "COSMIC TOP SECRET", releasableTo: "ALL" } })), status: 400, field: "marking.classification" },
      { name: "an unknown compartment", send: () => post(org({ marking: { ...PUBLIC, compartments: ["NOPE"] } })), status: 400, field: "marking.compartments" },
      { name: "an unknown releasability country", send: () => post(org({ marking: { classification: "RESTRICTED", releasableTo: ["ZZZ"] } })), status: 400, field: "marking.releasableTo" },
      { name: "an unknown originator", send: () => post(org({ marking: { ...PUBLIC, originator: "ZZZ" } })), status: 400, field: "marking.originator" },
      { name: "an unknown organisation kind", send: () => post(org({ kind: "cult" })), status: 400, field: "kind" },
      { name: "an unknown cooperation area", send: () => post(agreement({ areas: ["joint-training", "nope"] }), "/api/agreements"), status: 400, field: "areas.1" },
      { name: "an unknown party country", send: () => post(agreement({ parties: [{ country: "IND" }, { country: "XYZ" }] }), "/api/agreements"), status: 400, field: "parties.1.country" },
      { name: "a validity that ends before it starts", send: () => post(agreement({ validFrom: "2025-01-01", validTo: "2024-01-01" }), "/api/agreements"), status: 400, field: "validTo" },
      { name: "a parent that does not exist", send: () => post(org({ parentId: MISSING })), status: 400, field: "parentId" },
      { name: "a parent that is not an identifier", send: () => post(org({ parentId: "x' or 1=1 --" })), status: 400, field: "parentId" },
      { name: "a title's organisation that does not exist", send: () => post({ marking: PUBLIC, name: "P", country: "IND", titles: [{ title: "Director", organisationId: MISSING }] }, "/api/people"), status: 400, field: "titles.0.organisationId" },
      { name: "a signatory that does not exist", send: () => post(agreement({ signatoryIds: [MISSING] }), "/api/agreements"), status: 400, field: "signatoryIds.0" },
      // Edits.
      { name: "an edit of a malformed id", send: () => json("PATCH", "/api/organisations/nope", { name: "x" }), status: 400, field: "params.id" },
      { name: "an edit of a missing record", send: () => json("PATCH", `/api/organisations/${MISSING}`, { name: "x" }), status: 404 },
      { name: "an edit with an unknown field", send: () => json("PATCH", `/api/organisations/${existing}`, { owner: "me" }), status: 400, field: "owner" },
      { name: "an edit with a wrong type", send: () => json("PATCH", `/api/organisations/${existing}`, { aliases: [1, 2] }), status: 400, field: "aliases.0" },
      { name: "an edit with the NUL character", send: () => json("PATCH", `/api/organisations/${existing}`, { name: "x\u0000" }), status: 400, field: "name" },
      // Queries, cursors and ids.
      { name: "a cursor that is not one", send: () => get("/api/organisations?cursor=not-a-cursor"), status: 400, field: "cursor" },
      { name: "a cursor of the wrong shape", send: () => get(`/api/organisations?cursor=${cursorOf({ a: 1 })}`), status: 400, field: "cursor" },
      { name: "a cursor holding the NUL character", send: () => get(`/api/organisations?cursor=${cursorOf(["\u0000", "y"])}`), status: 400, field: "cursor" },
      { name: "a limit that is not a number", send: () => get("/api/organisations?limit=abc"), status: 400, field: "querystring.limit" },
      { name: "a limit of zero", send: () => get("/api/organisations?limit=0"), status: 400, field: "querystring.limit" },
      { name: "a limit too large", send: () => get("/api/organisations?limit=100000"), status: 400, field: "querystring.limit" },
      { name: "an unknown query parameter", send: () => get("/api/organisations?isAdmin=1"), status: 400, field: "querystring.isAdmin" },
      { name: "a filter holding the NUL character", send: () => get("/api/agreements?area=a%00b"), status: 400, field: "querystring.area" },
      { name: "a search too long", send: () => get(`/api/search?q=${"a".repeat(300)}`), status: 400, field: "querystring.q" },
      { name: "an autocomplete holding the NUL character", send: () => get("/api/suggest?q=a%00b"), status: 400, field: "querystring.q" },
      { name: "a malformed id", send: () => get("/api/organisations/1%27%20or%201=1"), status: 400, field: "params.id" },
      { name: "a path traversal for an id", send: () => get("/api/records/..%2F..%2Fetc%2Fpasswd/history"), status: 400, field: "params.id" },
      // Uploads.
      { name: "a file over the size limit", send: () => upload(doc(), "big.txt", "text/plain", Buffer.alloc(2048, 65)), status: 413, code: "payload_too_large" },
      { name: "binary content declared as text", send: () => upload(doc(), "fake.txt", "text/plain", Buffer.from([0, 1, 2, 3, 255, 254, 0, 0])), status: 415, field: "file" },
      { name: "an executable", send: () => upload(doc(), "tool.exe", "application/octet-stream", Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0)])), status: 415, field: "file" },
      { name: "an executable named as a PDF", send: () => upload(doc(), "brief.pdf", "application/pdf", Buffer.concat([Buffer.from("MZ\x90\x00"), Buffer.alloc(200, 0)])), status: 415, field: "file" },
      { name: "upload metadata that is not JSON", send: () => upload("{title", "a.txt", "text/plain", "fine"), status: 400, field: "metadata" },
      { name: "upload metadata with an unknown field", send: () => upload(doc({ public: true }), "a.txt", "text/plain", "fine"), status: 400, field: "metadata.public" },
      { name: "upload metadata with an unknown level", send: () => upload(doc({ marking: { classification: "ULTRA", releasableTo: "ALL" } }), "a.txt", "text/plain", "fine"), status: 400, field: "metadata.marking.classification" },
      { name: "upload metadata with the NUL character", send: () => upload(doc({ title: "Re\u0000port" }), "a.txt", "text/plain", "fine"), status: 400, field: "metadata.title" },
      { name: "an upload without its file", send: () => api.raw({ method: "POST", url: "/api/documents", payload: "------x\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{}\r\n------x--\r\n", headers: { "content-type": "multipart/form-data; boundary=----x" } }), status: 400, field: "file" },
      {
        name: "a statement field holding the NUL character (multipart)",
        send: () => api.raw({
          method: "POST", url: "/api/drafts", headers: { "content-type": "multipart/form-data; boundary=----x" },
          payload: `------x\r\nContent-Disposition: form-data; name="marking"\r\n\r\n${JSON.stringify(PUBLIC)}\r\n------x\r\nContent-Disposition: form-data; name="publisher"\r\n\r\nP\u0000TI\r\n`
            + `------x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nThe Defence Minister met the ambassador of Israel in New Delhi.\r\n------x--\r\n`,
        }),
        status: 400, field: "publisher",
      },
      { name: "an upload sent as JSON", send: () => post(doc(), "/api/documents"), status: 415 },
    ];
    for (const c of cases) test(`refused: ${c.name}`, () => refused(c).then(() => undefined));

    test("SQL and HTML in strings are stored and returned verbatim, harmlessly", async () => {
      const orgCount = async () => Number((await env.store.db.selectFrom("organisations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
      const before = await orgCount();
      const name = `'; drop table records; -- <script>alert("x")</script>`;
      const alias = `" OR 1=1; DELETE FROM organisations; --`;
      const made = await api.post("/api/organisations", org({ name, aliases: [alias, "</script><img src=x onerror=alert(1)>"] }));
      assert.equal(made.status, 201, JSON.stringify(made.body));
      // Returned as JSON (escaped by the serializer, never interpreted as a page), and verbatim.
      for (const res of [made.raw, (await api.get(`/api/organisations/${made.body.id}`)).raw]) {
        assert.match(String(res.headers["content-type"]), /^application\/json/);
        assert.equal(res.headers["x-content-type-options"], "nosniff");
        assert.equal(res.json().name, name);
        assert.deepEqual(res.json().aliases, [alias, "</script><img src=x onerror=alert(1)>"]);
      }
      const listed = await api.get("/api/organisations?limit=200");
      assert.ok(listed.body.items.some((o: { name: string }) => o.name === name));
      const csv = await api.get("/api/organisations/export");
      assert.ok(csv.raw.body.includes(`"'; drop table records; -- <script>alert(""x"")</script>"`), "quoted in the CSV export");
      const found = await api.get(`/api/search?q=${encodeURIComponent("drop table records")}`);
      assert.equal(found.status, 200);
      assert.deepEqual(found.body.items.map((i: { id: string }) => i.id), [made.body.id]);
      for (const q of ['" OR * NEAR( ^ ', "records'; --", "%_\\", "a:* & !b | c"]) {
        const hostile = await api.get(`/api/search?q=${encodeURIComponent(q)}`);
        assert.equal(hostile.status, 200, `search syntax in ${JSON.stringify(q)} is neutralised: ${hostile.raw.body}`);
        const suggest = await api.get(`/api/suggest?q=${encodeURIComponent(q)}`);
        assert.equal(suggest.status, 200, `autocomplete of ${JSON.stringify(q)}`);
        assert.equal(suggest.body.items.length, 0, "LIKE wildcards in the input match only themselves");
      }
      // The tables are all still there, and nothing else changed.
      assert.equal(await orgCount(), before + 1);
      assert.equal((await api.get("/api/organisations")).status, 200);
    });

    test("a good upload within the limit is accepted (the limits are not just refusing everything)", async () => {
      const res = await upload(doc(), "ok.txt", "text/plain", "fine");
      assert.equal(res.statusCode, 201, res.body);
    });

    test("CSRF: the session cookie without the header, with a wrong one, or with another session's, is refused", async () => {
      const other = await buildUser(env.store.db, { roles: ["secretariat"] });
      const cookie = `accord_session=${caller.cookie}`;
      const sends = [
        () => env.app.inject({ method: "POST", url: "/api/organisations", payload: org(), headers: { cookie } }),
        () => env.app.inject({ method: "POST", url: "/api/organisations", payload: org(), headers: { cookie, "x-csrf-token": "guess" } }),
        () => env.app.inject({ method: "POST", url: "/api/organisations", payload: org(), headers: { cookie, "x-csrf-token": other.csrf } }),
        () => env.app.inject({ method: "PATCH", url: `/api/organisations/${existing}`, payload: { name: "Renamed" }, headers: { cookie } }),
        () => {
          const form = multipart(doc(), "a.txt", "text/plain", "fine");
          return env.app.inject({ method: "POST", url: "/api/documents", payload: form.payload, headers: { cookie, ...form.headers } });
        },
      ];
      for (const send of sends) await refused({ send, status: 403, code: "csrf_failed" });
    });

    test("signed out, or with a made-up session: 401 and nothing written", async () => {
      await refused({ send: () => env.app.inject({ method: "POST", url: "/api/organisations", payload: org() }), status: 401, code: "unauthenticated" });
      await refused({ send: () => env.app.inject({ method: "GET", url: "/api/organisations" }), status: 401 });
      await refused({ send: () => env.app.inject({ method: "GET", url: `/api/organisations/${existing}` }), status: 401 });
      await refused({ send: () => env.app.inject({ method: "POST", url: "/api/organisations", payload: org(), headers: { cookie: "accord_session=forged", "x-csrf-token": "forged" } }), status: 401 });
    });
  });
}

describe("CSV exports are inert in spreadsheets", () => {
  test("a cell that would run as a formula is exported as text", async () => {
    const { inert } = await import("../resources/kind-routes.ts");
    assert.equal(inert('=HYPERLINK("http://x","y")'), `'=HYPERLINK("http://x","y")`);
    assert.equal(inert("+91 11 2301 1234"), "'+91 11 2301 1234");
    assert.equal(inert("@SUM(A1)"), "'@SUM(A1)");
    assert.equal(inert("Bharat Forge"), "Bharat Forge");
    assert.equal(inert(42), 42);
  });
});
