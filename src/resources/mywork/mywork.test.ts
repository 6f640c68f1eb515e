// My work (issue 14): each role's waiting work, over what the caller may read: the co-chair's
// minutes to approve, the security officer's releases to decide and the requester's outcomes,
// actions owned by the user or their organisation (overdue first), drafts, meetings coming up,
// held meetings whose minutes are not agreed, and milestones due; the badge's count.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";
import { todayDate } from "../meetings/policy.ts";

const REL = { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] };
const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };
const day = (n: number) => todayDate(new Date(Date.now() + n * 86_400_000));
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

for (const kind of STORES) {
  describe(`my work (${kind})`, () => {
    let env: TestEnv;
    let sec: ReturnType<typeof client>;
    let secUser: Awaited<ReturnType<typeof buildUser>>;
    let ind: ReturnType<typeof client>;
    let isr: ReturnType<typeof client>;
    let singh: string;
    let baram: string;
    let forumId: string;

    before(async () => {
      env = await testEnv(kind);
      secUser = await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat", "analyst"], compartments: ["JWG"] });
      sec = client(env.app, secUser);
      singh = (await sec.post("/api/people", { marking: PUBLIC, name: "Rajesh Kumar Singh", country: "IND" })).body.id;
      baram = (await sec.post("/api/people", { marking: PUBLIC, name: "Amir Baram", country: "ISR" })).body.id;
      ind = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["member"], compartments: ["JWG"], personId: singh }));
      isr = client(env.app, await buildUser(env.store.db, { nationality: "ISR", clearance: 3, roles: ["member"], compartments: ["JWG"], personId: baram }));
      forumId = (await sec.post("/api/forums", { marking: PUBLIC, name: "Joint Working Group", kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }] })).body.id;
    });
    after(async () => { await env.close(); });

    test("minutes awaiting my approval, for each co-chair until they approve; the secretariat sees them until agreed", async () => {
      const m = (await sec.post("/api/meetings", { marking: REL, forumId, dateStart: day(-2), coChairs: [{ country: "IND", personId: singh }, { country: "ISR", personId: baram }] })).body;
      await sec.post(`/api/meetings/${m.id}/minutes`, { text: "Draft" });
      assert.deepEqual((await ind.get("/api/my-work")).body.minutesToApprove, [], "not while the meeting is planned");
      await sec.patch(`/api/meetings/${m.id}`, { status: "held" });
      for (const chair of [ind, isr]) {
        const w = (await chair.get("/api/my-work")).body;
        assert.deepEqual(w.minutesToApprove.map((x: any) => [x.meeting.id, x.version]), [[m.id, 1]]);
        assert.equal(w.count, 1);
        assert.deepEqual((await chair.get("/api/my-work/count")).body.count, 1);
      }
      assert.deepEqual((await sec.get("/api/my-work")).body.minutesToAgree.map((x: any) => x.meeting.id), [m.id]);
      await isr.post(`/api/meetings/${m.id}/minutes/1/approve`);
      assert.deepEqual((await isr.get("/api/my-work")).body.minutesToApprove, [], "approved: no longer waiting for Israel");
      assert.equal((await ind.get("/api/my-work")).body.minutesToApprove.length, 1, "still waiting for India");
      await ind.post(`/api/meetings/${m.id}/minutes/1/approve`);
      assert.deepEqual((await ind.get("/api/my-work")).body.minutesToApprove, []);
      assert.deepEqual((await sec.get("/api/my-work")).body.minutesToAgree.map((x: any) => x.meeting.id), [], "agreed");
    });

    test("release requests awaiting my decision (officers of the originator), and my requests' outcomes", async () => {
      const officer = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 4, roles: ["security_officer"], compartments: ["JWG"] }));
      const isrOfficer = client(env.app, await buildUser(env.store.db, { nationality: "ISR", clearance: 4, roles: ["security_officer"], compartments: ["JWG"] }));
      const a = (await sec.post("/api/actions", { marking: { classification: "RESTRICTED", releasableTo: [], compartments: ["JWG"] }, title: "To release", owner: { country: "IND" } })).body;
      const asked = (await sec.post("/api/releases", { recordId: a.id, marking: REL, reason: "Share with Israel" })).body;
      const w = (await officer.get("/api/my-work")).body;
      assert.deepEqual(w.releasesToDecide.map((r: any) => [r.id, r.record.id]), [[asked.id, a.id]]);
      assert.equal(w.count, 1);
      assert.deepEqual((await isrOfficer.get("/api/my-work")).body.releasesToDecide, [], "another country's officer does not decide it");
      assert.deepEqual((await sec.get("/api/my-work")).body.myReleases.map((r: any) => [r.id, r.status]), [[asked.id, "pending"]]);
      await officer.post(`/api/releases/${asked.id}/decision`, { decision: "refuse", note: "Not yet" });
      assert.deepEqual((await officer.get("/api/my-work")).body.releasesToDecide, []);
      assert.deepEqual((await sec.get("/api/my-work")).body.myReleases.map((r: any) => [r.id, r.status]), [[asked.id, "refused"]]);
    });

    test("actions I or my organisation own, overdue first; not done ones; not others'", async () => {
      const org = (await sec.post("/api/organisations", { marking: PUBLIC, name: "Ministry of Defence", country: "IND", kind: "ministry" })).body.id;
      const worker = await buildUser(env.store.db, { nationality: "IND", clearance: 2, roles: ["member"], compartments: ["JWG"] });
      await env.store.db.updateTable("users").set({ organisation_id: org }).where("id", "=", worker.userId).execute();
      const make = async (title: string, owner: object, dueDate: string | null, status = "open", marking: object = REL) =>
        (await sec.post("/api/actions", { marking, title, owner: { country: "IND", ...owner }, dueDate, status })).body.id as string;
      const later = await make("Later", { organisationId: org }, day(20));
      const overdue = await make("Overdue", { organisationId: org }, day(-5));
      const undated = await make("Undated", { organisationId: org }, null);
      await make("Done", { organisationId: org }, day(-9), "done");
      await make("Not mine", {}, day(-9));
      await make("Too secret", { organisationId: org }, day(-30), "open", { classification: "SECRET", releasableTo: [], compartments: ["JWG"] });
      const w = (await client(env.app, worker).get("/api/my-work")).body;
      assert.deepEqual(w.actions.map((a: any) => a.action.id), [overdue, later, undated]);
      assert.deepEqual(w.actions.map((a: any) => a.overdue), [true, false, false]);
      const own = await make("Singh's own", { personId: singh }, day(1));
      assert.ok(ids((await ind.get("/api/my-work")).body.actions.map((a: any) => a.action)).includes(own));
    });

    test("meetings coming up that I attend, co-chair or (secretariat) prepare; drafts to review; milestones due", async () => {
      const soon = (await sec.post("/api/meetings", { marking: REL, forumId, dateStart: day(10), coChairs: [{ country: "IND", personId: singh }] })).body.id;
      const far = (await sec.post("/api/meetings", { marking: REL, forumId, dateStart: day(400), coChairs: [{ country: "IND", personId: singh }] })).body.id;
      const other = (await sec.post("/api/meetings", { marking: REL, forumId, dateStart: day(5) })).body.id;
      const mine = (await ind.get("/api/my-work")).body.meetings;
      assert.deepEqual(mine.map((m: any) => [m.meeting.id, m.role]), [[soon, "co_chair"]]);
      const prepared = (await sec.get("/api/my-work")).body.meetings.map((m: any) => m.meeting.id);
      assert.ok(prepared.includes(soon) && prepared.includes(other) && !prepared.includes(far));

      const draft = await sec.post("/api/drafts", { text: "The Defence Secretary met the Director General in New Delhi on 4 November 2025.", marking: PUBLIC });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      assert.ok(ids((await sec.get("/api/my-work")).body.drafts.map((d: any) => d.draft)).includes(draft.body.id));
      assert.deepEqual((await ind.get("/api/my-work")).body.drafts, [], "drafts are the analysts' to review");

      const pm = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["programme"], compartments: ["MRSAM"] }));
      const p = await pm.post("/api/programmes", { marking: { classification: "RESTRICTED", releasableTo: [], compartments: ["MRSAM"] }, kind: "co_development", title: "Barak-8", stage: "development",
        milestones: [{ title: "First firing", plannedOn: day(-3), status: "planned" }, { title: "Delivery", plannedOn: day(30), status: "delayed" }, { title: "Done", plannedOn: day(-30), actualOn: day(-30), status: "achieved" }, { title: "Far", plannedOn: day(300), status: "planned" }] });
      assert.equal(p.status, 201, JSON.stringify(p.body));
      const ms = (await pm.get("/api/my-work")).body.milestones;
      assert.deepEqual(ms.map((m: any) => [m.title, m.overdue]), [["First firing", true], ["Delivery", false]]);
      assert.deepEqual((await sec.get("/api/my-work")).body.milestones, [], "no programme compartment, no milestones");
    });
  });
}
