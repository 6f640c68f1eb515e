import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";
import { verifyEvents, type ChainedEvent } from "../../audit/chain.ts";

describe("audit viewer, export and autocomplete", () => {
  let env: TestEnv;
  before(async () => { env = await testEnv("sqlite"); });
  after(async () => { await env.close(); });

  test("auditors see targets they cannot read by id and marking only; others may not see the log", async () => {
    const author = await buildUser(env.store.db, { nationality: "IND", clearance: 4, roles: ["secretariat"] });
    const made = await client(env.app, author).post("/api/organisations", { marking: { classification: "TOP SECRET", releasableTo: [] }, name: "Codename Peacock", country: "IND", kind: "other" });
    const auditor = await buildUser(env.store.db, { nationality: "IND", clearance: 1, roles: ["auditor"] });
    const log = await client(env.app, auditor).get("/api/audit?limit=20");
    assert.equal(log.status, 200);
    const ev = log.body.items.find((e: { action: string }) => e.action === "organisation.create");
    assert.equal(ev.target, made.body.id);
    assert.equal(ev.marking, "TOP SECRET // IND ONLY");
    assert.deepEqual(ev.targetRecord, { id: null, withheld: true });
    assert.ok(!JSON.stringify(log.body).includes("Peacock"), "no title of an unreadable target");
    assert.equal((await client(env.app, author).get("/api/audit")).status, 403);
    const verify = await client(env.app, auditor).get("/api/audit/verify");
    assert.equal(verify.body.chain.ok, true);
  });

  test("the export carries the chain intact: a third party can re-verify it", async () => {
    const auditor = await buildUser(env.store.db, { roles: ["auditor"] });
    const res = await client(env.app, auditor).get("/api/audit/export");
    assert.equal(res.status, 200);
    const events = res.raw.body.trim().split("\n").map((l: string) => JSON.parse(l) as ChainedEvent);
    assert.ok(events.length >= 2, "the create and the viewing before it");
    assert.equal(verifyEvents(events).ok, true);
  });

  test("autocomplete answers only with readable titles, and treats % and _ literally", async () => {
    const author = await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat"] });
    const api = client(env.app, author);
    await api.post("/api/organisations", { marking: { classification: "UNCLASSIFIED", releasableTo: "ALL" }, name: "Hindustan Aeronautics Limited", country: "IND", kind: "dpsu" });
    await api.post("/api/organisations", { marking: { classification: "SECRET", releasableTo: [] }, name: "Hindustan Secret Works", country: "IND", kind: "other" });
    const low = client(env.app, await buildUser(env.store.db, { nationality: "ISR", clearance: 1 }));
    assert.deepEqual((await low.get("/api/suggest?q=hindu")).body.items.map((i: { title: string }) => i.title), ["Hindustan Aeronautics Limited"]);
    assert.equal((await api.get("/api/suggest?q=hindu")).body.items.length, 2);
    assert.equal((await api.get("/api/suggest?q=%25")).body.items.length, 0);
  });
});
