// The checkpoint's files are synced off the request path (issue 16): while a sync is in progress
// the event loop runs, and on SQLite the process's one connection is free (reads and audited
// writes go on); the database row still comes after both files. Two signers at once (in one
// process, or on two connections to one database as two processes would be) leave verify clean.
// A sync is held open through the seam the code exposes for it (`checkpointFiles.sync`): the real
// fsync runs once the test lets it go.
import { afterEach, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openTestStore, STORES } from "../testing/harness.ts";
import { migrate } from "../store/migrate.ts";
import { openStore, type Db, type Store } from "../store/db.ts";
import { recordAudit } from "./log.ts";
import { checkpointFiles, checkpointIfDue, readCheckpointFile, writeCheckpoint, type Checkpoint } from "./checkpoint.ts";
import type { KeyPaths } from "./keys.ts";
import { sequenceAll } from "./sequencer.ts";
import { auditReport } from "./verify.ts";

const event = (n: number) => ({ actor: "user-1", action: "organisation.create", target: `rec-${n}`, outcome: "success" as const, client: "127.0.0.1", details: { n } });

/** Holds the first sync of the checkpoints file until `release`; every other sync runs at once. */
function holdFirstSync(paths: KeyPaths) {
  const real = checkpointFiles.sync;
  const synced: string[] = [];
  let entered!: () => void;
  const holding = new Promise<void>((resolve) => { entered = resolve; });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  let held = false;
  checkpointFiles.sync = async (file, path) => {
    if (!held && path === paths.checkpoints) {
      held = true;
      entered();
      await gate;
    }
    await real(file, path);
    synced.push(path);
  };
  return { holding, release, synced, restore: () => { checkpointFiles.sync = real; } };
}

/** Which settles first: the sync being held, or the signer (which, signing with a blocking sync, never lets the test in). */
const first = (holding: Promise<void>, signer: Promise<unknown>) => Promise.race([holding.then(() => "syncing"), signer.then(() => "signed", () => "failed")]);

