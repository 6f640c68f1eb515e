// Release workflow and the attacker's side of the write rules (SPEC 3.3): each refused,
// nothing written, the attempt audited.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, settleAudit, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";

const SECRET_IND = { classification: "SECRET", releasableTo: [] };

for (const kind of STORES) {
  describe(`write rules and releases (${kind})`, () => {
    let env: TestEnv;
    before(async () => { env = await testEnv(kind); });
    after(async () => { await env.close(); });

    const count = async (table: "records" | "release_requests" | "audit_events") =>
      settleAudit(env.store).then(async () => Number((await env.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n));
    const lastAudit = async () => settleAudit(env.store).then(() => env.store.db.selectFrom("audit_events").selectAll().orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow());

    /** One request, one audit event: an edit reads its record inside the write, whose event (here, the refusal) is the only one. */
    async function refusedAndAudited(call: () => Promise<{ status: number; body: any }>, status: number, action: string) {
      const before = { records: await count("records"), releases: await count("release_requests"), audit: await count("audit_events") };
      const res = await call();
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(await count("records"), before.records, "no record written");
      assert.equal(await count("release_requests"), before.releases, "no release request written");
      assert.equal(await count("audit_events"), before.audit + 1, "the attempt is audited, once");
      const ev = await lastAudit();
      assert.equal(ev.action, action);
      assert.equal(ev.outcome, "denied");
      return res;
    }

    test("creating above one's clearance is refused", async () => {
      const u = await buildUser(env.store.db, { clearance: 2 });
      await refusedAndAudited(() => client(env.app, u).post("/api/organisations", { marking: SECRET_IND, name: "X", country: "IND", kind: "other" }), 403, "organisation.create");
    });

    test("creating outside one's compartments is refused", async () => {
      const u = await buildUser(env.store.db, { clearance: 4, compartments: ["JWG"] });
      await refusedAndAudited(() => client(env.app, u).post("/api/organisations", { marking: { classification: "RESTRICTED", releasableTo: [], compartments: ["MRSAM"] }, name: "X", country: "IND", kind: "other" }), 403, "organisation.create");
    });

    test("forging the originator is refused", async () => {
      const u = await buildUser(env.store.db, { nationality: "IND", clearance: 4 });
      await refusedAndAudited(() => client(env.app, u).post("/api/organisations", { marking: { classification: "RESTRICTED", originator: "ISR", releasableTo: ["IND"] }, name: "X", country: "IND", kind: "other" }), 403, "organisation.create");
    });

    test("widening or lowering by edit is refused; raising is free", async () => {
      const u = await buildUser(env.store.db, { nationality: "IND", clearance: 4 });
      const api = client(env.app, u);
      const made = await api.post("/api/organisations", { marking: SECRET_IND, name: "Widen me", country: "IND", kind: "other" });
      assert.equal(made.status, 201);
      const id = made.body.id;
      await refusedAndAudited(() => api.patch(`/api/organisations/${id}`, { marking: { classification: "SECRET", releasableTo: ["ISR"] } }), 409, "organisation.update");
      await refusedAndAudited(() => api.patch(`/api/organisations/${id}`, { marking: { classification: "CONFIDENTIAL", releasableTo: [] } }), 409, "organisation.update");
      const raised = await api.patch(`/api/organisations/${id}`, { marking: { classification: "TOP SECRET", releasableTo: [] } });
      assert.equal(raised.status, 200, JSON.stringify(raised.body));
      assert.equal(raised.body.marking.classification, "TOP SECRET");
    });

    test("release: own approval and other country's officer refused; originator's officer approves; refusals kept", async () => {
      const author = await buildUser(env.store.db, { nationality: "IND", clearance: 4, roles: ["secretariat", "security_officer"] });
      const indOfficer = await buildUser(env.store.db, { nationality: "IND", clearance: 4, roles: ["security_officer"] });
      const isrOfficer = await buildUser(env.store.db, { nationality: "ISR", clearance: 4, roles: ["security_officer"] });
      const isrReader = await buildUser(env.store.db, { nationality: "ISR", clearance: 3, roles: ["member"] });
      const made = await client(env.app, author).post("/api/organisations", { marking: { classification: "SECRET", releasableTo: ["ISR"] }, name: "Release me", country: "IND", kind: "other" });
      const id = made.body.id;
      // ISR officer can read it (REL TO ISR) but is not of the originator country.
      const req1 = await client(env.app, author).post("/api/releases", { recordId: id, marking: { classification: "RESTRICTED", releasableTo: ["ISR"] }, reason: "For the 18th JWG agenda" });
      assert.equal(req1.status, 201, JSON.stringify(req1.body));
      await refusedAndAudited(() => client(env.app, author).post(`/api/releases/${req1.body.id}/decision`, { decision: "approve" }), 403, "release.decide");
      await refusedAndAudited(() => client(env.app, isrOfficer).post(`/api/releases/${req1.body.id}/decision`, { decision: "approve" }), 403, "release.decide");
      const ok = await client(env.app, indOfficer).post(`/api/releases/${req1.body.id}/decision`, { decision: "approve", note: "Agreed" });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      const after = await client(env.app, isrReader).get(`/api/organisations/${id}`);
      assert.equal(after.status, 200);
      assert.equal(after.body.marking.banner, "RESTRICTED // REL TO IND, ISR");

      const req2 = await client(env.app, author).post("/api/releases", { recordId: id, marking: { classification: "UNCLASSIFIED", releasableTo: "ALL" }, reason: "Public now" });
      const no = await client(env.app, indOfficer).post(`/api/releases/${req2.body.id}/decision`, { decision: "refuse", note: "Not yet" });
      assert.equal(no.status, 200);
      const list = await client(env.app, indOfficer).get("/api/releases?status=refused");
      assert.equal(list.body.items.length, 1);
      assert.equal(list.body.items[0].note, "Not yet");
      const still = await client(env.app, isrReader).get(`/api/organisations/${id}`);
      assert.equal(still.body.marking.classification, "RESTRICTED");
    });

    test("a SECRET document is invisible to an uncleared user everywhere: list, search, get, content", async () => {
      const owner = await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat"] });
      const low = await buildUser(env.store.db, { nationality: "IND", clearance: 2, roles: ["member"] });
      const boundary = "----accordtest";
      const meta = JSON.stringify({ marking: SECRET_IND, title: "Zanzibar capability assessment", kind: "report" });
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${meta}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nZanzibar assessment text\r\n--${boundary}--\r\n`;
      const up = await client(env.app, owner).raw({ method: "POST", url: "/api/documents", payload: body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
      assert.equal(up.statusCode, 201, up.body);
      const doc = up.json();
      assert.equal(doc.versions[0].mediaType, "text/plain");
      const ownerSearch = await client(env.app, owner).get("/api/search?q=zanzibar");
      assert.equal(ownerSearch.body.items.length, 1);
      assert.match(ownerSearch.body.items[0].snippet, /\[\[Zanzibar\]\]/);
      const lowApi = client(env.app, low);
      assert.equal((await lowApi.get("/api/documents")).body.items.length, 0);
      assert.equal((await lowApi.get("/api/search?q=zanzibar")).body.items.length, 0);
      const get = await lowApi.get(`/api/documents/${doc.id}`);
      const missing = await lowApi.get(`/api/documents/01JZZZZZZZZZZZZZZZZZZZZZZZ`);
      assert.equal(get.status, 404);
      assert.deepEqual(get.body, missing.body);
      assert.equal((await lowApi.get(`/api/documents/${doc.id}/content`)).status, 404);
      const content = await client(env.app, owner).get(`/api/documents/${doc.id}/content`);
      assert.equal(content.raw.body, "Zanzibar assessment text");
      assert.equal(content.raw.headers["x-accord-marking"], "SECRET // IND ONLY");
    });
  });
}

describe("compartment names are need-to-know", () => {
  let env: TestEnv;
  before(async () => { env = await testEnv("sqlite"); });
  after(async () => { await env.close(); });

  test("a user sees the compartments they hold; security officers and administrators see all", async () => {
    const member = client(env.app, await buildUser(env.store.db, { compartments: ["KRAS"] }));
    assert.deepEqual((await member.get("/api/compartments")).body.items.map((c: { code: string }) => c.code), ["KRAS"]);
    const none = client(env.app, await buildUser(env.store.db, { compartments: [] }));
    assert.deepEqual((await none.get("/api/compartments")).body.items, []);
    const officer = client(env.app, await buildUser(env.store.db, { roles: ["security_officer"] }));
    assert.ok((await officer.get("/api/compartments")).body.items.length >= 5);
  });
});
