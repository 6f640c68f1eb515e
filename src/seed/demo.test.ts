import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { testEnv, type TestEnv } from "../testing/harness.ts";
import { seedDemo, DEMO_USERS } from "./demo.ts";
import { verifyChain } from "../audit/log.ts";

describe("demo data", () => {
  let env: TestEnv;
  before(async () => { env = await testEnv("sqlite"); await seedDemo(env.store); });
  after(async () => { await env.close(); });

  async function signIn(username: string) {
    const user = DEMO_USERS.find((u) => u.username === username)!;
    const res = await env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username, password: user.password } });
    assert.equal(res.statusCode, 200, res.body);
    const cookie = res.cookies.find((c) => c.name === "accord_session")!;
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, "Strict");
    const { csrfToken } = res.json();
    return (url: string) => env.app.inject({ method: "GET", url, headers: { cookie: `accord_session=${cookie.value}`, "x-csrf-token": csrfToken } });
  }

  test("the story is there: the MoU with its six areas, signed by the two co-chairs", async () => {
    const get = await signIn("meera.member");
    const res = (await get("/api/agreements")).json();
    const mou = res.items.find((a: { agreementKind: string }) => a.agreementKind === "MoU");
    assert.equal(mou.signedOn, "2025-11-04");
    assert.equal(mou.signedAt, "Tel Aviv");
    assert.equal(mou.areas.length, 6);
    assert.deepEqual(mou.signatories.map((s: { title: string }) => s.title).sort(), ["Amir Baram", "Rajesh Kumar Singh"]);
  });

  test("the 17th JWG: co-chairs, the MoU signed there, an open action carried over from the 15th, minutes awaiting Israel's approval", async () => {
    const get = await signIn("meera.member");
    const meetings = (await get("/api/meetings")).json();
    const m17 = meetings.items.find((m: { sequence: number }) => m.sequence === 17);
    assert.equal(m17.dateStart, "2025-11-04");
    assert.equal(m17.venueCity, "Tel Aviv");
    assert.deepEqual(m17.coChairs.map((c: { person: { title: string } }) => c.person.title).sort(), ["Amir Baram", "Rajesh Kumar Singh"]);
    const carried = m17.agenda.filter((a: { action: unknown }) => a.action);
    assert.equal(carried.length, 1);
    assert.equal(m17.minutes.latestVersion, 1);
    assert.deepEqual(m17.minutes.approvals.map((a: { country: string }) => a.country), ["IND"]);
    const mou = (await get("/api/agreements")).json().items.find((a: { agreementKind: string }) => a.agreementKind === "MoU");
    assert.equal(mou.signedDuring.id, m17.id);
    const isr = await signIn("isr.cochair");
    const approve = await env.app.inject({ method: "GET", url: `/api/meetings/${m17.id}` });
    assert.equal(approve.statusCode, 401);
    assert.equal((await isr(`/api/meetings/${m17.id}`)).json().status, "held");
  });

  test("the visits and the call-on of 6 Nov 2025; the programmes, each seen only in its compartment, with IC against DAP 2020", async () => {
    const get = await signIn("meera.member");
    const eng = (await get("/api/engagements")).json().items;
    const visit = eng.find((e: { engagementKind: string }) => e.engagementKind === "visit");
    assert.deepEqual(visit.hosts.map((h: { title: string }) => h.title).sort(), ["Elbit Systems", "Israel Aerospace Industries", "Rafael Advanced Defense Systems"]);
    assert.equal(eng.find((e: { engagementKind: string }) => e.engagementKind === "call_on").hosts[0].title, "Israel Katz");
    assert.equal((await get("/api/programmes")).json().items.length, 0, "no programme compartment");
    const kavita = (await (await signIn("kavita.programme"))("/api/programmes")).json().items;
    assert.deepEqual(kavita.map((p: { title: string }) => p.title), ["Barak-8 / MRSAM medium-range surface-to-air missile"]);
    const ic = kavita[0].indigenousContent;
    assert.equal(ic.minimumPercent, 60);
    assert.equal(ic.icPercent, 54.55, "(2200 - 900 - 100) / 2200, taxes excluded");
    assert.equal(ic.compliant, false);
    const ravi = (await (await signIn("ravi.industry"))("/api/programmes")).json().items;
    assert.deepEqual(ravi.map((p: { compartment: string }) => p.compartment), ["KRAS"], "the industry user sees his company's programme only");
  });

  test("an Israeli member sees neither India-only nor compartmented papers", async () => {
    const get = await signIn("yossi.member");
    const docs = (await get("/api/documents")).json();
    assert.equal(docs.items.length, 0);
    const search = (await get("/api/search?q=illustrative")).json();
    assert.ok(search.items.every((i: { marking: { classification: string } }) => i.marking.classification === "UNCLASSIFIED" || i.marking.classification === "RESTRICTED"));
  });

  test("a security officer must enrol a second factor before anything else", async () => {
    const get = await signIn("arjun.security");
    const res = await get("/api/releases?status=pending");
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().code, "mfa_required");
  });

  test("the audit chain of the seeded data verifies", async () => {
    const v = await verifyChain(env.store.db);
    assert.equal(v.ok, true, JSON.stringify(v));
    assert.ok(v.events > 20);
  });
});
