// The story across two real instances (issue 17): India's 18th JWG meeting, marked RESTRICTED //
// REL TO IND, ISR // JWG, reaches Israel's instance as a read-only replica; an India-only SECRET
// document never leaves; a document India releases to Israel arrives with its file; narrowing its
// releasability again retracts it on Israel's side. Israel's instance runs on each store.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { STORES, client, settleAudit } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { multipart } from "../testing/leak-world.ts";
import { hashText } from "./bundle.ts";
import { link, replicas, settle, startInstance, type Instance } from "./testing.ts";

const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };

for (const kind of STORES) {
  describe(`federation story: India (sqlite) → Israel (${kind})`, () => {
    let ind: Instance;
    let isr: Instance;
    before(async () => {
      ind = await startInstance("sqlite", "IND");
      isr = await startInstance(kind, "ISR");
    });
    after(async () => {
      await ind?.close();
      await isr?.close();
    });

    test("federation is off until a peer is added: records stay home, the bundle endpoint knows no one", async () => {
      const made = await ind.author.post("/api/actions", { marking: PUBLIC, title: "Before any peer", owner: { country: "IND" } });
      assert.equal(made.status, 201);
      assert.equal((await ind.env.store.db.selectFrom("federation_outbox").selectAll().execute()).length, 0);
      assert.deepEqual(await ind.env.app.federation.sync(), []);
    });

    test("peers are managed by security officers of the home country only, and every change is audited", async () => {
      const member = client(ind.env.app, await buildUser(ind.env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat"] }));
      assert.equal((await member.get("/api/federation/peers")).status, 403);
      const foreignOfficer = client(ind.env.app, await buildUser(ind.env.store.db, { nationality: "ISR", clearance: 4, roles: ["security_officer"] }));
      assert.equal((await foreignOfficer.post("/api/federation/peers", { country: "ISR", url: isr.url, key: "ed25519:x", level: "SECRET" })).status, 403);
      const bad = await ind.officer.post("/api/federation/peers", { country: "ISR", url: isr.url, key: "not a key", level: "SECRET", compartments: ["JWG"] });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].field, "key");
      assert.equal((await ind.env.store.db.selectFrom("federation_peers").selectAll().execute()).length, 0, "a refused add writes nothing");
      await link(ind, isr, "SECRET", ["JWG", "SWG-DIC"]);
      const listed = await ind.officer.get("/api/federation/peers");
      assert.equal(listed.status, 200);
      assert.equal(listed.body.peers.length, 1);
      assert.deepEqual([listed.body.peers[0].country, listed.body.peers[0].level, listed.body.peers[0].compartments], ["ISR", "SECRET", ["JWG", "SWG-DIC"]]);
      const dup = await ind.officer.post("/api/federation/peers", { country: "ISR", url: isr.url, key: listed.body.identity.key, level: "SECRET" });
      assert.equal(dup.status, 409);
      await settleAudit(ind.env.store);
      const events = await ind.env.store.db.selectFrom("audit_events").select(["action", "outcome"]).where("action", "like", "federation.peer.%").execute();
      assert.ok(events.some((e) => e.action === "federation.peer.add" && e.outcome === "success"));
      assert.ok(events.some((e) => e.action === "federation.peer.list" && e.outcome === "denied"));
      assert.ok(events.some((e) => e.action === "federation.peer.add" && e.outcome === "denied"));
    });

    let meetingId = "";
    let secretDocId = "";
    test("India's 18th JWG meeting reaches Israel, marked as India marked it; the India-only SECRET document never leaves", async () => {
      const forum = await ind.author.post("/api/forums", { marking: PUBLIC, name: "India–Israel Joint Working Group", kind: "jwg", members: [{ country: "IND" }, { country: "ISR" }] });
      assert.equal(forum.status, 201, JSON.stringify(forum.body));
      const meeting = await ind.author.post("/api/meetings", {
        marking: { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] }, forumId: forum.body.id, sequence: 18, dateStart: "2026-02-10", venueCity: "New Delhi",
      });
      assert.equal(meeting.status, 201, JSON.stringify(meeting.body));
      meetingId = meeting.body.id;
      const upload = multipart({ marking: { classification: "SECRET", releasableTo: [] }, title: "India-only assessment", kind: "report" }, "assessment.txt", "text/plain", "India only\n");
      const doc = await ind.author.raw({ method: "POST", url: "/api/documents", ...upload });
      assert.equal(doc.statusCode, 201, doc.body);
      secretDocId = doc.json().id;
      await settle([ind, isr]);

      const held = await replicas(isr);
      assert.ok(held.has(meetingId), "the meeting arrived");
      assert.ok(held.has(forum.body.id), "its UNCLASSIFIED forum arrived");
      assert.ok(!held.has(secretDocId), "the India-only document did not");
      const sentBodies = (await ind.env.store.db.selectFrom("federation_bundles_out").select("body").execute()).map((r) => r.body).join("\n");
      assert.ok(!sentBodies.includes(secretDocId) && !sentBodies.includes("India-only assessment"), "no bundle ever carried it");

      const israeli = client(isr.env.app, await buildUser(isr.env.store.db, { nationality: "ISR", clearance: 3, compartments: ["JWG"], roles: ["member"] }));
      const seen = await israeli.get("/api/federation/replicas");
      assert.equal(seen.status, 200);
      const m = seen.body.items.find((x: { id: string }) => x.id === meetingId);
      assert.equal(m.marking.banner, "RESTRICTED // REL TO IND, ISR // JWG");
      assert.deepEqual([m.from.country, m.from.instance, m.readOnly, m.kind], ["IND", ind.url, true, "meeting"]);
      assert.ok(m.from.receivedAt);
      // The replica keeps its marking: an Israeli without JWG does not see it.
      const outsider = client(isr.env.app, await buildUser(isr.env.store.db, { nationality: "ISR", clearance: 4, compartments: [], roles: ["member"] }));
      const ids = (await outsider.get("/api/federation/replicas")).body.items.map((x: { id: string }) => x.id);
      assert.ok(!ids.includes(meetingId) && ids.includes(forum.body.id));
      // One replica in full: where it came from, its marking and content, files and contributions.
      const one = await israeli.get(`/api/federation/replicas/${meetingId}`);
      assert.equal(one.status, 200, JSON.stringify(one.body));
      assert.deepEqual([one.body.from.country, one.body.from.instance, one.body.readOnly, one.body.marking.banner], ["IND", ind.url, true, "RESTRICTED // REL TO IND, ISR // JWG"]);
      assert.deepEqual([one.body.files, one.body.contributions], [[], []]);
      // The read rule decides, in the query: a replica the reader may not read answers as a missing one.
      const hidden = await outsider.get(`/api/federation/replicas/${meetingId}`);
      const missing = await outsider.get("/api/federation/replicas/01ARZ3NDEKTSV4RRFFQ69G5FAV");
      assert.deepEqual([hidden.status, hidden.body], [missing.status, missing.body]);
      assert.equal(hidden.status, 404);
      // Read-only: the replica is no record of Israel's to edit.
      assert.equal((await isr.author.patch(`/api/meetings/${meetingId}`, { venueCity: "Tel Aviv" })).status, 404);
    });

    test("a document India releases to Israel arrives with its file; narrowing its releasability retracts it on Israel's side", async () => {
      const ask = await ind.author.post("/api/releases", { recordId: secretDocId, marking: { classification: "SECRET", releasableTo: ["ISR"], compartments: [] }, reason: "share with the JWG partner" });
      assert.equal(ask.status, 201, JSON.stringify(ask.body));
      assert.equal((await ind.officer.post(`/api/releases/${ask.body.id}/decision`, { decision: "approve" })).status, 200);
      await settle([ind, isr]);
      const arrived = await isr.env.store.db.selectFrom("federation_replicas").selectAll().where("id", "=", secretDocId).executeTakeFirst();
      assert.ok(arrived, "the released document arrived");
      assert.equal(JSON.parse(arrived.label).releasableTo.join(","), "ISR");
      const file = await isr.env.store.db.selectFrom("federation_replica_files").innerJoin("blobs", "blobs.hash", "federation_replica_files.sha256").selectAll().where("replica_id", "=", secretDocId).executeTakeFirstOrThrow();
      assert.equal(Buffer.from(file.content).toString(), "India only\n");
      assert.equal(file.sha256, hashText(Buffer.from("India only\n")));

      const narrowed = await ind.author.patch(`/api/documents/${secretDocId}`, { marking: { classification: "SECRET", releasableTo: [] } });
      assert.equal(narrowed.status, 200, JSON.stringify(narrowed.body));
      await settle([ind, isr]);
      assert.ok(!(await replicas(isr)).has(secretDocId), "retracted on Israel's side");
      assert.ok((await replicas(isr)).has(meetingId), "the meeting stays");

      // Both sides audited each bundle with the same hash, and the retraction.
      await settleAudit(ind.env.store);
      await settleAudit(isr.env.store);
      const sent = await ind.env.store.db.selectFrom("audit_events").select("details").where("action", "=", "federation.bundle.sent").execute();
      const applied = await isr.env.store.db.selectFrom("audit_events").select("details").where("action", "=", "federation.bundle.applied").execute();
      const hashes = (rows: { details: string }[]) => rows.map((r) => (JSON.parse(r.details) as { hash: string }).hash).sort();
      assert.ok(sent.length >= 3);
      assert.deepEqual(hashes(applied), hashes(sent));
      assert.equal((await ind.env.store.db.selectFrom("audit_events").select("target").where("action", "=", "federation.record.retracted").execute()).map((r) => r.target).join(), secretDocId);
      assert.equal((await isr.env.store.db.selectFrom("audit_events").select("target").where("action", "=", "federation.replica.retracted").execute()).map((r) => r.target).join(), secretDocId);
      const received = await isr.env.store.db.selectFrom("audit_events").select("action").where("action", "=", "federation.bundle.received").execute();
      assert.ok(received.length >= sent.length);
    });

    test("suspending the link retracts everything the peer holds; resuming sends it again", async () => {
      const officer = ind.officer;
      assert.equal((await officer.patch("/api/federation/peers/ISR", { status: "suspended" })).status, 200);
      await settle([ind, isr]);
      assert.equal((await replicas(isr)).size, 0);
      assert.equal((await officer.patch("/api/federation/peers/ISR", { status: "active" })).status, 200);
      await settle([ind, isr]);
      assert.ok((await replicas(isr)).has(meetingId));
      const state = (await officer.get("/api/federation/peers")).body.peers[0];
      assert.equal(state.lastAcknowledged, state.lastBuilt);
      assert.deepEqual(state.queue, { changes: 0, bundles: 0 });
      assert.equal(state.lastError, null);
      const count = await sql<{ n: number }>`select count(*) as n from federation_bundles_in where status = 'applied'`.execute(isr.env.store.db);
      assert.equal(Number(count.rows[0]!.n), state.lastBuilt);
    });
  });
}
