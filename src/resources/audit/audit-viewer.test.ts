import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";
import { readSetHash, verifyEvents, type ChainedEvent, type ReadSet } from "../../audit/chain.ts";
import { queuedCount } from "../../audit/log.ts";
import { defaultAuditConfig } from "../../audit/service.ts";

for (const kind of STORES) describe(`audit viewer, export and autocomplete (${kind})`, () => {
  let env: TestEnv;
  // The background sequencer never runs by itself here, so what the viewer shows it chained itself.
  before(async () => { env = await testEnv(kind, { audit: { ...defaultAuditConfig({}), tickMs: 1e9, walCheckpointMs: 0 } }); });
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

  test("events still queued are chained before the auditor sees them; a list read shows the records it returned", async () => {
    const author = await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat"] });
    const api = client(env.app, author);
    const made = await api.post("/api/organisations", { marking: { classification: "SECRET", releasableTo: ["ISR"] }, name: "Queued Works", country: "IND", kind: "company" });
    const list = await api.get("/api/organisations?limit=100");
    assert.equal(list.status, 200);
    if (kind === "postgres") assert.ok(await queuedCount(env.store.db) >= 2, "on PostgreSQL the write and the read wait in the queue");
    const auditor = client(env.app, await buildUser(env.store.db, { roles: ["auditor"] }));
    const log = await auditor.get("/api/audit?limit=50");
    const created = log.body.items.find((e: { action: string; target: string }) => e.action === "organisation.create" && e.target === made.body.id);
    assert.ok(Number.isInteger(created?.seq) && created.hash.length === 64, "shown with its place in the chain");
    const read = log.body.items.find((e: { action: string; actor: string }) => e.action === "organisation.list" && e.actor === author.userId);
    assert.deepEqual(read.readSetRecords, { "SECRET // REL TO IND, ISR": [made.body.id] });
    assert.equal(read.details.records, 1);
    assert.equal(read.details.readSet, readSetHash(read.readSetRecords as ReadSet));
    assert.equal(await queuedCount(env.store.db), kind === "postgres" ? 1 : 0, "only the viewing itself is queued now");
    const verify = (await auditor.get("/api/audit/verify")).body;
    assert.equal(verify.chain.ok, true);
    assert.equal(verify.anchored, false);
    assert.equal(verify.uncovered, verify.events, "nothing signed yet");
  });

  test("the export carries the chain intact: a third party can re-verify it", async () => {
    const auditor = await buildUser(env.store.db, { roles: ["auditor"] });
    const res = await client(env.app, auditor).get("/api/audit/export");
    assert.equal(res.status, 200);
    const events = res.raw.body.trim().split("\n").map((l: string) => JSON.parse(l) as ChainedEvent & { readSetRecords?: ReadSet });
    assert.ok(events.length >= 2, "the create and the viewing before it");
    assert.equal(verifyEvents(events).ok, true);
    const reads = events.filter((e) => e.details.readSet);
    assert.ok(reads.length > 0);
    for (const e of reads) assert.equal(readSetHash(e.readSetRecords!), e.details.readSet, "each list read's records match the hash its event holds");
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
