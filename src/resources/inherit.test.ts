// SPEC 3.3: a record made inside another starts with its parent's marking when none is given, for
// every kind of parent: a meeting in its forum, an action at its meeting, a document attached to
// any record. Outcomes and programme parts are parts of their record and carry its marking by
// construction. Marking one lower is an explicit choice, kept in the write's audit event.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv, settleAudit } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";

const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };
const JWG = { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] };
const JWG_BANNER = "RESTRICTED // REL TO IND, ISR // JWG";

/** A multipart upload of a small text file with its metadata. */
function upload(metadata: Record<string, unknown>) {
  const boundary = "----accordinherit";
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify(metadata)}\r\n`
    + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="note.txt"\r\nContent-Type: text/plain\r\n\r\nA note.\r\n--${boundary}--\r\n`;
  return { method: "POST" as const, url: "/api/documents", payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

for (const kind of STORES) {
  describe(`markings follow their parent (${kind})`, () => {
    let env: TestEnv;
    let sec: Awaited<ReturnType<typeof buildUser>>;
    let api: ReturnType<typeof client>;
    let forumId: string;
    const parents: Record<string, string> = {};

    const auditOf = async (target: string, action: string) => {
      await settleAudit(env.store);
      const e = await env.store.db.selectFrom("audit_events").select("details").where("target", "=", target).where("action", "=", action).executeTakeFirstOrThrow();
      return JSON.parse(e.details) as { markedBelowParent?: unknown };
    };

    before(async () => {
      env = await testEnv(kind);
      sec = await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat", "programme"], compartments: ["JWG", "MRSAM"] });
      api = client(env.app, sec);
      const forum = await api.post("/api/forums", { marking: JWG, name: "JWG", kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }] });
      assert.equal(forum.status, 201, JSON.stringify(forum.body));
      forumId = forum.body.id;
      parents.forum = forumId;
      const org = await api.post("/api/organisations", { marking: JWG, name: "Bharat Dynamics", country: "IND", kind: "company" });
      assert.equal(org.status, 201, JSON.stringify(org.body));
      parents.organisation = org.body.id;
      const agreement = await api.post("/api/agreements", { marking: JWG, kind: "MoU", title: "MoU on defence cooperation", status: "signed", parties: [{ country: "IND" }, { country: "ISR" }] });
      assert.equal(agreement.status, 201, JSON.stringify(agreement.body));
      parents.agreement = agreement.body.id;
      const programme = await api.post("/api/programmes", {
        marking: { classification: "SECRET", releasableTo: ["ISR"], compartments: ["MRSAM"] }, kind: "co_development", title: "MRSAM", stage: "development", compartment: "MRSAM",
      });
      assert.equal(programme.status, 201, JSON.stringify(programme.body));
      parents.programme = programme.body.id;
    });
    after(async () => { await env.close(); });

    test("a meeting of a forum starts with the forum's marking; lower is recorded", async () => {
      const m = await api.post("/api/meetings", { forumId, dateStart: "2026-01-10" });
      assert.equal(m.status, 201, JSON.stringify(m.body));
      assert.equal(m.body.marking.banner, JWG_BANNER);
      assert.equal((await auditOf(m.body.id, "meeting.create")).markedBelowParent, undefined);
      parents.meeting = m.body.id;
      const lower = await api.post("/api/meetings", { forumId, marking: PUBLIC, dateStart: "2026-02-10" });
      assert.equal(lower.status, 201, JSON.stringify(lower.body));
      assert.equal(lower.body.marking.banner, "UNCLASSIFIED");
      assert.deepEqual((await auditOf(lower.body.id, "meeting.create")).markedBelowParent, { parent: forumId, parentMarking: JWG_BANNER, marking: "UNCLASSIFIED" });
    });

    test("a meeting of a forum that keeps its papers in a compartment starts in it; leaving it out is recorded", async () => {
      const forum = await api.post("/api/forums", { marking: PUBLIC, name: "JWG (compartment)", kind: "jwg", compartment: "JWG", members: [{ country: "IND" }, { country: "ISR" }] });
      assert.equal(forum.status, 201, JSON.stringify(forum.body));
      const m = await api.post("/api/meetings", { forumId: forum.body.id, dateStart: "2026-03-10" });
      assert.equal(m.status, 201, JSON.stringify(m.body));
      assert.deepEqual([m.body.marking.classification, m.body.marking.compartments], ["UNCLASSIFIED", ["JWG"]]);
      const lower = await api.post("/api/meetings", { forumId: forum.body.id, marking: PUBLIC, dateStart: "2026-04-10" });
      assert.equal(lower.status, 201, JSON.stringify(lower.body));
      assert.deepEqual((await auditOf(lower.body.id, "meeting.create")).markedBelowParent, { parent: forum.body.id, parentMarking: m.body.marking.banner, marking: "UNCLASSIFIED" });
      // Someone outside the compartment cannot start a meeting in it by default, and nothing is written.
      const outsider = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat"], compartments: [] }));
      const refused = await outsider.post("/api/meetings", { forumId: forum.body.id, dateStart: "2026-05-10" });
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.code, "marking_not_permitted");
      assert.equal((await api.get(`/api/meetings?forumId=${forum.body.id}`)).body.items.length, 2);
    });

    test("an action of a meeting starts with the meeting's marking, and its outcomes are the meeting's own", async () => {
      const outcomes = await api.raw({ method: "PUT", url: `/api/meetings/${parents.meeting}/outcomes`, payload: [{ text: "Agreed to exchange drafts" }] });
      assert.equal(outcomes.statusCode, 200, outcomes.body);
      const outcomeId = outcomes.json().outcomes[0].id as string;
      const a = await api.post("/api/actions", { title: "Exchange drafts", meetingId: parents.meeting, outcomeId, owner: { country: "IND" } });
      assert.equal(a.status, 201, JSON.stringify(a.body));
      assert.equal(a.body.marking.banner, JWG_BANNER);
      parents.action = a.body.id;
    });

    test("a document attached to a record of any kind starts with that record's marking", async () => {
      for (const [parentKind, id] of Object.entries(parents)) {
        const parent = (await api.get(`/api/records/${id}/history`)).body.items.at(-1).marking.banner as string;
        const res = await api.raw(upload({ title: `Note on the ${parentKind}`, kind: "other", attachedToId: id }));
        assert.equal(res.statusCode, 201, `${parentKind}: ${res.body}`);
        assert.equal(res.json().marking.banner, parent, `a document attached to a ${parentKind}`);
        assert.equal((await auditOf(res.json().id, "document.create")).markedBelowParent, undefined);
      }
    });

    test("a document marked lower than its record is the author's choice, kept in the audit", async () => {
      const res = await api.raw(upload({ title: "Public summary", kind: "other", attachedToId: parents.programme, marking: PUBLIC }));
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual((await auditOf(res.json().id, "document.create")).markedBelowParent, {
        parent: parents.programme, parentMarking: "SECRET // REL TO IND, ISR // MRSAM", marking: "UNCLASSIFIED",
      });
      const higher = await api.raw(upload({ title: "Detailed annex", kind: "other", attachedToId: parents.forum, marking: { ...JWG, classification: "SECRET" } }));
      assert.equal(higher.statusCode, 201, higher.body);
      assert.equal((await auditOf(higher.json().id, "document.create")).markedBelowParent, undefined, "raising above the parent is no lowering");
    });

    test("with neither a marking nor a parent, the marking is asked for and nothing is written", async () => {
      const before = (await api.get("/api/documents")).body.items.length;
      const res = await api.raw(upload({ title: "Loose note", kind: "other" }));
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().errors[0].field, "marking");
      assert.equal((await api.get("/api/documents")).body.items.length, before);
    });
  });
}
