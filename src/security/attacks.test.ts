// The outside attacker suite's findings (issue 11), replayed in the project's own words and data:
// the 18th JWG meeting marked SECRET // JWG, Amir Baram's record at that marking, an Indian analyst
// (RESTRICTED, no JWG) and an Israeli member (RESTRICTED) reading what the secretariat made. Each
// test names its row. Black-box over HTTP, on both stores.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { parse as parseDisposition } from "content-disposition";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { multipart } from "../testing/leak-world.ts";
import { nulField } from "../http/problem.ts";
import { REFUSED } from "../ingest/confirm.ts";
import { defaultPoolConfig } from "../workers/pool.ts";

type Api = ReturnType<typeof client>;

const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };
const BILATERAL = { classification: "UNCLASSIFIED", releasableTo: ["ISR"] };
const JWG_SECRET = { classification: "SECRET", releasableTo: ["ISR"], compartments: ["JWG"] };
const MADE_UP = "01JZZZZZZZZZZZZZZZZZZZZZZZ";
const FORUM = "India–Israel Joint Working Group on Defence Cooperation";

// The ingestion test's statement (src/ingest/ingest.test.ts), as PTI would file it.
const STORY = `date 2026-03-12
New Delhi, March 12 (PTI) India and Israel signed a Memorandum of Understanding on Tuesday during the 18th meeting of the India-Israel Joint Working Group on Defence Cooperation held in New Delhi.
The MoU covers cooperation in areas such as cyber security and joint training.
The meeting was co-chaired by Defence Secretary Rajesh Kumar Singh and Major General (Res) Amir Baram, Director General of Israel's Ministry of Defence.
On Wednesday, Baram visited Bharat Electronics Limited and Hindustan Aeronautics Limited to explore co-production opportunities.`;