for (const kind of STORES) {
  describe(`the checkpoint's files sync off the request path (${kind})`, () => {
    let store: Store;
    let others: Store[];
    let drop: () => Promise<void>;
    let keys: KeyPaths;
    let hold: ReturnType<typeof holdFirstSync> | null;
    const head = async (db: Db = store.db) => { await sequenceAll(db); return Number((await db.selectFrom("audit_events").select("seq").orderBy("seq", "desc").limit(1).executeTakeFirst())?.seq ?? 0); };
    /** Events, chained (PostgreSQL queues them: signing signs what is chained). */
    const append = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++) await recordAudit(store.db, event(i));
      await sequenceAll(store.db);
    };
    /** The verify report must be clean and every checkpoint the database holds must be in both files. */
    const assertClean = async () => {
      const report = await auditReport(store.db, keys);
      assert.deepEqual(report.problems, []);
      assert.deepEqual(report.warnings, []);
      assert.equal(report.ok, true);
      const rows = await store.db.selectFrom("audit_checkpoints").select("signature").execute();
      for (const file of [keys.checkpoints, keys.witness!]) {
        const { checkpoints, unreadable } = readCheckpointFile(file);
        assert.equal(unreadable, 0, `${file}: whole lines only`);
        for (const r of rows) assert.ok(checkpoints.some((c) => c.signature === r.signature), `${file} holds every checkpoint of the database`);
      }
      return report;
    };

    beforeEach(async () => {
      const t = await openTestStore(kind);
      store = t.store;
      others = [];
      hold = null;
      drop = async () => {
        for (const o of others) await o.close();
        await store.close();
        await t.drop();
      };
      await migrate(store);
      keys = { privateKey: join(t.dir, "keys", "audit-ed25519.pem"), checkpoints: join(t.dir, "keys", "audit-checkpoints.jsonl"), witness: join(t.dir, "witness", "audit-witness.jsonl") };
    });
    afterEach(async () => {
      hold?.release();
      hold?.restore();
      await drop();
    });

    test("while the checkpoints file syncs, the database serves reads and audited writes; the row comes after both files", async () => {
      await append(1, 5);
      await writeCheckpoint(store.db, keys); // the key exists; the next checkpoint is the one held
      await append(6, 5);
      const signedHead = await head();
      hold = holdFirstSync(keys);
      const signer = writeCheckpoint(store.db, keys);
      assert.equal(await first(hold.holding, signer), "syncing", "the sync is asynchronous: the test runs while it is in progress");

      if (kind === "sqlite") {
        // SQLite runs a statement synchronously once it has the connection: a read whose connection
        // is free settles within this turn of the event loop; one that waits for a held connection does not.
        let read: number | null = null;
        const reading = store.db.selectFrom("audit_events").select("seq").orderBy("seq", "desc").limit(1).executeTakeFirst().then((r) => { read = Number(r?.seq); });
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(read, signedHead, "a read ran while the checkpoint's file was syncing: no transaction holds the connection");
        await reading;
      }
      // The line is written, not yet synced; the witness and the database do not have it yet.
      const pending = readCheckpointFile(keys.checkpoints).checkpoints.at(-1)!;
      assert.equal(pending.seq, signedHead);
      assert.ok(!readCheckpointFile(keys.witness!).checkpoints.some((c) => c.signature === pending.signature), "the witness comes after the keys folder's file");
      assert.equal((await store.db.selectFrom("audit_checkpoints").select("seq").where("seq", "=", signedHead).execute()).length, 0, "the row comes after the files");

      // An audited write goes through meanwhile (SQLite: a transaction appending to the chain;
      // PostgreSQL: to the queue, which the sequencer chains once the checkpoint lets go of its lock).
      await recordAudit(store.db, event(11));
      if (kind === "sqlite") assert.equal(await head(), signedHead + 1);
      // One signer at a time: another, not waiting, gives up while this one syncs.
      assert.equal(await checkpointIfDue(store.db, keys, { everyEvents: 1, everyMs: Infinity, now: Date.now, since: 0 }), null);

      hold.release();
      const cp = await signer;
      assert.deepEqual(cp, pending);
      assert.deepEqual(hold.synced, [keys.checkpoints, keys.witness], "both files synced, the keys folder's first");
      assert.equal(await head(), signedHead + 1);
      assert.ok(readCheckpointFile(keys.witness!).checkpoints.some((c) => c.signature === cp.signature));
      assert.equal((await store.db.selectFrom("audit_checkpoints").select("signature").where("seq", "=", signedHead).executeTakeFirst())?.signature, cp.signature);
      const report = await assertClean();
      assert.equal(report.uncovered, 1, "the event written during the sync is after the signed head");
    });

    test("two signers at once in one process: one signs, the other waits and finds the head signed; verify is clean", async () => {
      await append(1, 4);
      const [a, b] = await Promise.all([writeCheckpoint(store.db, keys), writeCheckpoint(store.db, keys)]);
      assert.deepEqual(a, b);
      await append(5, 3);
      const more = await Promise.all([writeCheckpoint(store.db, keys), checkpointIfDue(store.db, keys, { everyEvents: 1, everyMs: Infinity, now: Date.now, since: 0 }), writeCheckpoint(store.db, keys)]);
      assert.equal(more[1], null, "a signer that does not wait gives up");
      assert.deepEqual(more[0], more[2]);
      assert.deepEqual(readCheckpointFile(keys.checkpoints).checkpoints.map((c) => c.seq), [a.seq, more[0]!.seq], "each head signed once");
      await assertClean();
    });

    test("two connections to the database (as two processes) signing at once leave verify clean", async () => {
      const other = openStore(store.url);
      others.push(other);
      await append(1, 4);
      await writeCheckpoint(store.db, keys);
      await append(5, 4);
      const signedHead = await head();
      hold = holdFirstSync(keys);
      const signer = writeCheckpoint(store.db, keys);
      assert.equal(await first(hold.holding, signer), "syncing");
      let second: Checkpoint | null;
      if (kind === "postgres") {
        // The first holds the sequencer's lock until its row is in: the other process waits for it
        // (or gives up, not waiting), then finds the head signed: each head is signed once.
        assert.equal(await checkpointIfDue(other.db, keys, { everyEvents: 1, everyMs: Infinity, now: Date.now, since: 0 }), null);
        const waiting = writeCheckpoint(other.db, keys);
        hold.release();
        second = await waiting;
        assert.deepEqual(second, await signer);
        assert.equal(readCheckpointFile(keys.checkpoints).checkpoints.filter((c) => c.seq === signedHead).length, 1, "each head signed once");
      } else {
        // SQLite holds no lock while the files sync: the other signs in between. It finds the first's
        // line, the keys folder's last, over the same head: it records that one, not a second signature.
        second = await writeCheckpoint(other.db, keys);
        assert.equal(second.seq, signedHead);
        hold.release();
        const cp = await signer;
        assert.deepEqual(cp, second, "the head is signed once");
        const rows = await store.db.selectFrom("audit_checkpoints").select("signature").where("seq", "=", signedHead).execute();
        assert.deepEqual(rows.map((r) => r.signature), [cp.signature]);
        assert.equal(readCheckpointFile(keys.checkpoints).checkpoints.filter((c) => c.seq === signedHead).length, 1, "each head signed once");
        assert.deepEqual(new Set(readCheckpointFile(keys.witness!).checkpoints.filter((c) => c.seq === signedHead).map((c) => c.signature)), new Set([cp.signature]), "the witness holds that one");
      }
      // Then both sign in turn, events coming meanwhile, with no sync held.
      hold.restore();
      for (let i = 0; i < 5; i++) {
        await Promise.all([writeCheckpoint(store.db, keys), writeCheckpoint(other.db, keys), recordAudit(store.db, event(100 + i)), recordAudit(other.db, event(200 + i)).then(() => sequenceAll(other.db))]);
      }
      await head();
      await writeCheckpoint(other.db, keys);
      const report = await assertClean();
      assert.equal(report.uncovered, 0);
      assert.equal(report.last?.seq, await head());
    });
  });
}
