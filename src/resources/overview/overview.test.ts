import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { settleAudit, testEnv, type TestEnv } from "../../testing/harness.ts";
import { seedDemo, DEMO_USERS } from "../../seed/demo.ts";
import { PDFParse } from "pdf-parse";

describe("relationship overview", () => {
  let env: TestEnv;
  before(async () => { env = await testEnv("sqlite"); await seedDemo(env.store); });
  after(async () => { await env.close(); });

  async function as(username: string) {
    const u = DEMO_USERS.find((x) => x.username === username)!;
    const res = await env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username, password: u.password } });
    const cookie = res.cookies.find((c) => c.name === "accord_session")!.value;
    return async (url: string) => (await env.app.inject({ method: "GET", url, headers: { cookie: `accord_session=${cookie}` } })).json();
  }

  test("India's view of Israel: the story on a timeline, the MoU's areas, actions, programmes; only what it may read", async () => {
    const o = await (await as("priya.secretariat"))("/api/overview/ISR");
    assert.equal(o.country, "ISR");
    assert.ok(o.agreements.total >= 1);
    assert.ok(o.agreements.byArea.some((a: { value: string }) => a.value === "cyber-security"));
    const titles = o.timeline.map((t: { title: string }) => t.title);
    assert.ok(titles.some((t: string) => /17th meeting/.test(t)));
    assert.ok(o.actions.open >= 1);
    assert.equal(typeof o.marking.banner, "string");
  });

  test("the printable brief is a real PDF with the derived marking top and bottom of every page, and only what the reader may see", async () => {
    const u = DEMO_USERS.find((x) => x.username === "priya.secretariat")!;
    const signin = await env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username: u.username, password: u.password } });
    const cookie = signin.cookies.find((c) => c.name === "accord_session")!.value;
    const res = await env.app.inject({ method: "GET", url: "/api/overview/ISR/brief.pdf", headers: { cookie: `accord_session=${cookie}` } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers["content-type"], "application/pdf");
    assert.equal(res.rawPayload.subarray(0, 5).toString(), "%PDF-");
    const banner = String(res.headers["x-accord-marking"]);
    const parsed = await new PDFParse({ data: new Uint8Array(res.rawPayload) }).getText();
    assert.ok(parsed.pages.length >= 1);
    // Text comes back in drawing order, not position: each page draws the banner twice (top and bottom).
    for (const page of parsed.pages) {
      assert.equal(page.text.split(banner).length - 1, 2, `page ${page.num} carries the banner top and bottom`);
    }
    assert.match(parsed.text, /17th meeting of the India–Israel Joint Working Group|17th meeting/);
    assert.match(parsed.text, /Memorandum of Understanding on defence cooperation signed/);
    await settleAudit(env.store);
    const events = await env.store.db.selectFrom("audit_events").select(["action", "marking"]).where("action", "=", "overview.brief").execute();
    assert.deepEqual(events.map((e) => e.marking), [banner], "the export is audited with its marking");

    const yossi = DEMO_USERS.find((x) => x.username === "yossi.member")!;
    const s2 = await env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username: yossi.username, password: yossi.password } });
    const c2 = s2.cookies.find((c) => c.name === "accord_session")!.value;
    const narrow = await env.app.inject({ method: "GET", url: "/api/overview/IND/brief.pdf", headers: { cookie: `accord_session=${c2}` } });
    const text = (await new PDFParse({ data: new Uint8Array(narrow.rawPayload) }).getText()).text;
    assert.ok(!text.includes("Illustrative: circulate"), "no unreadable action in his brief");
  });

  test("a narrower reader sees less, never more, and the overview's marking reflects what it drew on", async () => {
    const broad = await (await as("priya.secretariat"))("/api/overview/ISR");
    const narrow = await (await as("yossi.member"))("/api/overview/IND");
    assert.ok(narrow.actions.open <= broad.actions.open);
    assert.equal(narrow.actions.open, 0, "the JWG actions are in the JWG compartment, which he does not hold");
    assert.ok(!JSON.stringify(narrow).includes("Illustrative: circulate"), "no title of an unreadable action");
    assert.ok(["UNCLASSIFIED", "RESTRICTED"].includes(narrow.marking.classification));
  });
});
