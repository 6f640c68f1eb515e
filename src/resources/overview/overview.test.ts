import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { testEnv, type TestEnv } from "../../testing/harness.ts";
import { seedDemo, DEMO_USERS } from "../../seed/demo.ts";

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

  test("a narrower reader sees less, never more, and the overview's marking reflects what it drew on", async () => {
    const broad = await (await as("priya.secretariat"))("/api/overview/ISR");
    const narrow = await (await as("yossi.member"))("/api/overview/IND");
    assert.ok(narrow.actions.open <= broad.actions.open);
    assert.equal(narrow.actions.open, 0, "the JWG actions are in the JWG compartment, which he does not hold");
    assert.ok(!JSON.stringify(narrow).includes("Illustrative: circulate"), "no title of an unreadable action");
    assert.ok(["UNCLASSIFIED", "RESTRICTED"].includes(narrow.marking.classification));
  });
});
