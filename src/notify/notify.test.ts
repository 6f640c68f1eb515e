// Notifications (issue 14): the right users are told, in the app and by e-mail through a real SMTP
// server on loopback; e-mails carry nothing of the records; preferences are honoured; a user who
// may not read the record is never told; e-mail goes through a durable outbox that retries while
// the SMTP server is down; without SMTP configured, e-mail is off and says so.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { todayDate } from "../resources/meetings/policy.ts";
import { outboxCounts, sendDue, transportOf } from "./mail.ts";
import { startSmtp } from "./smtp-testing.ts";

const SECRET = { classification: "SECRET", releasableTo: ["ISR"], compartments: ["JWG"] };
const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };
const yesterday = () => todayDate(new Date(Date.now() - 86_400_000));
/**
 * The outbox once its sender has marked what the SMTP server acknowledged: the test's server holds a
 * mail a moment before the sender hears its answer and marks it sent (within 5 s, then as it stands).
 */
async function outboxSettled(db: Parameters<typeof outboxCounts>[0], sent: number) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const counts = await outboxCounts(db);
    if (counts.sent >= sent || Date.now() > deadline) return counts;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
/** Words of the records that must never leave Accord in an e-mail. */
const CLASSIFIED = ["Quasar", "Obsidian", "Meteorite", "JWG", "SECRET", "minutes", "Singh", "Baram", "meeting"];

