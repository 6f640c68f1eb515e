// Draft → confirm → records, through the API: proposals linked to the registry, a story about
// an event already recorded proposing an update, spans kept, and bad input refused cleanly.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { locate, locateDate } from "./spans.ts";

const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };
// Written for this test (not one of the corpus texts).
const STORY = `date 2026-03-12
New Delhi, March 12 (PTI) India and Israel signed a Memorandum of Understanding on Tuesday during the 18th meeting of the India-Israel Joint Working Group on Defence Cooperation held in New Delhi.
The MoU covers cooperation in areas such as cyber security and joint training.
The meeting was co-chaired by Defence Secretary Rajesh Kumar Singh and Major General (Res) Amir Baram, Director General of Israel's Ministry of Defence.
On Wednesday, Baram visited Bharat Electronics Limited and Hindustan Aeronautics Limited to explore co-production opportunities.`;

describe("spans", () => {
  test("a value is found where the text states it, dates through their words", () => {
    const text = "The MoU was signed in Tel Aviv on 4 November 2025.";
    assert.deepEqual(locate(text, "tel aviv"), { start: 22, end: 30, quote: "Tel Aviv" });
    assert.equal(locateDate(text, "2025-11-04")?.quote, "4 November");
    assert.equal(locate(text, "Jerusalem"), null);
  });
});

for (const kind of STORES) {
  describe(`ingestion (${kind})`, () => {
    let env: TestEnv;
    let api: ReturnType<typeof client>;
    let singh: string;
    let forumId: string;
    before(async () => {
      env = await testEnv(kind);
      api = client(env.app, await buildUser(env.store.db, { roles: ["analyst", "secretariat"], clearance: 3 }));
      singh = (await api.post("/api/people", { marking: PUBLIC, name: "Rajesh Kumar Singh", country: "IND", titles: [{ title: "Defence Secretary" }] })).body.id;
      forumId = (await api.post("/api/forums", { marking: PUBLIC, name: "India–Israel Joint Working Group on Defence Cooperation", kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }] })).body.id;
    });
    after(async () => { await env.close(); });

    test("a statement becomes a draft linked to the registry; confirming creates records with their sources", async () => {
      const draft = await api.post("/api/drafts", { text: STORY, marking: PUBLIC, publisher: "PTI" });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      const props = draft.body.proposals as any[];
      const person = props.find((p) => p.kind === "person" && /Singh/.test(p.fields.name));
      assert.equal(person.match?.id, singh, "an existing person is linked, not duplicated");
      assert.equal(person.suggested, "link");
      const forum = props.find((p) => p.kind === "forum");
      assert.equal(forum.match?.id, forumId);
      const meeting = props.find((p) => p.kind === "meeting");
      assert.equal(meeting.fields.sequence, 18);
      assert.equal(meeting.suggested, "create");
      assert.ok(meeting.spans.sequence?.quote, "the number is tied to its words");
      const agreement = props.find((p) => p.kind === "agreement");
      assert.deepEqual([...agreement.fields.areas].sort(), ["cyber-security", "joint-training"]);
      assert.equal(agreement.refs.signedDuring, meeting.key);

      const baram = props.find((p) => p.kind === "person" && /Baram/.test(p.fields.name));
      const confirmed = await api.post(`/api/drafts/${draft.body.id}/confirm`, { decisions: [{ key: baram.key, action: "create", fields: { country: "ISR" } }] });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      assert.equal(confirmed.body.status, "confirmed");
      const made = (confirmed.body.outcome as any[]).find((o) => o.key === meeting.key);
      const m = await api.get(`/api/meetings/${made.recordId}`);
      assert.equal(m.body.sequence, 18);
      assert.equal(m.body.forum.id, forumId);
      const sources = await api.get(`/api/records/${made.recordId}/sources`);
      assert.ok(sources.body.items.some((s: any) => s.field === "sequence" && /18th/.test(s.quote)));
      const visit = props.find((p) => p.kind === "engagement");
      const madeVisit = (confirmed.body.outcome as any[]).find((o) => o.key === visit.key);
      const v = await api.get(`/api/engagements/${madeVisit.recordId}`);
      assert.equal(v.body.engagementKind, "visit");
      assert.equal(v.body.leader.title, "Amir Baram", "the visitor is the person just created from the same draft");
      assert.ok(v.body.hosts.length >= 1);
      const mou = (confirmed.body.outcome as any[]).find((o) => o.key === agreement.key);
      assert.equal((await api.get(`/api/agreements/${mou.recordId}`)).body.signedDuring.id, made.recordId);

      // The same story again proposes updates to what is now recorded, not duplicates.
      const again = await api.post("/api/drafts", { text: STORY, marking: PUBLIC });
      const m2 = (again.body.proposals as any[]).find((p) => p.kind === "meeting");
      assert.equal(m2.match?.id, made.recordId);
      assert.equal(m2.suggested, "update");
      assert.equal((again.body.proposals as any[]).find((p) => p.kind === "agreement").suggested, "update");
      assert.equal((await api.post(`/api/drafts/${draft.body.id}/confirm`, {})).status, 409, "a draft is confirmed once");
    });

    test("bad input: empty, binary, oversize, another language — a clear answer, nothing written", async () => {
      const count = async () => Number((await env.store.db.selectFrom("records").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
      const before = await count();
      const empty = await api.post("/api/drafts", { text: "", marking: PUBLIC });
      assert.equal(empty.status, 400);
      assert.equal(empty.body.errors[0].field, "text");
      const binary = await api.post("/api/drafts", { text: "\u0000\u0001\u0002PK\u0003\u0004".repeat(100), marking: PUBLIC });
      assert.equal(binary.status, 400, JSON.stringify(binary.body));
      const huge = await env.app.inject({ method: "POST", url: "/api/drafts", headers: { cookie: (api as any).cookie ?? "", "content-type": "application/json" }, payload: JSON.stringify({ text: "a".repeat(10 * 1024 * 1024), marking: PUBLIC }) });
      assert.ok([401, 413].includes(huge.statusCode));
      const big = await api.post("/api/drafts", { text: "word ".repeat(250_000), marking: PUBLIC });
      assert.equal(big.status, 400, "over the 1 MB limit of a statement");
      assert.equal(await count(), before, "nothing written");
      const hebrew = await api.post("/api/drafts", { text: "שר הביטחון נפגש עם מזכיר ההגנה ההודי בתל אביב.", marking: PUBLIC });
      assert.equal(hebrew.status, 201);
      assert.equal(hebrew.body.proposals.length, 0, "a text in another language gives an empty draft");
    });
  });
}
