// Carrying an open action over to its forum's next planned meeting (POST /api/actions/:id/carry-over):
// it lands once on that meeting's agenda, a closed action or a forum with no next meeting is refused
// and writes nothing, and a meeting the caller cannot read answers exactly as one that does not exist,
// whether named as the starting point or standing next in the forum.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";

const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };
const SECRET = { classification: "SECRET", releasableTo: ["IND"] };

for (const kind of STORES) {
  describe(`carrying actions over (${kind})`, () => {
    let env: TestEnv;
    let sec: ReturnType<typeof client>;
    let low: ReturnType<typeof client>;
    before(async () => {
      env = await testEnv(kind);
      sec = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 4, roles: ["secretariat"] }));
      low = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 1, roles: ["secretariat"] }));
    });
    after(async () => { await env.close(); });

    const forum = async () => (await sec.post("/api/forums", { marking: PUBLIC, name: `Forum ${Math.random()}`, kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }] })).body.id as string;
    const meeting = async (forumId: string, sequence: number, marking: object = PUBLIC) => {
      const m = await sec.post("/api/meetings", { marking, forumId, sequence });
      assert.equal(m.status, 201, JSON.stringify(m.body));
      return m.body.id as string;
    };
    const action = async (meetingId: string, status = "open") => {
      const a = await sec.post("/api/actions", { marking: PUBLIC, title: `Action ${Math.random()}`, meetingId, owner: { country: "IND" }, status });
      assert.equal(a.status, 201, JSON.stringify(a.body));
      return a.body.id as string;
    };
    const agendaActions = async (meetingId: string) =>
      ((await sec.get(`/api/meetings/${meetingId}`)).body.agenda as { action: { record: { id: string } } | null }[]).flatMap((a) => (a.action ? [a.action.record.id] : []));

    test("an open action lands once on the next planned meeting's agenda", async () => {
      const f = await forum();
      const first = await meeting(f, 1);
      const second = await meeting(f, 2);
      // Raised after the next meeting was planned: nothing carried it yet.
      const a = await action(first);
      assert.deepEqual(await agendaActions(second), []);
      const carried = await sec.post(`/api/actions/${a}/carry-over`, {});
      assert.equal(carried.status, 200, JSON.stringify(carried.body));
      assert.deepEqual(await agendaActions(second), [a]);
      const again = await sec.post(`/api/actions/${a}/carry-over`, { fromMeetingId: first });
      assert.equal(again.status, 409);
      assert.match(again.body.detail, /already/);
      assert.deepEqual(await agendaActions(second), [a], "once");
      // From the meeting that carried it last, nothing is planned yet.
      assert.match((await sec.post(`/api/actions/${a}/carry-over`, {})).body.detail, /no planned meeting after this one/);
    });

    test("a closed action, or one with no next meeting, is refused and nothing is written", async () => {
      const f = await forum();
      const only = await meeting(f, 1);
      const done = await action(only, "done");
      assert.equal((await sec.post(`/api/actions/${done}/carry-over`, {})).status, 409);
      const open = await action(only);
      const none = await sec.post(`/api/actions/${open}/carry-over`, {});
      assert.equal(none.status, 409);
      assert.match(none.body.detail, /no planned meeting after this one/);
      assert.deepEqual(await agendaActions(only), []);
    });

    test("a starting meeting the caller cannot read answers as a missing one, and names nothing", async () => {
      const f = await forum();
      const first = await meeting(f, 1);
      const a = await action(first);
      const hidden = await meeting(f, 2, SECRET);
      await meeting(f, 3);
      const unreadable = await low.post(`/api/actions/${a}/carry-over`, { fromMeetingId: hidden });
      const missing = await low.post(`/api/actions/${a}/carry-over`, { fromMeetingId: "01JZZZZZZZZZZZZZZZZZZZZZZZ" });
      assert.equal(unreadable.status, 404, JSON.stringify(unreadable.body));
      assert.deepEqual(unreadable.body, missing.body, "the same answer as for a meeting that does not exist");
      assert.ok(!JSON.stringify(unreadable.body).includes(hidden));
    });
  });
}
