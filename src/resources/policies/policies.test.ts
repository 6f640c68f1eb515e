// Policies travel with records, from the same rule the writes obey; a request for a record reads
// it once and writes one audit event; a record made inside a parent starts at the parent's marking.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { client, STORES, testEnv, type TestEnv, settleAudit } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";
import { Reader } from "../../store/reader.ts";
import { decide } from "../../domain/policy.ts";
import { meetingPolicy, type MeetingFacts } from "../meetings/policy.ts";

const REL = { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] };
const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };

/** The approval rule read plainly from SPEC 2, independent of the policy code. */
function mayApprove(a: { nationality: string; personId: string | null }, f: MeetingFacts): boolean {
  if (f.status !== "held" || f.latestVersion === null || f.approvedBy.includes(a.nationality)) return false;
  return f.coChairs.some((c) => c.country === a.nationality && c.personId === a.personId && a.personId !== null);
}

describe("meeting policy", () => {
  test("approve holds exactly for the meeting's co-chair of one's own country, once per held, written version", () => {
    const person = fc.constantFrom("p1", "p2", "p3");
    fc.assert(fc.property(
      fc.record({ nationality: fc.constantFrom("IND", "ISR"), personId: fc.option(person), roles: fc.subarray(["secretariat", "member", "security_officer"]) }),
      fc.record({
        status: fc.constantFrom("planned" as const, "held" as const, "minutes_agreed" as const),
        latestVersion: fc.option(fc.integer({ min: 1, max: 3 })),
        approvedBy: fc.subarray(["IND", "ISR"]),
        coChairs: fc.array(fc.record({ country: fc.constantFrom("IND", "ISR"), personId: person }), { maxLength: 3 }),
        started: fc.boolean(),
        anyApproval: fc.boolean(),
      }),
      (a, f) => {
        const d = decide(meetingPolicy, { id: "u", ...a }, f);
        const sec = a.roles.includes("secretariat");
        assert.equal(d.approve, mayApprove(a, f));
        assert.equal(d.markHeld, sec && f.status === "planned" && f.started, "held only from its first day, by the secretariat");
        assert.equal(d.undoHeld, sec && f.status === "held" && !f.anyApproval, "held undone only before any approval");
        assert.equal(d.writeMinutes, sec, "minutes drafted at any time, by the secretariat");
        assert.equal(d.edit, a.roles.includes("secretariat"), "the secretariat edits meetings");
        assert.equal(d.readers, a.roles.includes("security_officer"), "security officers ask who may read");
      },
    ));
  });
});

