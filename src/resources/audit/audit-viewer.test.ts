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

  test("filters: by user name (any part, any case) with actors named, by part of the action type, by exact type, by target, by day", async () => {
    const author = await buildUser(env.store.db, { username: "Meera.Filter_Test", nationality: "IND", clearance: 3, roles: ["secretariat"] });
    const other = await buildUser(env.store.db, { username: "someone.else", nationality: "IND", clearance: 3, roles: ["secretariat"] });
    const made = await client(env.app, author).post("/api/organisations", { marking: { classification: "RESTRICTED", releasableTo: ["ISR"] }, name: "Filtered Works", country: "IND", kind: "company" });
    await client(env.app, author).patch(`/api/organisations/${made.body.id}`, { name: "Filtered Works Ltd", version: made.body.version });
    await client(env.app, other).post("/api/organisations", { marking: { classification: "RESTRICTED", releasableTo: ["ISR"] }, name: "Other Works", country: "IND", kind: "company" });
    const auditor = client(env.app, await buildUser(env.store.db, { roles: ["auditor"] }));
    const get = async (q: string) => { const r = await auditor.get(`/api/audit?${q}`); assert.equal(r.status, 200, JSON.stringify(r.body)); return r.body.items as { seq: number; actor: string; action: string; target: string; at: string; actorName: { username: string } | null }[]; };

    const byName = await get("actor=filter_t&limit=500");
    assert.ok(byName.length >= 2 && byName.every((e) => e.actor === author.userId), "part of the user name, its _ taken literally, any case");
    assert.equal(byName[0]!.actorName?.username, "Meera.Filter_Test", "the actor named, not a bare id");
    assert.deepEqual((await get(`actor=${author.userId}&limit=500`)).map((e) => e.seq), byName.map((e) => e.seq), "or by id");
    assert.deepEqual(await get("actor=nobody-by-that-name"), [], "no such user: no events");
    assert.deepEqual(await get("actor=%25"), [], "% is literal");

    const creates = await get("action=ORGANISATION.CR&limit=500");
    assert.ok(creates.length >= 2 && creates.every((e) => e.action === "organisation.create"), "part of the type, any case");
    const org = await get("action=organisation&limit=500");
    assert.ok(["organisation.create", "organisation.update"].every((a) => org.some((e) => e.action === a)), "'organisation' finds every organisation action");
    const exact = await get("type=organisation.create&limit=500");
    assert.deepEqual(exact.map((e) => e.seq), creates.map((e) => e.seq));
    assert.deepEqual(await get("type=organisation"), [], "a type matches exactly");
    const types = await auditor.get("/api/audit/actions");
    assert.equal(types.status, 200);
    assert.ok(types.body.items.includes("organisation.create") && types.body.items.includes("audit.view"));
    assert.deepEqual(types.body.items, [...new Set(types.body.items as string[])].sort(), "each type once, in order");
    assert.equal((await client(env.app, author).get("/api/audit/actions")).status, 403, "auditors only");

    const onTarget = await get(`target=${made.body.id}&limit=500`);
    assert.deepEqual(onTarget.map((e) => e.action).sort(), ["organisation.create", "organisation.update"]);
    assert.deepEqual((await get(`target=${made.body.id}&actor=someone.else`)), [], "filters combine");

    const today = new Date().toISOString().slice(0, 10);
    const shift = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    assert.equal((await get(`from=${today}&to=${today}&target=${made.body.id}`)).length, 2, "today's events, the last day included");
    assert.deepEqual(await get(`from=${shift(1)}&target=${made.body.id}`), []);
    assert.deepEqual(await get(`to=${shift(-1)}&target=${made.body.id}`), []);
    const backwards = await auditor.get(`/api/audit?from=${today}&to=${shift(-1)}`);
    assert.equal(backwards.status, 400);
    assert.ok(backwards.body.errors.some((e: { field: string }) => e.field.endsWith("to")), JSON.stringify(backwards.body));
    assert.equal((await auditor.get("/api/audit?from=2025-02-30")).status, 400, "a day that does not exist");
    assert.equal((await auditor.get("/api/audit?from=yesterday")).status, 400);
  });

  test("pages follow the cursor under a filter, without gaps or repeats", async () => {
    const author = await buildUser(env.store.db, { username: "pager.person", nationality: "IND", clearance: 3, roles: ["secretariat"] });
    for (const name of ["Page One", "Page Two", "Page Three", "Page Four", "Page Five"]) {
      await client(env.app, author).post("/api/organisations", { marking: { classification: "UNCLASSIFIED", releasableTo: "ALL" }, name, country: "IND", kind: "company" });
    }
    const auditor = client(env.app, await buildUser(env.store.db, { roles: ["auditor"] }));
    const all = (await auditor.get("/api/audit?actor=pager.person&type=organisation.create&limit=500")).body.items.map((e: { seq: number }) => e.seq);
    assert.equal(all.length, 5);
    const seen: number[] = [];
    let url = "/api/audit?actor=pager.person&type=organisation.create&limit=2";
    for (;;) {
      const page = (await auditor.get(url)).body;
      seen.push(...page.items.map((e: { seq: number }) => e.seq));
      if (page.nextBefore === null) break;
      url = `/api/audit?actor=pager.person&type=organisation.create&limit=2&before=${page.nextBefore}`;
    }
    assert.deepEqual(seen, all);
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
