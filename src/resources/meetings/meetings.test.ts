// The JWG workflow end to end: prepare a meeting, hold it, agree its minutes as the two
// co-chairs, carry open actions over to the next one; and the refusals on the way.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, settleAudit, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";

const REL = { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] };
const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };

for (const kind of STORES) {
  describe(`meetings, minutes and actions (${kind})`, () => {
    let env: TestEnv;
    let sec: Awaited<ReturnType<typeof buildUser>>;
    let indChair: Awaited<ReturnType<typeof buildUser>>;
    let isrChair: Awaited<ReturnType<typeof buildUser>>;
    let outsider: Awaited<ReturnType<typeof buildUser>>;
    let forumId: string;
    let singh: string;
    let baram: string;

    before(async () => {
      env = await testEnv(kind);
      sec = await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat", "analyst"], compartments: ["JWG"] });
      const api = client(env.app, sec);
      singh = (await api.post("/api/people", { marking: PUBLIC, name: "Rajesh Kumar Singh", country: "IND", titles: [{ title: "Defence Secretary" }] })).body.id;
      const isrSec = await buildUser(env.store.db, { nationality: "ISR", clearance: 3, roles: ["secretariat", "analyst"], compartments: ["JWG"] });
      baram = (await client(env.app, isrSec).post("/api/people", { marking: PUBLIC, name: "Amir Baram", country: "ISR", titles: [{ title: "Director General, Ministry of Defence" }] })).body.id;
      indChair = await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["member"], compartments: ["JWG"], personId: singh });
      isrChair = await buildUser(env.store.db, { nationality: "ISR", clearance: 3, roles: ["member"], compartments: ["JWG"], personId: baram });
      outsider = await buildUser(env.store.db, { nationality: "ISR", clearance: 3, roles: ["secretariat"], compartments: ["JWG"] });
      const forum = await api.post("/api/forums", {
        marking: { ...PUBLIC }, name: "India–Israel Joint Working Group on Defence Cooperation", kind: "jwg", compartment: "JWG",
        members: [{ country: "IND", coChairRole: "Defence Secretary" }, { country: "ISR", coChairRole: "Director General, Ministry of Defence" }],
      });
      assert.equal(forum.status, 201, JSON.stringify(forum.body));
      forumId = forum.body.id;
      assert.equal((await api.raw({ method: "PUT", url: `/api/forums/${forumId}/template`, payload: { agenda: ["Opening remarks", "Review of defence cooperation"], durationDays: 1 } })).statusCode, 204);
    });
    after(async () => { await env.close(); });

    test("prepare, hold and agree the 17th meeting; carry its open actions to the 18th", async () => {
      const api = client(env.app, sec);
      const m16 = await api.post("/api/meetings", { marking: REL, forumId, sequence: 16, dateStart: "2024-07-10", venueCity: "New Delhi", venueCountry: "IND" });
      assert.equal(m16.status, 201, JSON.stringify(m16.body));
      const openAction = await api.post("/api/actions", { marking: REL, title: "Draft terms of reference for the AI working group", meetingId: m16.body.id, owner: { country: "IND", personId: singh }, dueDate: "2025-01-31" });
      assert.equal(openAction.status, 201, JSON.stringify(openAction.body));
      const doneAction = await api.post("/api/actions", { marking: REL, title: "Exchange points of contact", meetingId: m16.body.id, owner: { country: "ISR" }, status: "done" });
      assert.equal(doneAction.status, 201);

      const m17 = await api.post("/api/meetings", {
        marking: REL, forumId, dateStart: "2025-11-04", venueCity: "Tel Aviv", venueCountry: "ISR",
        coChairs: [{ country: "IND", personId: singh }, { country: "ISR", personId: baram }],
      });
      assert.equal(m17.status, 201, JSON.stringify(m17.body));
      assert.equal(m17.body.sequence, 17, "the next number is derived");
      assert.equal(m17.body.title, "17th meeting of the India–Israel Joint Working Group on Defence Cooperation");
      assert.deepEqual(m17.body.agenda.map((a: any) => a.title), ["Opening remarks", "Review of defence cooperation", "Carried-over action"]);
      assert.equal(m17.body.agenda[2].action.record.id, openAction.body.id, "the open action is carried over, the done one is not");
      assert.equal(m17.body.agenda[2].action.status, "open");

      const id = m17.body.id;
      const draft = await api.post(`/api/meetings/${id}/minutes`, { text: "Minutes v1" });
      assert.equal(draft.status, 201, "minutes may be drafted before the meeting");
      assert.equal((await client(env.app, indChair).post(`/api/meetings/${id}/minutes/1/approve`)).status, 409, "but approved only once it is held");
      assert.equal((await api.patch(`/api/meetings/${id}`, { status: "held" })).body.status, "held");
      const att = await api.raw({ method: "PUT", url: `/api/meetings/${id}/attendance`, payload: [{ country: "IND", personId: singh, role: "Co-chair", attended: true }, { country: "ISR", personId: baram, role: "Co-chair", attended: true }] });
      assert.equal(att.statusCode, 200, att.body);
      const out = await api.raw({ method: "PUT", url: `/api/meetings/${id}/outcomes`, payload: [{ text: "MoU on defence cooperation signed" }, { text: "Explore co-production" }] });
      assert.equal(out.json().outcomes.length, 2);
      const v1 = await api.get(`/api/meetings/${id}`);
      assert.equal(v1.body.minutes.latestVersion, 1);

      // An approval by someone who is not a co-chair is refused and audited; nothing changes.
      const denied = await client(env.app, outsider).post(`/api/meetings/${id}/minutes/1/approve`);
      assert.equal(denied.status, 403);
      await settleAudit(env.store);
      const lastAudit = await env.store.db.selectFrom("audit_events").selectAll().orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow();
      assert.equal(lastAudit.action, "meeting.minutes_approve");
      assert.equal(lastAudit.outcome, "denied");

      // The session names the person each user is, so the application offers approval to co-chairs only.
      assert.equal((await client(env.app, indChair).get("/api/auth/session")).body.personId, singh);
      assert.equal((await client(env.app, outsider).get("/api/auth/session")).body.personId, null);
      const a1 = await client(env.app, indChair).post(`/api/meetings/${id}/minutes/1/approve`);
      assert.equal(a1.status, 200, JSON.stringify(a1.body));
      assert.equal(a1.body.status, "held");
      // Once approved by one side, v1 is frozen: correcting it in place is refused.
      const edit = await api.raw({ method: "PUT", url: `/api/meetings/${id}/minutes/1`, payload: { text: "sneaky edit" } });
      assert.equal(edit.statusCode, 409);
      const a2 = await client(env.app, isrChair).post(`/api/meetings/${id}/minutes/1/approve`);
      assert.equal(a2.body.status, "minutes_agreed");
      assert.equal(a2.body.minutes.agreedVersion, 1);

      // Agreed minutes are frozen; a change is a new version needing agreement again.
      assert.equal((await api.raw({ method: "PUT", url: `/api/meetings/${id}/minutes/1`, payload: { text: "after agreement" } })).statusCode, 409);
      const v2 = await api.post(`/api/meetings/${id}/minutes`, { text: "Minutes v2 with a correction" });
      assert.equal(v2.body.status, "held");
      assert.equal(v2.body.minutes.latestVersion, 2);
      assert.equal((await client(env.app, indChair).post(`/api/meetings/${id}/minutes/1/approve`)).status, 409, "only the latest version can be approved");
      await client(env.app, indChair).post(`/api/meetings/${id}/minutes/2/approve`);
      const agreed = await client(env.app, isrChair).post(`/api/meetings/${id}/minutes/2/approve`);
      assert.equal(agreed.body.status, "minutes_agreed");
      const history = await api.get(`/api/meetings/${id}/minutes`);
      assert.deepEqual(history.body.versions.map((v: any) => [v.version, v.approvals.length]), [[2, 2], [1, 2]], "every version and approval is kept");

      // An action raised at the 17th, and the 18th meeting carries both open ones over.
      const newAction = await api.post("/api/actions", { marking: REL, title: "Set up the AI sub-working group", meetingId: id, outcomeId: out.json().outcomes[1].id, owner: { country: "ISR", personId: baram }, dueDate: "2026-03-01" });
      assert.equal(newAction.status, 201, JSON.stringify(newAction.body));
      const m18 = await api.post("/api/meetings", { marking: REL, forumId, dateStart: "2026-11-10", venueCity: "New Delhi", venueCountry: "IND" });
      const carried = m18.body.agenda.filter((a: any) => a.action).map((a: any) => a.action.record.id).sort();
      assert.deepEqual(carried, [openAction.body.id, newAction.body.id].sort());
      const action = await api.get(`/api/actions/${openAction.body.id}`);
      assert.deepEqual(action.body.onAgendaOf.map((m: any) => m.id).sort(), [m17.body.id, m18.body.id].sort(), "it keeps its history");

      // The calendar export.
      const ics = await api.get(`/api/meetings/${id}/calendar.ics`);
      assert.equal(ics.status, 200);
      assert.match(ics.raw.body, /BEGIN:VEVENT/);
      assert.match(ics.raw.body, /DTSTART;VALUE=DATE:20251104/);
      assert.equal(ics.raw.headers["x-accord-marking"], "RESTRICTED // REL TO IND, ISR // JWG");
    });

    test("a second 17th meeting is refused and nothing is written", async () => {
      const api = client(env.app, sec);
      const before = (await env.store.db.selectFrom("meetings").select("id").execute()).length;
      const res = await api.post("/api/meetings", { marking: REL, forumId, sequence: 17 });
      assert.equal(res.status, 409);
      assert.equal(res.body.errors[0].field, "sequence");
      assert.match(res.body.detail, /17th/);
      assert.equal((await env.store.db.selectFrom("meetings").select("id").execute()).length, before);
    });

    test("a co-chair must be from a member country", async () => {
      const res = await client(env.app, sec).post("/api/meetings", { marking: REL, forumId, coChairs: [{ country: "USA", personId: singh }] });
      assert.equal(res.status, 400);
    });

    test("overdue actions by forum, owner and age; owners update their own; the next meeting gets an item in one call", async () => {
      const api = client(env.app, sec);
      const overdue = await api.get(`/api/actions?forumId=${forumId}&overdue=true`);
      assert.equal(overdue.status, 200, JSON.stringify(overdue.body));
      const titles = overdue.body.items.map((a: any) => a.title);
      assert.ok(titles.includes("Draft terms of reference for the AI working group"));
      assert.ok(overdue.body.items.every((a: any) => a.overdueDays > 0));
      const old = await api.get(`/api/actions?overdue=true&minDaysOverdue=9999`);
      assert.equal(old.body.items.length, 0);
      const byOwner = await api.get(`/api/actions?ownerPersonId=${singh}`);
      assert.equal(byOwner.body.items.length, 1);

      const actionId = byOwner.body.items[0].id;
      // The owner (a member without an editing role) may post progress; a non-owner member may not.
      const progress = await client(env.app, indChair).post(`/api/actions/${actionId}/updates`, { onDate: "2026-11-20", text: "Draft shared with IMOD", status: "in_progress" });
      assert.equal(progress.status, 201, JSON.stringify(progress.body));
      assert.equal(progress.body.status, "in_progress");
      assert.equal(progress.body.updates[0].text, "Draft shared with IMOD");
      assert.equal((await client(env.app, isrChair).post(`/api/actions/${actionId}/updates`, { onDate: "2026-11-20", text: "not mine" })).status, 403);
      assert.equal((await client(env.app, indChair).patch(`/api/actions/${actionId}`, { dueDate: "2030-01-01" })).status, 403, "owners change status and progress, not due dates");

      const csv = await api.get("/api/actions/export");
      assert.equal(csv.status, 200);
      assert.match(csv.raw.body, /^# RESTRICTED \/\/ REL TO IND, ISR \/\/ JWG\n/);
    });
  });
}