for (const kind of STORES) {
  describe(`policies with records, one read per request, inherited markings (${kind})`, () => {
    let env: TestEnv;
    let sec: Awaited<ReturnType<typeof buildUser>>;
    let indChair: Awaited<ReturnType<typeof buildUser>>;
    let meetingId: string;

    before(async () => {
      env = await testEnv(kind);
      sec = await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat"], compartments: ["JWG"] });
      const api = client(env.app, sec);
      const singh = (await api.post("/api/people", { marking: PUBLIC, name: "Rajesh Kumar Singh", country: "IND" })).body.id;
      indChair = await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["member"], compartments: ["JWG"], personId: singh });
      const forum = await api.post("/api/forums", { marking: PUBLIC, name: "JWG", kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }] });
      const m = await api.post("/api/meetings", { marking: REL, forumId: forum.body.id, dateStart: "2025-11-04", coChairs: [{ country: "IND", personId: singh }] });
      assert.equal(m.status, 201, JSON.stringify(m.body));
      meetingId = m.body.id;
    });
    after(async () => { await env.close(); });

    test("each presented meeting says what its reader may do, and the server holds to it", async () => {
      const secApi = client(env.app, sec);
      const chairApi = client(env.app, indChair);
      let m = (await secApi.get(`/api/meetings/${meetingId}`)).body;
      assert.deepEqual([m.policies.edit, m.policies.markHeld, m.policies.writeMinutes, m.policies.approve, m.policies.undoHeld], [true, true, true, false, false]);
      m = (await secApi.patch(`/api/meetings/${meetingId}`, { status: "held" })).body;
      assert.deepEqual([m.policies.markHeld, m.policies.writeMinutes, m.policies.undoHeld], [false, true, true]);
      m = (await secApi.post(`/api/meetings/${meetingId}/minutes`, { text: "Minutes v1" })).body;
      assert.equal(m.policies.approve, false, "the secretariat is no co-chair");
      assert.equal((await secApi.post(`/api/meetings/${meetingId}/minutes/1/approve`)).status, 403);
      const asChair = (await chairApi.get(`/api/meetings/${meetingId}`)).body;
      assert.deepEqual([asChair.policies.approve, asChair.policies.edit], [true, false]);
      assert.equal((await chairApi.patch(`/api/meetings/${meetingId}`, { venueCity: "Pune" })).status, 403, "what edit=false says, the server refuses");
      const approved = await chairApi.post(`/api/meetings/${meetingId}/minutes/1/approve`);
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.equal(approved.body.policies.approve, false, "approved once for the country");
    });

    test("approving minutes reads the meeting once and writes one audit event", async () => {
      const secApi = client(env.app, sec);
      await secApi.post(`/api/meetings/${meetingId}/minutes`, { text: "Minutes v2" });
      const reads: string[] = [];
      const find = Reader.prototype.find;
      Reader.prototype.find = function (this: Reader, k, id) {
        reads.push(id);
        return find.call(this, k, id);
      };
      const events = async () => (await settleAudit(env.store), Number((await env.store.db.selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n));
      const before = await events();
      try {
        const res = await client(env.app, indChair).post(`/api/meetings/${meetingId}/minutes/2/approve`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.minutes.approvals.filter((a: { version: number }) => a.version === 2).length, 1);
      } finally {
        Reader.prototype.find = find;
      }
      assert.deepEqual(reads.filter((id) => id === meetingId), [meetingId], "the meeting is read once");
      assert.equal(await events(), before + 1, "one audit event: the approval");
      await settleAudit(env.store);
      const last = await env.store.db.selectFrom("audit_events").select(["action", "target"]).orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow();
      assert.deepEqual(last, { action: "meeting.minutes_approve", target: meetingId });
    });

    test("an action made at a meeting starts with the meeting's marking; marking it lower is recorded", async () => {
      const api = client(env.app, sec);
      const inherited = await api.post("/api/actions", { title: "Circulate the plan", meetingId, owner: { country: "IND" } });
      assert.equal(inherited.status, 201, JSON.stringify(inherited.body));
      assert.equal(inherited.body.marking.banner, "RESTRICTED // REL TO IND, ISR // JWG");
      const lower = await api.post("/api/actions", { marking: PUBLIC, title: "Publish the dates", meetingId, owner: { country: "IND" } });
      assert.equal(lower.status, 201, JSON.stringify(lower.body));
      await settleAudit(env.store);
      const event = await env.store.db.selectFrom("audit_events").select("details").where("target", "=", lower.body.id).where("action", "=", "action.create").executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(event.details).markedBelowParent, { parent: meetingId, parentMarking: "RESTRICTED // REL TO IND, ISR // JWG", marking: "UNCLASSIFIED" });
      await settleAudit(env.store);
      const same = await env.store.db.selectFrom("audit_events").select("details").where("target", "=", inherited.body.id).executeTakeFirstOrThrow();
      assert.equal(JSON.parse(same.details).markedBelowParent, undefined, "the parent's own marking is no choice to record");
      const orphan = await api.post("/api/actions", { title: "No meeting", owner: { country: "IND" } });
      assert.equal(orphan.status, 400);
      assert.equal(orphan.body.errors[0].field, "marking");
    });

    test("GET /api/policies says which role pages and kinds a user may open and create", async () => {
      const res = await client(env.app, sec).get("/api/policies");
      assert.equal(res.status, 200);
      assert.deepEqual([res.body.releases, res.body.audit, res.body.users, res.body.create.meeting, res.body.create.programme], [false, false, false, true, true]);
      const chair = await client(env.app, indChair).get("/api/policies");
      assert.deepEqual([chair.body.create.meeting, chair.body.create.organisation], [false, false]);
    });
  });
}
