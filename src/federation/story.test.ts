// The story across two real instances (issue 17): India's 18th JWG meeting, marked RESTRICTED //
// REL TO IND, ISR // JWG, reaches Israel's instance as a read-only replica; an India-only SECRET
// document never leaves; a document India releases to Israel arrives with its file; narrowing its
// releasability again retracts it on Israel's side. Joint acts (SPEC 8.4): each co-chair approves
// the minutes on their own instance and both show them agreed for the same version hash; approvals
// of a corrected or superseded version or by a replaced co-chair are refused by India and shown so
// on Israel's side; a contribution delivered again applies once; progress on an action Israel owns
// reaches India. Israel's instance runs on each store.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { STORES, client, settleAudit } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { multipart } from "../testing/leak-world.ts";
import { BUNDLE_FORMAT, hashText, sealBundle, type Bundle } from "./bundle.ts";
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

    test("each co-chair approves on their own instance; both instances show the minutes agreed for the same version hash", async () => {
      // People are records of each instance: India's holds its own record of Israel's co-chair, Israel's its own.
      const person = async (api: Instance["author"], name: string, country: string) => (await api.post("/api/people", { marking: PUBLIC, name, country })).body.id as string;
      const rajesh = await person(ind.author, "Rajesh Kumar Singh", "IND");
      const amirAtInd = await person(ind.author, "Amir Baram", "ISR");
      const noaAtInd = await person(ind.author, "Noa Levi", "ISR");
      const amirAtIsr = await person(isr.author, "amir  baram", "ISR");
      const indChair = client(ind.env.app, await buildUser(ind.env.store.db, { nationality: "IND", clearance: 3, compartments: ["JWG"], roles: ["member"], personId: rajesh }));
      const isrChair = client(isr.env.app, await buildUser(isr.env.store.db, { nationality: "ISR", clearance: 3, compartments: ["JWG"], roles: ["member"], personId: amirAtIsr }));
      const isrOther = client(isr.env.app, await buildUser(isr.env.store.db, { nationality: "ISR", clearance: 3, compartments: ["JWG"], roles: ["member"] }));
      const coChairs = (isr: string) => [{ country: "IND", personId: rajesh }, { country: "ISR", personId: isr }];
      assert.equal((await ind.author.patch(`/api/meetings/${meetingId}`, { coChairs: coChairs(amirAtInd), status: "held" })).status, 200);
      assert.equal((await ind.author.post(`/api/meetings/${meetingId}/minutes`, { text: "Draft minutes of the 18th JWG" })).status, 201);
      await settle([ind, isr]);

      const replica = async () => (await isrChair.get(`/api/federation/replicas/${meetingId}`)).body;
      let seen = await replica();
      assert.deepEqual(seen.content.coChairs, [{ country: "IND", name: "Rajesh Kumar Singh" }, { country: "ISR", name: "Amir Baram" }]);
      assert.equal(seen.content.status, "held");
      assert.deepEqual(seen.content.minutes.versions.map((v: { version: number; contentHash: string }) => [v.version, v.contentHash]), [[1, hashText("Draft minutes of the 18th JWG")]]);
      assert.equal(seen.content.minutes.agreed, null);

      // Israel's instance lets only its co-chair for Israel approve, and writes nothing otherwise.
      const notChair = await isrOther.post(`/api/federation/replicas/${meetingId}/minutes/1/approve`, {});
      assert.equal(notChair.status, 403);
      assert.equal((await isr.env.store.db.selectFrom("federation_contributions").selectAll().execute()).length, 0);
      const approve = (v: number) => isrChair.post(`/api/federation/replicas/${meetingId}/minutes/${v}/approve`, {});
      const stateOf = async (id: string) => (await replica()).contributions.find((c: { id: string }) => c.id === id);

      // The owner refuses, under its own rules, what no longer holds when the approval arrives; the refusal travels back.
      const wrongHash = await approve(1);
      assert.equal(wrongHash.status, 202, JSON.stringify(wrongHash.body));
      assert.deepEqual([wrongHash.body.state, wrongHash.body.version, wrongHash.body.contentHash, wrongHash.body.by.name], ["pending", 1, hashText("Draft minutes of the 18th JWG"), "amir  baram"]);
      assert.equal((await approve(1)).status, 409, "one approval of a version on its way at a time");
      assert.equal((await ind.author.raw({ method: "PUT", url: `/api/meetings/${meetingId}/minutes/1`, payload: { text: "Corrected minutes of the 18th JWG" } })).statusCode, 200);
      await settle([ind, isr]);
      const refusedHash = await stateOf(wrongHash.body.id);
      assert.equal(refusedHash.state, "refused");
      assert.match(refusedHash.reason, /content hash does not match version 1/);

      const stale = await approve(1);
      assert.equal(stale.status, 202);
      assert.equal((await ind.author.post(`/api/meetings/${meetingId}/minutes`, { text: "Minutes of the 18th JWG, v2" })).status, 201);
      await settle([ind, isr]);
      assert.match((await stateOf(stale.body.id)).reason, /Only the latest version \(2\)/);

      const replaced = await approve(2);
      assert.equal(replaced.status, 202);
      assert.equal((await ind.author.patch(`/api/meetings/${meetingId}`, { coChairs: coChairs(noaAtInd) })).status, 200);
      await settle([ind, isr]);
      assert.match((await stateOf(replaced.body.id)).reason, /amir {2}baram is not this meeting's co-chair for ISR/);
      assert.equal((await ind.author.patch(`/api/meetings/${meetingId}`, { coChairs: coChairs(amirAtInd) })).status, 200);
      await settle([ind, isr]);
      assert.equal((await ind.env.store.db.selectFrom("minutes_approvals").selectAll().where("meeting_id", "=", meetingId).execute()).length, 0, "nothing refused was recorded");

      // India's co-chair approves on India's instance, Israel's on Israel's: agreed on both, for the same version hash.
      assert.equal((await indChair.post(`/api/meetings/${meetingId}/minutes/2/approve`, {})).status, 200);
      const agreedBy = await approve(2);
      assert.equal(agreedBy.status, 202, JSON.stringify(agreedBy.body));
      await settle([ind, isr]);
      const v2 = hashText("Minutes of the 18th JWG, v2");
      const atInd = (await ind.author.get(`/api/meetings/${meetingId}/minutes`)).body;
      assert.deepEqual([atInd.status, atInd.agreedVersion, atInd.versions[0].contentHash], ["minutes_agreed", 2, v2]);
      assert.deepEqual(atInd.versions[0].approvals.map((a: { country: string; approvedBy: string }) => a.country).sort(), ["IND", "ISR"]);
      assert.equal(atInd.versions[0].approvals.find((a: { country: string }) => a.country === "ISR").approvedBy, "amir  baram");
      seen = await replica();
      assert.deepEqual(seen.content.minutes.agreed, { version: 2, contentHash: v2 });
      assert.equal(seen.content.status, "minutes_agreed");
      assert.deepEqual(seen.content.minutes.versions[0].approvals.map((a: { country: string }) => a.country).sort(), ["IND", "ISR"]);
      assert.equal((await stateOf(agreedBy.body.id)).state, "applied");
      // Agreement completed by the approval from Israel notifies as a local one does: India's co-chair and its secretariat.
      const agreedFor = async (api: Instance["author"]) => (await api.get("/api/notifications")).body.items
        .filter((n: { event: string; record: { id: string } }) => n.event === "minutes_agreed" && n.record.id === meetingId).length;
      assert.equal(await agreedFor(indChair), 1, "India's co-chair is told the minutes are agreed");
      assert.equal(await agreedFor(ind.author), 1, "India's secretariat is told too");
      assert.equal((await approve(2)).status, 409, "agreed minutes take no more approvals");

      // Audited on both sides with the same hash.
      await settleAudit(ind.env.store);
      await settleAudit(isr.env.store);
      const hashesOf = async (i: Instance, action: string) => (await i.env.store.db.selectFrom("audit_events").select("details").where("action", "=", action).execute()).map((r) => JSON.parse(r.details).hash as string).sort();
      assert.deepEqual(await hashesOf(ind, "federation.contribution.applied"), [agreedBy.body.hash]);
      assert.deepEqual((await hashesOf(ind, "federation.contribution.refused")).length, 3);
      assert.deepEqual(await hashesOf(isr, "federation.contribution.made"), [wrongHash.body.hash, stale.body.hash, replaced.body.hash, agreedBy.body.hash].sort());
      assert.deepEqual((await hashesOf(isr, "federation.contribution.answered")).length, 4);
      assert.ok((await isr.env.store.db.selectFrom("audit_events").select("outcome").where("action", "=", "federation.contribution.minutes_approval").execute()).some((e) => e.outcome === "denied"));

      // A contribution delivered again, in a bundle of its own, applies once.
      const carried = await isr.env.store.db.selectFrom("federation_contributions").select("sent_seq").where("id", "=", agreedBy.body.id).executeTakeFirstOrThrow();
      const original = await isr.env.store.db.selectFrom("federation_bundles_out").select("body").where("seq", "=", carried.sent_seq!).executeTakeFirstOrThrow();
      assert.equal((await ind.env.app.federation.receive(original.body, "test")).status, "duplicate");
      const item = (JSON.parse(original.body) as Bundle).items.find((i) => i.op === "contribute" && i.content.id === agreedBy.body.id)!;
      const peer = await isr.env.store.db.selectFrom("federation_peers").select(["id", "next_out_seq"]).where("country", "=", "IND").where("status", "<>", "removed").executeTakeFirstOrThrow();
      const again = sealBundle(isr.env.app.federation.identity().privateKey, { format: BUNDLE_FORMAT, from: { country: "ISR", key: isr.env.app.federation.identity().fingerprint }, to: { country: "IND" }, seq: Number(peer.next_out_seq), createdAt: new Date().toISOString(), items: [item] });
      await isr.env.store.db.insertInto("federation_bundles_out").values({ peer_id: peer.id, seq: Number(peer.next_out_seq), hash: again.hash, body: again.text, items: 1, created_at: new Date().toISOString(), acked_at: null }).execute();
      await isr.env.store.db.updateTable("federation_peers").set({ next_out_seq: Number(peer.next_out_seq) + 1 }).where("id", "=", peer.id).execute();
      await settle([ind, isr]);
      assert.equal((await ind.env.store.db.selectFrom("federation_contributions").selectAll().where("id", "=", agreedBy.body.id).execute()).length, 1);
      assert.equal((await ind.env.store.db.selectFrom("minutes_approvals").selectAll().where("meeting_id", "=", meetingId).execute()).length, 2);
      await settleAudit(ind.env.store);
      assert.equal((await ind.env.store.db.selectFrom("audit_events").select("target").where("action", "=", "federation.contribution.duplicate").execute()).map((r) => r.target).join(), meetingId);
    });

    test("progress on an action Israel owns, recorded on Israel's instance, reaches India's", async () => {
      const forIsr = await ind.author.post("/api/actions", { marking: { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] }, title: "Share the test schedule", owner: { country: "ISR" } });
      const forInd = await ind.author.post("/api/actions", { marking: { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] }, title: "Host the site visit", owner: { country: "IND" } });
      assert.equal(forIsr.status, 201, JSON.stringify(forIsr.body));
      await settle([ind, isr]);
      const seen = (await isr.author.get(`/api/federation/replicas/${forIsr.body.id}`)).body;
      assert.deepEqual([seen.content.ownerCountry, seen.content.status, seen.content.progress], ["ISR", "open", []]);
      const other = await isr.author.post(`/api/federation/replicas/${forInd.body.id}/progress`, { onDate: "2026-03-01", text: "Not ours" });
      assert.equal(other.status, 403, "progress on India's own action is India's to record");
      const bad = await isr.author.post(`/api/federation/replicas/${forIsr.body.id}/progress`, { onDate: "2026-03-01", text: "x", status: "finished" });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].field, "status");
      const note = await isr.author.post(`/api/federation/replicas/${forIsr.body.id}/progress`, { onDate: "2026-03-01", text: "Schedule drafted, with the range dates", status: "in_progress" });
      assert.equal(note.status, 202, JSON.stringify(note.body));
      assert.equal(note.body.state, "pending");
      await settle([ind, isr]);
      const atInd = (await ind.author.get(`/api/actions/${forIsr.body.id}`)).body;
      assert.equal(atInd.status, "in_progress");
      assert.deepEqual(atInd.updates.map((u: { text: string }) => u.text), ["Schedule drafted, with the range dates"]);
      const back = (await isr.author.get(`/api/federation/replicas/${forIsr.body.id}`)).body;
      assert.equal(back.content.status, "in_progress");
      assert.deepEqual(back.content.progress.map((p: { text: string; by: string }) => [p.text, p.by]), [["Schedule drafted, with the range dates", note.body.by.name]]);
      assert.equal(back.contributions[0].state, "applied");

      // India gives the action back to itself before Israel's next note arrives: India refuses it, and Israel shows why.
      const late = await isr.author.post(`/api/federation/replicas/${forIsr.body.id}/progress`, { onDate: "2026-03-02", text: "Range dates confirmed" });
      assert.equal(late.status, 202);
      assert.equal((await ind.author.patch(`/api/actions/${forIsr.body.id}`, { owner: { country: "IND" } })).status, 200);
      await settle([ind, isr]);
      const refused = (await isr.author.get(`/api/federation/replicas/${forIsr.body.id}`)).body;
      assert.deepEqual([refused.contributions[0].id, refused.contributions[0].state], [late.body.id, "refused"]);
      assert.match(refused.contributions[0].reason, /owned by IND, not ISR/);
      assert.equal(refused.content.ownerCountry, "IND");
      assert.equal((await ind.author.get(`/api/actions/${forIsr.body.id}`)).body.updates.length, 1, "nothing refused was recorded");
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
      // A reader at Israel downloads it, by its SHA-256, with the same bytes; the replica's marking is in a header and the audit.
      const listed = (await isr.author.get(`/api/federation/replicas/${secretDocId}`)).body.files;
      assert.deepEqual(listed.map((f: { name: string; sha256: string }) => [f.name, f.sha256]), [["assessment.txt", file.sha256]]);
      const download = await isr.author.raw({ method: "GET", url: `/api/federation/replicas/${secretDocId}/files/${file.sha256}` });
      assert.equal(download.statusCode, 200, download.body);
      assert.equal(hashText(download.rawPayload), file.sha256);
      assert.equal(download.headers["x-accord-marking"], "SECRET // REL TO IND, ISR");
      assert.match(String(download.headers["content-disposition"]), /^attachment; filename="?assessment\.txt"?$/);
      assert.match(String(download.headers["content-type"]), /^text\/plain/);
      await settleAudit(isr.env.store);
      const audited = await isr.env.store.db.selectFrom("audit_events").select(["marking", "outcome"]).where("action", "=", "federation.replica.download").where("target", "=", secretDocId).execute();
      assert.deepEqual(audited.map((e) => [e.marking, e.outcome]), [["SECRET // REL TO IND, ISR", "success"]]);
      // Unreadable (RESTRICTED clearance for a SECRET replica) answers as missing, in the query; a malformed hash is a 400 naming the field.
      const low = client(isr.env.app, await buildUser(isr.env.store.db, { nationality: "ISR", clearance: 2, roles: ["member"] }));
      const hidden = await low.raw({ method: "GET", url: `/api/federation/replicas/${secretDocId}/files/${file.sha256}` });
      const missing = await low.raw({ method: "GET", url: `/api/federation/replicas/${secretDocId}/files/${"0".repeat(64)}` });
      assert.deepEqual([hidden.statusCode, hidden.json()], [404, missing.json()]);
      assert.equal(missing.statusCode, 404);
      assert.ok(!hidden.body.includes("India only"));
      const bad = await isr.author.get(`/api/federation/replicas/${secretDocId}/files/nothex`);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].field, "params.sha256");

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
