// Tampering with the audit log is detected at the right event: an edit, a deletion, an
// insertion, a reordering, and a consistent rewrite of the whole chain after a signed checkpoint.
import { afterEach, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileSync, readFileSync } from "node:fs";
import { openTestStore, STORES } from "../testing/harness.ts";
import { migrate } from "../store/migrate.ts";
import type { Store } from "../store/db.ts";
import { appendAudit, verifyChain, readEvents } from "./log.ts";
import { eventHash, GENESIS } from "./chain.ts";
import { writeCheckpoint, type KeyPaths } from "./checkpoint.ts";
import { sequenceAll } from "./sequencer.ts";
import { auditReport } from "./verify.ts";

for (const kind of STORES) {
  describe(`audit chain tampering (${kind})`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    let keys: KeyPaths;
    beforeEach(async () => {
      const t = await openTestStore(kind);
      store = t.store;
      drop = async () => { await store.close(); await t.drop(); };
      keys = { privateKey: join(t.dir, "k.pem"), checkpoints: join(t.dir, "cp.jsonl") };
      await migrate(store);
      for (let i = 1; i <= 20; i++) {
        await store.db.transaction().execute((tx) => appendAudit(tx, { actor: `user-${i % 3}`, action: "organisation.create", target: `rec-${i}`, marking: "RESTRICTED // REL TO IND, ISR", outcome: "success", client: "127.0.0.1", details: { n: i } }));
      }
      await sequenceAll(store.db);
    });
    afterEach(async () => { await drop(); });

    const events = async () => { const out = []; for await (const e of readEvents(store.db)) out.push(e); return out; };
    const broken = async () => {
      const v = await verifyChain(store.db);
      assert.equal(v.ok, false);
      return v.ok ? -1 : v.badSeq;
    };

    test("an intact chain verifies", async () => {
      const v = await verifyChain(store.db);
      assert.deepEqual(v.ok && v.events, 20);
    });

    test("editing one event is detected at that event", async () => {
      await store.db.updateTable("audit_events").set({ outcome: "denied" }).where("seq", "=", 7).execute();
      assert.equal(await broken(), 7);
    });

    test("editing its details is detected too", async () => {
      await store.db.updateTable("audit_events").set({ details: JSON.stringify({ n: 999 }) }).where("seq", "=", 12).execute();
      assert.equal(await broken(), 12);
    });

    test("deleting one event is detected where the gap is", async () => {
      await store.db.deleteFrom("audit_events").where("seq", "=", 9).execute();
      assert.equal(await broken(), 10);
    });

    test("inserting a forged event (renumbering after it) is detected at the forgery", async () => {
      const all = await events();
      await store.db.deleteFrom("audit_events").where("seq", ">=", 5).execute();
      const forged = { ...all[3]!, seq: 5, action: "user.create", hash: "f".repeat(64), prevHash: all[3]!.hash };
      const shifted = [forged, ...all.slice(4).map((e) => ({ ...e, seq: e.seq + 1 }))];
      for (const e of shifted) {
        await store.db.insertInto("audit_events").values({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, target: e.target, marking: e.marking, outcome: e.outcome, client: e.client, details: JSON.stringify(e.details), prev_hash: e.prevHash, hash: e.hash }).execute();
      }
      assert.equal(await broken(), 5);
    });

    test("swapping two events is detected at the first of them", async () => {
      const all = await events();
      const [a, b] = [all[10]!, all[11]!];
      await store.db.updateTable("audit_events").set({ seq: -1 }).where("seq", "=", a.seq).execute();
      await store.db.updateTable("audit_events").set({ seq: a.seq }).where("seq", "=", b.seq).execute();
      await store.db.updateTable("audit_events").set({ seq: b.seq }).where("seq", "=", -1).execute();
      assert.equal(await broken(), a.seq);
    });

    test("a consistent rewrite of the whole chain passes alone but fails against the signed checkpoint", async () => {
      await writeCheckpoint(store.db, keys);
      assert.equal((await auditReport(store.db, keys)).ok, true);
      const all = await events();
      let prev = GENESIS;
      for (const e of all) {
        const edited = e.seq === 3 ? { ...e, actor: "someone else" } : e;
        const hash = eventHash(prev, edited);
        await store.db.updateTable("audit_events").set({ actor: edited.actor, prev_hash: prev, hash }).where("seq", "=", e.seq).execute();
        prev = hash;
      }
      assert.equal((await verifyChain(store.db)).ok, true, "the rewritten chain is consistent in itself");
      const cp = await auditReport(store.db, keys);
      assert.equal(cp.ok, false);
      assert.deepEqual(cp.problems.map((p) => [p.kind, p.seq]), [["rewritten", 20]], "detected at the signed head");
    });

    test("a checkpoint whose signature was forged is refused; deleting events past a checkpoint is detected", async () => {
      await writeCheckpoint(store.db, keys);
      const line = JSON.parse(readFileSync(keys.checkpoints, "utf8").trim());
      writeFileSync(keys.checkpoints, JSON.stringify({ ...line, hash: "0".repeat(64) }) + "\n");
      const forged = await auditReport(store.db, keys);
      assert.equal(forged.ok, false);
      assert.deepEqual(forged.problems.map((p) => p.kind), ["forged"]);
      assert.match(forged.problems[0]!.message, /bad signature/);
      writeFileSync(keys.checkpoints, JSON.stringify(line) + "\n");
      await store.db.deleteFrom("audit_events").where("seq", ">", 15).execute();
      const cut = await auditReport(store.db, keys);
      assert.equal(cut.ok, false);
      assert.equal(cut.problems[0]!.kind, "truncated");
      assert.match(cut.problems[0]!.message, /ends at event 15, but the checkpoint .* covers event 20: events 16–20 were deleted/);
    });
  });
}