for (const kind of STORES) {
  describe(`notifications in the app and by e-mail (${kind})`, () => {
    let env: TestEnv;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let sec: ReturnType<typeof client>;
    let ind: ReturnType<typeof client>;
    let isr: ReturnType<typeof client>;
    let lowChair: ReturnType<typeof client>;
    let forumId: string;
    let people: Record<string, string>;

    before(async () => {
      smtp = await startSmtp();
      env = await testEnv(kind, { mail: smtp.config(50) });
      sec = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat"], compartments: ["JWG"] }));
      people = {};
      for (const name of ["Rajesh Kumar Singh", "Amir Baram", "Low Cleared"]) people[name] = (await sec.post("/api/people", { marking: PUBLIC, name, country: name === "Amir Baram" ? "ISR" : "IND" })).body.id;
      ind = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["member"], compartments: ["JWG"], personId: people["Rajesh Kumar Singh"]! }));
      isr = client(env.app, await buildUser(env.store.db, { nationality: "ISR", clearance: 3, roles: ["member"], compartments: ["JWG"], personId: people["Amir Baram"]! }));
      // Named co-chair of a meeting, but cleared below its marking: never told of it.
      lowChair = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 1, roles: ["member"], compartments: ["JWG"], personId: people["Low Cleared"]! }));
      for (const [c, address] of [[ind, "singh@mod.example"], [isr, "baram@mod.example"], [lowChair, "low@mod.example"]] as const) {
        const res = await c.raw({ method: "PUT", url: "/api/notifications/preferences", payload: { email: address } });
        assert.equal(res.statusCode, 200, res.body);
      }
      forumId = (await sec.post("/api/forums", { marking: PUBLIC, name: "Joint Working Group", kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }] })).body.id;
    });
    after(async () => {
      await env.close();
      await smtp.close();
    });

    test("minutes awaiting approval reach each co-chair who may read them, in the app and by an e-mail that carries nothing of them", async () => {
      const m = await sec.post("/api/meetings", { marking: SECRET, forumId, dateStart: yesterday(), venueCity: "Quasar",
        coChairs: [{ country: "IND", personId: people["Rajesh Kumar Singh"] }, { country: "ISR", personId: people["Amir Baram"] }] });
      assert.equal(m.status, 201, JSON.stringify(m.body));
      const before = smtp.messages.length;
      await sec.post(`/api/meetings/${m.body.id}/minutes`, { text: "Obsidian Meteorite discussed." });
      assert.equal((await ind.get("/api/notifications")).body.items.length, 0, "a draft before the meeting is held tells nobody");
      await sec.patch(`/api/meetings/${m.body.id}`, { status: "held" });
      for (const chair of [ind, isr]) {
        const list = (await chair.get("/api/notifications")).body;
        assert.equal(list.unread, 1);
        assert.deepEqual(list.items.map((n: any) => [n.event, n.record.id]), [["minutes_awaiting", m.body.id]]);
      }
      const mails = (await smtp.waitFor(before + 2)).slice(before);
      assert.deepEqual(mails.flatMap((x) => x.to).sort(), ["baram@mod.example", "singh@mod.example"], "not the co-chair who may not read it");
      for (const mail of mails) {
        assert.match(mail.raw, /Subject: Something awaits you in Accord/);
        assert.match(mail.raw, /http:\/\/127\.0\.0\.1:\d+\//);
        for (const word of CLASSIFIED) assert.ok(!mail.raw.includes(word), `the e-mail carries "${word}"`);
        assert.ok(!mail.raw.includes(m.body.id), "nor the record's identifier");
      }
      assert.equal((await lowChair.get("/api/notifications")).body.items.length, 0);
      assert.deepEqual(await outboxSettled(env.store.db, mails.length + before), { pending: 0, sent: mails.length + before });
    });

    test("each user chooses which events reach them, and how; read and unread", async () => {
      const prefs = await isr.raw({ method: "PUT", url: "/api/notifications/preferences", payload: { events: [{ event: "minutes_agreed", inApp: false, email: false }, { event: "minutes_awaiting", inApp: true, email: false }] } });
      assert.equal(prefs.statusCode, 200, prefs.body);
      assert.deepEqual(prefs.json().events.find((e: any) => e.event === "minutes_agreed"), { event: "minutes_agreed", inApp: false, email: false });
      assert.equal(prefs.json().mail.enabled, true);
      const m = await sec.post("/api/meetings", { marking: SECRET, forumId, dateStart: yesterday(), venueCity: "Quasar",
        coChairs: [{ country: "IND", personId: people["Rajesh Kumar Singh"] }, { country: "ISR", personId: people["Amir Baram"] }] });
      await sec.patch(`/api/meetings/${m.body.id}`, { status: "held" });
      const sentBefore = (await outboxCounts(env.store.db));
      await sec.post(`/api/meetings/${m.body.id}/minutes`, { text: "Text" });
      const after1 = await outboxCounts(env.store.db);
      assert.equal(after1.pending + after1.sent - sentBefore.pending - sentBefore.sent, 1, "one e-mail: India's co-chair; Israel's chose the app only");
      await isr.post(`/api/meetings/${m.body.id}/minutes/1/approve`);
      const approved = await ind.post(`/api/meetings/${m.body.id}/minutes/1/approve`);
      assert.equal(approved.body.status, "minutes_agreed");
      const isrList = (await isr.get("/api/notifications")).body;
      assert.ok(!isrList.items.some((n: any) => n.event === "minutes_agreed"), "turned off in the app");
      assert.ok(!(await ind.get("/api/notifications")).body.items.some((n: any) => n.event === "minutes_agreed"), "not the co-chair whose approval agreed them");
      const indList = (await sec.get("/api/notifications")).body;
      assert.ok(indList.items.some((n: any) => n.event === "minutes_agreed" && n.record.id === m.body.id), "the secretariat is told");
      // Read and unread.
      const unread = indList.unread;
      const one = indList.items[0].id;
      assert.equal((await isr.post("/api/notifications/read", { ids: [one] })).body.marked, 0, "nobody marks another's notification");
      const marked = await sec.post("/api/notifications/read", { ids: [one] });
      assert.deepEqual(marked.body, { marked: 1 });
      assert.equal((await sec.get("/api/notifications")).body.unread, unread - 1);
      assert.equal((await sec.get("/api/notifications?unread=true")).body.items.some((n: any) => n.id === one), false);
      await sec.post("/api/notifications/read", { all: true });
      assert.equal((await sec.get("/api/notifications")).body.unread, 0);
      assert.equal((await sec.post("/api/notifications/read", {})).status, 400);
    });

    test("release requests reach the originator's security officers; the decision reaches the requester", async () => {
      const officer = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 4, roles: ["security_officer"], compartments: ["JWG"] }));
      const foreignOfficer = client(env.app, await buildUser(env.store.db, { nationality: "ISR", clearance: 4, roles: ["security_officer"], compartments: ["JWG"] }));
      const action = await sec.post("/api/actions", { marking: { classification: "SECRET", releasableTo: [], compartments: ["JWG"] }, title: "Meteorite follow-up", owner: { country: "IND" } });
      const asked = await sec.post("/api/releases", { recordId: action.body.id, marking: { classification: "SECRET", releasableTo: ["ISR"], compartments: ["JWG"] }, reason: "Share with Israel" });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      assert.deepEqual((await officer.get("/api/notifications")).body.items.map((n: any) => n.event), ["release_requested"]);
      assert.equal((await foreignOfficer.get("/api/notifications")).body.items.length, 0, "not another country's officer (who may not read it yet)");
      await officer.post(`/api/releases/${asked.body.id}/decision`, { decision: "approve" });
      const mine = (await sec.get("/api/notifications")).body.items;
      assert.deepEqual(mine.filter((n: any) => n.record.id === action.body.id).map((n: any) => n.event), ["release_decided"]);
    });

    test("a notification is listed only while its reader may read the record", async () => {
      const action = await sec.post("/api/actions", { marking: { classification: "CONFIDENTIAL", releasableTo: ["ISR"], compartments: ["JWG"] }, title: "Obsidian task", owner: { country: "ISR", personId: people["Amir Baram"] } });
      const listed = async () => (await isr.get("/api/notifications")).body.items.some((n: any) => n.event === "action_assigned" && n.record.id === action.body.id);
      assert.equal(await listed(), true);
      // Narrowed to India only (an edit that lets fewer read): Israel's co-chair no longer sees it, nor its notification.
      assert.equal((await sec.patch(`/api/actions/${action.body.id}`, { marking: { classification: "CONFIDENTIAL", releasableTo: [], compartments: ["JWG"] } })).status, 200);
      assert.equal(await listed(), false);
      const raw = (await isr.get("/api/notifications")).raw.body as string;
      assert.ok(!raw.includes(action.body.id) && !raw.includes("Obsidian"));
    });
  });
}

