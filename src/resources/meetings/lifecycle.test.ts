// The meeting life cycle's guard rails (issue 14): held only from the first day, "held" undone
// until a co-chair approves, minutes drafted before the meeting, agreed minutes freezing the
// agenda, attendance and outcomes (a change reopens them as a new version), versions compared
// word by word, approvals naming the co-chair, and agreed minutes exported as a marked PDF.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { PDFParse } from "pdf-parse";
import { client, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";
import { actualTexts, comparable, phrase } from "../../testing/pdf-text.ts";
import { minutesPdf } from "./minutes-pdf.ts";
import { todayDate } from "./policy.ts";

const REL = { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] };
const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };
const dayOffset = (days: number) => todayDate(new Date(Date.now() + days * 86_400_000));

for (const kind of STORES) {
  describe(`the meeting life cycle (${kind})`, () => {
    let env: TestEnv;
    let api: ReturnType<typeof client>;
    let ind: ReturnType<typeof client>;
    let isr: ReturnType<typeof client>;
    let forumId: string;
    let singh: string;
    let baram: string;

    before(async () => {
      env = await testEnv(kind);
      const sec = await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat"], compartments: ["JWG"] });
      api = client(env.app, sec);
      singh = (await api.post("/api/people", { marking: PUBLIC, name: "Rajesh Kumar Singh", country: "IND" })).body.id;
      baram = (await api.post("/api/people", { marking: PUBLIC, name: "Amir Baram", country: "ISR" })).body.id;
      ind = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["member"], compartments: ["JWG"], personId: singh }));
      isr = client(env.app, await buildUser(env.store.db, { nationality: "ISR", clearance: 3, roles: ["member"], compartments: ["JWG"], personId: baram }));
      forumId = (await api.post("/api/forums", { marking: PUBLIC, name: "Joint Working Group", kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }] })).body.id;
    });
    after(async () => { await env.close(); });

    const meeting = async (dateStart: string | null) => {
      const m = await api.post("/api/meetings", { marking: REL, forumId, dateStart, venueCity: "Tel Aviv", coChairs: [{ country: "IND", personId: singh }, { country: "ISR", personId: baram }] });
      assert.equal(m.status, 201, JSON.stringify(m.body));
      return m.body;
    };
    const put = (url: string, payload: unknown) => api.raw({ method: "PUT", url, payload: payload as object }).then((r) => ({ status: r.statusCode, body: r.json() }));

    test("a meeting is marked held only from its first day, and says so in its policies", async () => {
      for (const dateStart of [dayOffset(1), dayOffset(90), null]) {
        const m = await meeting(dateStart);
        assert.equal(m.policies.markHeld, false, `no "mark as held" offered for ${dateStart}`);
        const res = await api.patch(`/api/meetings/${m.id}`, { status: "held" });
        assert.equal(res.status, 409, JSON.stringify(res.body));
        assert.equal(res.body.errors[0].rule, "not_started");
        const now = (await api.get(`/api/meetings/${m.id}`)).body;
        assert.deepEqual([now.status, now.version], ["planned", m.version], "nothing written");
      }
      const today = await meeting(todayDate());
      assert.equal(today.policies.markHeld, true);
      const held = await api.patch(`/api/meetings/${today.id}`, { status: "held" });
      assert.equal(held.body.status, "held");
      // A held meeting cannot be moved into the future either.
      const moved = await api.patch(`/api/meetings/${today.id}`, { dateStart: dayOffset(30) });
      assert.equal(moved.status, 409);
      assert.equal(moved.body.errors[0].rule, "not_started");
    });

    test("held is undone by the secretariat until a co-chair approves the minutes", async () => {
      const m = await meeting(dayOffset(-3));
      await api.patch(`/api/meetings/${m.id}`, { status: "held" });
      assert.equal((await api.get(`/api/meetings/${m.id}`)).body.policies.undoHeld, true);
      assert.equal((await ind.patch(`/api/meetings/${m.id}`, { status: "planned" })).status, 403, "not by a member");
      const undone = await api.patch(`/api/meetings/${m.id}`, { status: "planned" });
      assert.equal(undone.body.status, "planned");
      await api.patch(`/api/meetings/${m.id}`, { status: "held" });
      await api.post(`/api/meetings/${m.id}/minutes`, { text: "Draft" });
      assert.equal((await ind.post(`/api/meetings/${m.id}/minutes/1/approve`)).status, 200);
      const after = (await api.get(`/api/meetings/${m.id}`)).body;
      assert.equal(after.policies.undoHeld, false);
      const refused = await api.patch(`/api/meetings/${m.id}`, { status: "planned" });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.errors[0].rule, "has_approvals");
      assert.equal((await api.get(`/api/meetings/${m.id}`)).body.status, "held");
    });

    test("minutes are drafted before the meeting; approvals name the co-chair; the status names who is missing", async () => {
      const m = await meeting(dayOffset(-1));
      assert.equal(m.policies.writeMinutes, true);
      const draft = await api.post(`/api/meetings/${m.id}/minutes`, { text: "Opening remarks by both co-chairs." });
      assert.equal(draft.status, 201);
      assert.deepEqual(draft.body.minutes.awaiting.map((a: any) => [a.country, a.person.title]), [["IND", "Rajesh Kumar Singh"], ["ISR", "Amir Baram"]]);
      assert.equal((await ind.post(`/api/meetings/${m.id}/minutes/1/approve`)).status, 409, "approved only once held");
      await api.patch(`/api/meetings/${m.id}`, { status: "held" });
      const one = await isr.post(`/api/meetings/${m.id}/minutes/1/approve`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.body.minutes.awaiting.map((a: any) => [a.country, a.person.title]), [["IND", "Rajesh Kumar Singh"]], "India's co-chair is still outstanding");
      assert.equal(one.body.minutes.approvals[0].person.title, "Amir Baram");
      const history = (await api.get(`/api/meetings/${m.id}/minutes`)).body;
      assert.equal(history.versions[0].approvals[0].person.title, "Amir Baram");
      assert.equal(history.versions[0].approvals[0].country, "ISR");
    });

    test("agreed minutes freeze agenda, attendance and outcomes: a change opens a new version needing agreement again", async () => {
      const m = await meeting(dayOffset(-10));
      await api.patch(`/api/meetings/${m.id}`, { status: "held" });
      await put(`/api/meetings/${m.id}/outcomes`, [{ text: "Explore co-production" }]);
      await api.post(`/api/meetings/${m.id}/minutes`, { text: "Agreed text." });
      await ind.post(`/api/meetings/${m.id}/minutes/1/approve`);
      const agreed = (await isr.post(`/api/meetings/${m.id}/minutes/1/approve`)).body;
      assert.equal(agreed.status, "minutes_agreed");
      const parts: [string, unknown][] = [
        ["agenda", [{ title: "A new item" }]],
        ["attendance", [{ country: "IND", personId: singh, attended: true }]],
        ["outcomes", [{ text: "Explore co-production" }, { text: "A later addition" }]],
      ];
      for (const [part, body] of parts) {
        const refused = await put(`/api/meetings/${m.id}/${part}`, body);
        assert.equal(refused.status, 409, `${part}: ${JSON.stringify(refused.body)}`);
        assert.equal(refused.body.errors[0].rule, "minutes_agreed");
      }
      const still = (await api.get(`/api/meetings/${m.id}`)).body;
      assert.deepEqual([still.status, still.version, still.outcomes.length, still.minutes.latestVersion], ["minutes_agreed", agreed.version, 1, 1], "nothing written");

      const reopened = await put(`/api/meetings/${m.id}/outcomes?reopenMinutes=true`, [{ text: "Explore co-production" }, { text: "A later addition" }]);
      assert.equal(reopened.status, 200, JSON.stringify(reopened.body));
      assert.deepEqual([reopened.body.status, reopened.body.minutes.latestVersion, reopened.body.minutes.agreedVersion, reopened.body.outcomes.length], ["held", 2, null, 2]);
      const versions = (await api.get(`/api/meetings/${m.id}/minutes`)).body.versions;
      assert.equal(versions[0].text, "Agreed text.", "the new version starts from the agreed text");
      assert.equal(reopened.body.minutes.awaiting.length, 2, "both co-chairs must agree again");
      // While not agreed, changes need no reopening.
      assert.equal((await put(`/api/meetings/${m.id}/agenda`, [{ title: "Item" }])).status, 200);
    });

    test("any two versions compare word by word; an unknown version is not found", async () => {
      const m = await meeting(dayOffset(-2));
      await api.post(`/api/meetings/${m.id}/minutes`, { text: "The sides agreed to meet in Delhi in March." });
      await api.post(`/api/meetings/${m.id}/minutes`, { text: "The sides agreed to meet in Tel Aviv in March." });
      const res = await api.get(`/api/meetings/${m.id}/minutes/diff?from=1&to=2`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const parts = res.body.parts as { op: string; text: string }[];
      assert.equal(parts.filter((p) => p.op === "removed").map((p) => p.text).join(""), "Delhi");
      assert.equal(parts.filter((p) => p.op === "added").map((p) => p.text).join(""), "Tel Aviv");
      assert.equal(parts.filter((p) => p.op !== "added").map((p) => p.text).join(""), "The sides agreed to meet in Delhi in March.");
      assert.equal(parts.filter((p) => p.op !== "removed").map((p) => p.text).join(""), "The sides agreed to meet in Tel Aviv in March.");
      assert.equal((await api.get(`/api/meetings/${m.id}/minutes/diff?from=1&to=7`)).status, 404);
      assert.equal((await api.get(`/api/meetings/${m.id}/minutes/diff?from=1`)).status, 400);
    });

    test("agreed minutes export as a PDF marked top and bottom of every page, naming who approved and when", async () => {
      const m = await meeting(dayOffset(-5));
      await api.patch(`/api/meetings/${m.id}`, { status: "held" });
      const text = Array.from({ length: 120 }, (_, i) => `Paragraph ${i + 1}: the delegations reviewed cooperation in detail.`).join("\n\n");
      await api.post(`/api/meetings/${m.id}/minutes`, { text });
      assert.equal((await api.get(`/api/meetings/${m.id}/minutes.pdf`)).status, 409, "not before agreement");
      await ind.post(`/api/meetings/${m.id}/minutes/1/approve`);
      await isr.post(`/api/meetings/${m.id}/minutes/1/approve`);
      const res = await api.get(`/api/meetings/${m.id}/minutes.pdf`);
      assert.equal(res.status, 200);
      assert.equal(res.raw.headers["content-type"], "application/pdf");
      const banner = "RESTRICTED // REL TO IND, ISR // JWG";
      assert.equal(res.raw.headers["x-accord-marking"], banner);
      const parsed = await new PDFParse({ data: new Uint8Array(res.raw.rawPayload) }).getText();
      assert.ok(parsed.pages.length >= 3, `several pages: ${parsed.pages.length}`);
      // Text comes back in drawing order, not position: each page draws the banner twice (top and bottom).
      for (const page of parsed.pages) assert.equal(page.text.split(banner).length - 1, 2, `page ${page.num} carries the banner top and bottom`);
      const first = parsed.pages[0]!.text;
      assert.match(first, /Rajesh Kumar Singh, co-chair for IND, on \d{4}-\d\d-\d\d/);
      assert.match(first, /Amir Baram, co-chair for ISR, on \d{4}-\d\d-\d\d/);
      assert.match(parsed.text, /Paragraph 120:/);
      assert.match(parsed.pages.at(-1)!.text, new RegExp(`Page ${parsed.pages.length} of ${parsed.pages.length}`), "pages are numbered");
    });

    test("minutes in Hebrew and Hindi print as written, not as question marks", async () => {
      const pdf = await minutesPdf({
        title: "18th meeting of the Joint Working Group", marking: "RESTRICTED // REL TO IND, ISR // JWG  (ISR: שמור)", version: 2,
        when: "2026-03-04, नई दिल्ली, IND", approvals: [{ country: "ISR", name: "אמיר ברעם", approvedAt: "2026-03-05T10:00:00.000Z" }, { country: "IND", name: "राजेश कुमार सिंह", approvedAt: "2026-03-05T11:00:00.000Z" }],
        text: "הצדדים הסכימו להיפגש בתל אביב במרץ\n\nदोनों पक्ष मार्च में मिलने पर सहमत हुए\n\nThe sides agreed to meet in March.", madeOn: "2026-03-06", madeFor: "Test",
      });
      const parsed = await new PDFParse({ data: new Uint8Array(pdf) }).getText();
      assert.ok(!parsed.text.includes("?"), `no character lost: ${parsed.text}`);
      const read = comparable(parsed.text);
      for (const p of ["הצדדים הסכימו להיפגש בתל אביב במרץ", "मिलने पर सहमत", "राजेश कुमार", "नई दिल्ली", "שמור"]) assert.ok(read.includes(phrase(p)), `"${p}" in ${read}`);
      assert.match(read, /The sides agreed to meet in March/);
      // Hindi is shaped, so its characters travel beside the glyphs as each line's ActualText (for copying and search).
      const actual = actualTexts(pdf);
      assert.ok(actual.includes("दोनों पक्ष मार्च में मिलने पर सहमत हुए"), `the Hindi line as written: ${JSON.stringify(actual)}`);
      assert.ok(actual.some((t) => t.startsWith("• राजेश कुमार सिंह, co-chair for IND")), JSON.stringify(actual));
      assert.ok(!actual.some((t) => /[\u0590-\u05FF]/.test(t)), "Hebrew lines are left to the reader's own bidirectional ordering");
    });
  });
}