for (const store of STORES) {
  describe(`attacker findings of issue 11 (${store})`, () => {
    let env: TestEnv;
    let priya: Api; // IND SECRET secretariat and analyst, JWG
    let sanjay: Api; // IND RESTRICTED analyst, no compartments
    let yossi: Api; // ISR RESTRICTED member
    let arjun: Api; // IND TOP SECRET security officer
    let forumId: string;
    let secretMeeting: { id: string; venue: string };
    let baramId: string;

    before(async () => {
      // Statements are extracted in the worker pool, whose first task starts a worker: slow on a loaded machine.
      env = await testEnv(store, { requestTimeoutMs: 120_000 });
      const db = env.store.db;
      priya = client(env.app, await buildUser(db, { username: "priya.secretariat", nationality: "IND", clearance: 3, roles: ["secretariat", "analyst"], compartments: ["JWG", "SWG-DIC"] }));
      sanjay = client(env.app, await buildUser(db, { username: "sanjay.analyst", nationality: "IND", clearance: 1, roles: ["analyst"] }));
      yossi = client(env.app, await buildUser(db, { username: "yossi.member", nationality: "ISR", clearance: 1, roles: ["member"] }));
      arjun = client(env.app, await buildUser(db, { username: "arjun.security", nationality: "IND", clearance: 4, roles: ["security_officer"], compartments: ["JWG", "SWG-DIC", "MRSAM", "AEASI", "KRAS"] }));
      const forum = await priya.post("/api/forums", { marking: PUBLIC, name: FORUM, kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }] });
      assert.equal(forum.status, 201, JSON.stringify(forum.body));
      forumId = forum.body.id;
      for (const sequence of [16, 17]) assert.equal((await priya.post("/api/meetings", { marking: BILATERAL, forumId, sequence, dateStart: `2025-0${sequence - 10}-01` })).status, 201);
      const m18 = await priya.post("/api/meetings", { marking: JWG_SECRET, forumId, sequence: 18, dateStart: "2026-03-10", venueCity: "Vigyan Bhawan" });
      assert.equal(m18.status, 201, JSON.stringify(m18.body));
      secretMeeting = { id: m18.body.id, venue: "Vigyan Bhawan" };
      const baram = await priya.post("/api/people", { marking: JWG_SECRET, name: "Amir Baram", country: "ISR", titles: [{ title: "Director General, Israel Ministry of Defence" }] });
      assert.equal(baram.status, 201, JSON.stringify(baram.body));
      baramId = baram.body.id;
    });
    after(async () => { await env.close(); });

    /** Nothing of the 18th meeting or Baram's SECRET record in an answer. */
    const revealsNothing = (what: string, body: string) => {
      for (const secret of [secretMeeting.id, secretMeeting.venue, baramId, "Director General, Israel", "SECRET"]) {
        assert.ok(!body.includes(secret), `${what} reveals ${secret}: ${body.slice(0, 400)}`);
      }
    };

    test("row 1 (high): a public draft neither matches nor lists records its readers may not read, before or after confirmation", async () => {
      const draft = await priya.post("/api/drafts", { text: STORY, marking: PUBLIC, publisher: "PTI" });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      const read = await yossi.get(`/api/drafts/${draft.body.id}`);
      assert.equal(read.status, 200, "an UNCLASSIFIED // REL TO ALL draft is readable by everyone");
      revealsNothing("the draft, as yossi.member reads it", read.raw.body);
      const baram = (read.body.proposals as any[]).find((p) => p.kind === "person" && /Baram/.test(p.fields.name));
      assert.equal(baram.match, null, "Baram's SECRET // JWG record is not what a public draft links to");
      const meeting = (read.body.proposals as any[]).find((p) => p.kind === "meeting");
      assert.equal(meeting.match, null);

      // Confirmed into SECRET // JWG records: the outcome shows them to priya, withheld to yossi.
      const confirmed = await priya.post(`/api/drafts/${draft.body.id}/confirm`, { marking: JWG_SECRET, decisions: [{ key: baram.key, action: "link", recordId: baramId }] });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      const linked = (confirmed.body.outcome as any[]).find((o) => o.key === baram.key);
      assert.equal(linked.recordId, baramId, "the analyst who may read them sees the records");
      const made = (confirmed.body.outcome as any[]).filter((o) => o.action === "create").map((o) => o.recordId as string);
      assert.ok(made.length >= 3, JSON.stringify(confirmed.body.outcome));
      for (const path of [`/api/drafts/${draft.body.id}`, `/api/records/${draft.body.id}/history`, "/api/drafts", `/api/search?q=Draft`]) {
        const res = await yossi.get(path);
        assert.equal(res.status, 200, path);
        revealsNothing(`${path} for yossi.member`, res.raw.body);
        for (const id of made) assert.ok(!res.raw.body.includes(id), `${path} names a SECRET record made from the draft`);
      }
      const outcome = (await yossi.get(`/api/drafts/${draft.body.id}`)).body.outcome as any[];
      for (const o of outcome.filter((x) => x.action === "create" || x.key === baram.key)) {
        assert.deepEqual({ recordId: o.recordId, record: o.record }, { recordId: null, record: { id: null, withheld: true } }, "withheld, as any reference");
      }
      // Stored as links, not as identifiers in the draft's own row.
      const row = await env.store.db.selectFrom("drafts").select(["outcome", "proposals"]).where("id", "=", draft.body.id).executeTakeFirstOrThrow();
      for (const id of [...made, baramId, secretMeeting.id]) assert.ok(!`${row.outcome}${row.proposals}`.includes(id), "the draft's row holds no identifier of a higher-marked record");
    });

    test("issue 13: creating a meeting that exists unreadable is refused alone, with the answer any refusal gets; the rest confirms", async () => {
      const restricted = { classification: "RESTRICTED", releasableTo: ["ISR"] };
      const draft = await sanjay.post("/api/drafts", { text: STORY, marking: restricted, publisher: "PTI" });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      revealsNothing("sanjay's draft", draft.raw.body);
      const meeting = (draft.body.proposals as any[]).find((p) => p.kind === "meeting");
      assert.equal(meeting.suggested, "create", "nothing tells him an 18th meeting exists");
      const confirmed = await sanjay.post(`/api/drafts/${draft.body.id}/confirm`, {});
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      revealsNothing("the confirmation", confirmed.raw.body);
      const refused = (confirmed.body.outcome as any[]).find((o) => o.key === meeting.key);
      assert.deepEqual(refused, { key: meeting.key, action: "refused", recordId: null, record: null, reason: REFUSED });
      const others = (confirmed.body.outcome as any[]).filter((o) => o.key !== meeting.key);
      assert.ok(others.some((o) => o.action === "create" && o.recordId), "the other proposals are created");
      const mou = others.find((o) => o.key.startsWith("agreement:"));
      const agreement = await sanjay.get(`/api/agreements/${mou.recordId}`);
      assert.equal(agreement.status, 200);
      assert.equal(agreement.body.signedDuring, null, "signed during no meeting he could record");

      // A collision with a meeting he may read (but a draft for Israel may not link to) gets the same answer.
      const m19 = await priya.post("/api/meetings", { marking: { classification: "RESTRICTED", releasableTo: [] }, forumId, sequence: 19, dateStart: "2026-09-01" });
      assert.equal(m19.status, 201, JSON.stringify(m19.body));
      const second = await sanjay.post("/api/drafts", { text: STORY.replace("18th meeting", "19th meeting"), marking: restricted });
      const m = (second.body.proposals as any[]).find((p) => p.kind === "meeting");
      assert.equal(m.fields.sequence, 19);
      const again = await sanjay.post(`/api/drafts/${second.body.id}/confirm`, {});
      assert.equal(again.status, confirmed.status);
      const { key: _a, ...readableCollision } = (again.body.outcome as any[]).find((o) => o.key === m.key);
      const { key: _b, ...unreadableCollision } = refused;
      assert.deepEqual(unreadableCollision, readableCollision, "the same answer whether or not he may read the other meeting");
    });

    test("row 2: a released document hands out only its released version, on every path", async () => {
      const first = multipart({ marking: JWG_SECRET, title: "JWG-18 record of discussions", kind: "minutes" }, "jwg18-secret-annex.txt", "text/plain", "SECRET annex: air defence numbers\n");
      const up = await priya.raw({ method: "POST", url: "/api/documents", ...first });
      assert.equal(up.statusCode, 201, up.body);
      const id = up.json().id as string;
      const second = multipart({}, "jwg18-agreed-text.txt", "text/plain", "Agreed text for release\n");
      assert.equal((await priya.raw({ method: "POST", url: `/api/documents/${id}/versions`, ...second })).statusCode, 201);
      const asked = await priya.post("/api/releases", { recordId: id, marking: { classification: "RESTRICTED", releasableTo: ["ISR"] }, reason: "Agreed text for both delegations" });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      assert.equal((await arjun.post(`/api/releases/${asked.body.id}/decision`, { decision: "approve" })).status, 200);

      for (const reader of [yossi, sanjay]) {
        const doc = await reader.get(`/api/documents/${id}`);
        assert.equal(doc.status, 200);
        assert.deepEqual(doc.body.versions.map((v: any) => v.version), [2], "the version list holds only the released version");
        // A list page too: its versions carrying the document's marking are read with it, and any
        // other checked on its own (documentsJoinedTo).
        const listed = (await reader.get("/api/documents?limit=50")).body.items.find((d: any) => d.id === id);
        assert.deepEqual(listed?.versions.map((v: any) => v.version), [2], "the list holds only the released version");
        assert.ok(!doc.raw.body.includes("jwg18-secret-annex"), "no SECRET-era file name");
        const old = await reader.get(`/api/documents/${id}/content?version=1`);
        const none = await reader.get(`/api/documents/${id}/content?version=9`);
        assert.deepEqual([old.status, old.body], [none.status, none.body], "version 1 answers as a version that does not exist");
        assert.equal(old.status, 404);
        const current = await reader.get(`/api/documents/${id}/content`);
        assert.equal(current.status, 200);
        assert.equal(current.raw.body, "Agreed text for release\n");
        assert.equal(current.raw.headers["x-accord-marking"], "RESTRICTED // REL TO IND, ISR");
        const history = await reader.get(`/api/records/${id}/history`);
        assert.deepEqual(history.body.items.map((v: any) => v.version), [3]);
        for (const path of ["/api/search?q=jwg18", "/api/search?q=annex", "/api/documents/export", `/api/records/${id}/history`]) {
          const res = await reader.get(path);
          assert.ok(!res.raw.body.includes("secret-annex") && !res.raw.body.includes("air defence numbers"), `${path} shows nothing of version 1`);
        }
      }
      // The secretariat, cleared for it, still has both.
      assert.deepEqual((await priya.get(`/api/documents/${id}`)).body.versions.map((v: any) => v.version), [2, 1]);
      assert.equal((await priya.get(`/api/documents/${id}/content?version=1`)).raw.body, "SECRET annex: air defence numbers\n");
      assert.equal((await priya.get(`/api/documents/${id}/content?version=1`)).raw.headers["x-accord-marking"], "SECRET // REL TO IND, ISR // JWG");
    });

    test("row 8: a list filter naming an unreadable record answers as for a made-up one", async () => {
      const action = await priya.post("/api/actions", { marking: BILATERAL, title: "Share the MRSAM test schedule", owner: { country: "IND" }, meetingId: secretMeeting.id });
      assert.equal(action.status, 201, JSON.stringify(action.body));
      const doc = await priya.raw({ method: "POST", url: "/api/documents", ...multipart({ marking: BILATERAL, title: "Agenda of the 18th JWG", kind: "agenda", attachedToId: secretMeeting.id }, "agenda.txt", "text/plain", "Agenda\n") });
      assert.equal(doc.statusCode, 201, doc.body);
      const secretForum = await priya.post("/api/forums", { marking: JWG_SECRET, name: "Sub Working Group on Defence Industry Cooperation", kind: "sub_working_group", members: [{ country: "IND" }, { country: "ISR" }] });
      assert.equal((await priya.post("/api/meetings", { marking: BILATERAL, forumId: secretForum.body.id, sequence: 1 })).status, 201);
      const secretOrg = await priya.post("/api/organisations", { marking: JWG_SECRET, name: "Directorate of Special Projects", country: "IND", kind: "agency" });
      const programme = await priya.post("/api/programmes", { marking: BILATERAL, kind: "co_development", title: "MRSAM seeker upgrade", stage: "development", partners: [{ organisationId: secretOrg.body.id, role: "lead", workShare: 100 }] });
      assert.equal(programme.status, 201, JSON.stringify(programme.body));

      const cases = [
        ["actions", `meetingId=${secretMeeting.id}`, `meetingId=${MADE_UP}`],
        ["documents", `attachedTo=${secretMeeting.id}`, `attachedTo=${MADE_UP}`],
        ["meetings", `forumId=${secretForum.body.id}`, `forumId=${MADE_UP}`],
        ["actions", `forumId=${secretForum.body.id}`, `forumId=${MADE_UP}`],
        ["programmes", `partnerId=${secretOrg.body.id}`, `partnerId=${MADE_UP}`],
      ] as const;
      for (const [path, unreadable, missing] of cases) {
        for (const suffix of ["", "/facets"]) {
          const a = await sanjay.get(`/api/${path}${suffix}?${unreadable}`);
          const b = await sanjay.get(`/api/${path}${suffix}?${missing}`);
          assert.equal(a.status, 200, a.raw.body);
          assert.deepEqual(a.body, b.body, `${path}${suffix}?${unreadable} answers as for a made-up id`);
        }
      }
      // Those who may read the filter's record still get its children.
      assert.equal((await priya.get(`/api/actions?meetingId=${secretMeeting.id}`)).body.items.length, 1);
    });

    test("row 11: documents named in Hebrew, Hindi and Chinese upload intact and download (RFC 6266)", async () => {
      for (const name of ["סיכום ישיבה.txt", "बैठक का सारांश.txt", "会议纪要.txt"]) {
        const up = await priya.raw({ method: "POST", url: "/api/documents", ...multipart({ marking: BILATERAL, title: `Summary ${name}`, kind: "minutes" }, name, "text/plain", "Summary\n") });
        assert.equal(up.statusCode, 201, up.body);
        assert.equal(up.json().versions[0].filename, name, "the name is kept as written");
        const down = await priya.get(`/api/documents/${up.json().id}/content`);
        assert.equal(down.status, 200, down.raw.body);
        const header = String(down.raw.headers["content-disposition"]);
        assert.match(header, /filename\*=UTF-8''/);
        assert.equal(parseDisposition(header).parameters.filename, name);
      }
    });

    test("row 12: JSON nested 50,000 deep is a 400 problem, and the NUL check walks any depth", async () => {
      const deep = "[".repeat(50_000) + "]".repeat(50_000);
      for (const url of ["/api/actions", "/api/drafts"]) {
        const res = await priya.raw({ method: "POST", url, payload: `{"title":${deep}}`, headers: { "content-type": "application/json" } });
        assert.equal(res.statusCode, 400, res.body);
        assert.match(String(res.headers["content-type"]), /application\/problem\+json/);
        assert.equal(res.json().errors[0].rule, "max_depth");
      }
      let value: unknown = "a\u0000b";
      for (let i = 0; i < 100_000; i++) value = [value];
      assert.equal(nulField(value)?.split(".").length, 100_000);
    });

    test("row 13: a draft's source address is http or https only", async () => {
      for (const url of ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd"]) {
        const res = await sanjay.post("/api/drafts", { text: STORY, marking: BILATERAL, url });
        assert.equal(res.status, 400, `${url}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.errors[0].field, "url");
      }
      const ok = await sanjay.post("/api/drafts", { text: STORY, marking: BILATERAL, url: "https://pib.gov.in/PressReleasePage.aspx?PRID=1" });
      assert.equal(ok.status, 201);
      assert.equal(ok.body.source.url, "https://pib.gov.in/PressReleasePage.aspx?PRID=1");
    });
  });

  describe(`attacker findings of issue 11: heavy work (${store})`, () => {
    let heavy: TestEnv;
    let api: Api;
    before(async () => {
      // Room for a megabyte on a loaded shared machine: the point is the ping's latency, not the extraction's.
      heavy = await testEnv(store, { requestTimeoutMs: 120_000, pool: { ...defaultPoolConfig(), timeoutMs: 120_000 } });
      api = client(heavy.app, await buildUser(heavy.store.db, { username: "sanjay.analyst", nationality: "IND", clearance: 1, roles: ["analyst"] }));
    });
    after(async () => { await heavy.close(); });

    test("row 5: /api/ping stays answered while a 1 MB statement is extracted", async () => {
      // About 990 KB of press-release English, as the attacker sent.
      const text = (STORY.split("\n").slice(1).join("\n") + "\n").repeat(Math.floor(990_000 / (STORY.length + 1)));
      assert.ok(text.length > 900_000 && text.length < 1_000_000);
      let done = false;
      const started = performance.now();
      const draft = api.post("/api/drafts", { text, marking: BILATERAL }).finally(() => { done = true; });
      const latencies: number[] = [];
      while (!done) {
        const t0 = performance.now();
        const ping = await heavy.app.inject({ method: "GET", url: "/api/ping" });
        latencies.push(performance.now() - t0);
        assert.equal(ping.statusCode, 200);
        await new Promise((r) => setTimeout(r, 5));
      }
      const res = await draft;
      assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 300));
      latencies.sort((a, b) => a - b);
      const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]!;
      assert.ok(latencies.length >= 5, `pinged ${latencies.length} times in ${(performance.now() - started).toFixed(0)} ms`);
      // A generous bound for a shared machine; bench/ping-under-extraction.ts measures against the 50 ms target.
      assert.ok(p99 < 500, `ping p99 ${p99.toFixed(0)} ms over ${latencies.length} pings while extracting`);
    });
  });
}