describe("without an SMTP server configured, e-mail is off and says so", () => {
  let env: TestEnv;
  before(async () => { env = await testEnv("sqlite", { mail: null }); });
  after(async () => { await env.close(); });

  test("the preferences say e-mail is off, an address cannot be set, and nothing waits in an outbox", async () => {
    const u = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat"] }));
    const prefs = await u.get("/api/notifications/preferences");
    assert.equal(prefs.body.mail.enabled, false);
    const set = await u.raw({ method: "PUT", url: "/api/notifications/preferences", payload: { email: "me@mod.example" } });
    assert.equal(set.statusCode, 409);
    assert.equal(set.json().errors[0].rule, "mail_off");
    assert.equal((await u.get("/api/notifications/preferences")).body.email, null, "nothing written");
    const bad = await u.raw({ method: "PUT", url: "/api/notifications/preferences", payload: { events: [{ event: "no_such_event", inApp: true, email: true }] } });
    assert.equal(bad.statusCode, 400);
  });
});

for (const kind of STORES) {
  describe(`the durable outbox (${kind})`, () => {
    let env: TestEnv;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    // No sender loop runs here (no mail configured): the test drives the sender itself.
    before(async () => { smtp = await startSmtp(); env = await testEnv(kind, { mail: null }); });
    after(async () => { await env.close(); await smtp.close(); });

    test("the outbox keeps e-mail while the SMTP server is down, and sends it when it is back", async () => {
      const dead = transportOf({ ...smtp.config(), port: 1 });
      const live = transportOf(smtp.config());
      await env.store.db.insertInto("mail_outbox").values({
        id: "01JTESTOUTBOX0000000000000", user_id: (await buildUser(env.store.db)).userId, to_address: "someone@mod.example",
        subject: "Something awaits you in Accord", body: "Sign in: {accord-link}", created_at: new Date().toISOString(), attempts: 0, next_attempt_at: "2000-01-01T00:00:00.000Z", lease_until: "2999-01-01T00:00:00.000Z", sent_at: null, last_error: null,
      }).execute();
      // Leased by another sender: not taken.
      assert.deepEqual(await sendDue(env.store.db, dead, "accord@accord.test", "https://accord.example/"), { sent: 0, failed: 0 });
      await env.store.db.updateTable("mail_outbox").set({ lease_until: null }).where("id", "=", "01JTESTOUTBOX0000000000000").execute();
      assert.deepEqual(await sendDue(env.store.db, dead, "accord@accord.test", "https://accord.example/"), { sent: 0, failed: 1 });
      const row = await env.store.db.selectFrom("mail_outbox").selectAll().where("id", "=", "01JTESTOUTBOX0000000000000").executeTakeFirstOrThrow();
      assert.equal(row.sent_at, null);
      assert.equal(row.attempts, 1);
      assert.ok(row.last_error);
      assert.ok(row.next_attempt_at > new Date().toISOString(), "retried later");
      assert.deepEqual(await sendDue(env.store.db, live, "accord@accord.test", "https://accord.example/"), { sent: 0, failed: 0 }, "not before its time");
      const later = new Date(Date.parse(row.next_attempt_at) + 1000);
      assert.deepEqual(await sendDue(env.store.db, live, "accord@accord.test", "https://accord.example/", later), { sent: 1, failed: 0 });
      await smtp.waitFor(1);
      assert.deepEqual(smtp.messages[0]!.to, ["someone@mod.example"]);
      assert.match(smtp.messages[0]!.raw, /https:\/\/accord\.example\//, "the link is the configured address");
      const sent = await env.store.db.selectFrom("mail_outbox").selectAll().where("id", "=", "01JTESTOUTBOX0000000000000").executeTakeFirstOrThrow();
      assert.ok(sent.sent_at, "sent once the server answers");
      dead.close();
      live.close();
    });
  });
}
