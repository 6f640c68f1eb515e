// Appends that scale: on PostgreSQL a request's transaction queues its event with no lock, and one
// sequencer at a time chains the queue; on SQLite the writing transaction chains. Events with no
// change of their own are group-committed. List reads are stored as read sets named by hash.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { sql } from "kysely";
import { openTestStore, STORES } from "../testing/harness.ts";
import { migrate } from "../store/migrate.ts";
import { openStore, type Store } from "../store/db.ts";
import { appendAudit, queuedCount, queueRowToPending, readEvents, recordAudit, recordRead, verifyChain } from "./log.ts";
import { groupCommit } from "./group-commit.ts";
import { chainAfter } from "./chain.ts";
import { SEQUENCER_LOCK, sequenceAll, sequenceBatch } from "./sequencer.ts";
import { movePlaced, placeQueued } from "./write.ts";

const count = async (store: Store, table: "audit_events" | "audit_queue" | "audit_read_sets") =>
  Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
const event = (n: number) => ({ actor: `user-${n % 7}`, action: "organisation.create", target: `rec-${n}`, marking: "RESTRICTED // REL TO IND, ISR", outcome: "success" as const, client: "127.0.0.1", details: { n } });

for (const kind of STORES) {
  describe(`audit queue and sequencer (${kind})`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    before(async () => {
      const t = await openTestStore(kind);
      store = t.store;
      drop = async () => { await store.close(); await t.drop(); };
      await migrate(store);
    });
    after(async () => { await drop(); });

    test("many writers in several processes and sequencers running at once: every event chained once, one consistent chain", async () => {
      const start = await count(store, "audit_events") + await count(store, "audit_queue");
      // Three pools stand for three server processes (SQLite serves one process: one pool).
      const stores = kind === "postgres" ? [store, openStore(store.url), openStore(store.url)] : [store];
      let writing = true;
      const sequencers = stores.map(async (s) => {
        while (writing) {
          await sequenceBatch(s.db, { wait: false, max: 7 });
          await new Promise((r) => setImmediate(r)); // as the server's loop does, leave the event loop to others between rounds
        }
      });
      const N = 240;
      await Promise.all(Array.from({ length: N }, async (_, n) => {
        const s = stores[n % stores.length]!;
        return n % 3 === 0
          ? recordAudit(s.db, event(start + n))
          : s.db.transaction().execute(async (tx) => {
            await tx.selectFrom("users").select("id").limit(1).execute(); // the change this event records
            await appendAudit(tx, event(start + n));
          });
      }));
      writing = false;
      await Promise.all(sequencers);
      await sequenceAll(store.db);
      for (const s of stores.slice(1)) await s.close();
      assert.equal(await queuedCount(store.db), 0, "nothing left queued");
      const seen: number[] = [];
      for await (const e of readEvents(store.db)) if (typeof e.details.n === "number" && e.details.n >= start) seen.push(e.details.n);
      assert.deepEqual(seen.sort((a, b) => a - b), Array.from({ length: N }, (_, n) => start + n), "each event exactly once");
      const v = await verifyChain(store.db);
      assert.equal(v.ok, true, JSON.stringify(v));
    });

    test("sequenced events keep every value as queued: absent fields, quotes, backslashes, braces, commas and other scripts", async () => {
      const awkward = [
        { actor: null, action: "auth.signin", target: null, marking: null, outcome: "denied" as const, client: null, details: { reason: 'a "quoted" \\ word, {braced} NULL' } },
        { actor: "user-\"1\"", action: "record.read", target: "{rec,1}", marking: "SECRET // REL TO IND, ISR", outcome: "success" as const, client: "::1", details: { title: "रक्षा सहयोग — שיתוף ביטחוני", list: ["NULL", null, "", "\\N"], nested: { n: 1.5, ok: true } } },
      ];
      const before = await count(store, "audit_events");
      for (const e of awkward) await recordAudit(store.db, e);
      await sequenceAll(store.db);
      const got: Array<Record<string, unknown>> = [];
      for await (const e of readEvents(store.db, before + 1)) got.push({ actor: e.actor, action: e.action, target: e.target, marking: e.marking, outcome: e.outcome, client: e.client, details: e.details });
      assert.deepEqual(got, awkward);
      assert.equal((await verifyChain(store.db)).ok, true);
    });

    if (kind === "postgres") test("PostgreSQL: a batch is moved whole or not at all (a placed event no longer queued chains nothing)", async () => {
      await sequenceAll(store.db);
      const before = await count(store, "audit_events");
      for (let n = 0; n < 3; n++) await recordAudit(store.db, event(9000 + n));
      await assert.rejects(store.db.transaction().execute(async (tx) => {
        const rows = await tx.selectFrom("audit_queue").selectAll().orderBy("id").execute();
        const placed = await placeQueued(tx, rows.map((r) => ({ id: r.id, event: queueRowToPending(r) })));
        await tx.deleteFrom("audit_queue").where("id", "=", rows[1]!.id).execute();
        await movePlaced(tx, placed);
      }), /3 events placed, 2 moved; nothing is chained/);
      assert.equal(await count(store, "audit_events"), before, "nothing chained");
      assert.equal(await queuedCount(store.db), 3, "all three still queued");
      await sequenceAll(store.db);
      assert.equal(await count(store, "audit_events"), before + 3);
      assert.equal((await verifyChain(store.db)).ok, true);
    });

    test("group commit: concurrent events share transactions, each resolves once durable, and a bad one fails alone", async () => {
      const g = groupCommit(store.db);
      const before = { commits: g.commits, rows: await count(store, "audit_events") + await count(store, "audit_queue") };
      const bad = { ...event(-1), details: { n: BigInt(1) } as unknown as Record<string, unknown> };
      const results = await Promise.allSettled([...Array.from({ length: 300 }, (_, n) => recordAudit(store.db, event(100_000 + n))), recordAudit(store.db, bad)]);
      assert.equal(results.filter((r) => r.status === "fulfilled").length, 300);
      assert.equal(results.filter((r) => r.status === "rejected").length, 1, "only the event that cannot be stored fails");
      assert.equal(await count(store, "audit_events") + await count(store, "audit_queue"), before.rows + 300, "every resolved event is already in the database");
      assert.ok(g.commits - before.commits <= 5, `300 events in ${g.commits - before.commits} transactions`);
      const plain = g.commits;
      await Promise.all(Array.from({ length: 300 }, (_, n) => recordAudit(store.db, event(200_000 + n))));
      assert.ok(g.commits - plain <= 5, `300 events in ${g.commits - plain} transactions`);
    });

    test("group commit: when the database fails, every waiting caller gets the error; none is acknowledged", async () => {
      // A database that cannot take the write (here: without the audit tables) fails the whole batch.
      const broken = await openTestStore(kind);
      try {
        const results = await Promise.allSettled(Array.from({ length: 20 }, (_, n) => recordAudit(broken.store.db, event(500_000 + n))));
        assert.deepEqual(results.map((r) => r.status), Array(20).fill("rejected"));
      } finally {
        await broken.store.close();
        await broken.drop();
      }
    });

    // Each read names a new read set (its batch is a transaction that stores it), or the same one,
    // stored already (on SQLite its batch is then one INSERT of its own, chainAlone in write.ts).
    for (const sets of ["new", "stored"] as const) {
      test(`group commit: events chained between its batches (a change, a rolled-back change, another process, a failed batch) keep one chain (read sets ${sets})`, async () => {
        // On SQLite the group commit remembers the head its last batch committed (write.ts, chainEvents):
        // each of these must make it go to the database's head instead, and never fork the chain.
        const start = await count(store, "audit_events") + await count(store, "audit_queue");
        const record = (n: number) => ({ id: sets === "new" ? `01JREAD${n}` : "01JREADSTORED", marking: "SECRET // REL TO IND" });
        const read = (n: number) => recordRead(store.db, { actor: `user-${n}`, action: "action.list", client: "127.0.0.1", records: [record(n)] });
        if (sets === "stored") await read(0);
        const alone = groupCommit(store.db).alone;
        const change = (s: Store, n: number, fail = false) => s.db.transaction().execute(async (tx) => {
          await appendAudit(tx, event(n));
          if (fail) throw new Error("the change is refused");
        });
        await read(1);
        await read(2);
        await change(store, 3);
        await read(4);
        await assert.rejects(change(store, 5, true), /refused/);
        await read(6);
        // Another pool on the same database appends after this one's last batch.
        const other = openStore(store.url);
        try {
          await change(other, 7);
          await recordAudit(other.db, event(8));
        } finally {
          await other.close();
        }
        await read(9);
        let expected = 8;
        if (kind === "sqlite") {
          // Another process chains an event itself (this process's count of chainings does not see it),
          // here written directly as that process would.
          await store.db.transaction().execute(async (tx) => {
            const head = await tx.selectFrom("audit_events").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow();
            const [e] = chainAfter({ seq: Number(head.seq), hash: head.hash }, [{ ...event(12), at: new Date().toISOString(), target: null, marking: null, outcome: "success" }]);
            await tx.insertInto("audit_events").values({ seq: e!.seq, at: e!.at, actor: e!.actor, action: e!.action, target: null, marking: null, outcome: "success", client: e!.client, details: JSON.stringify(e!.details), prev_hash: e!.prevHash, hash: e!.hash }).execute();
          });
          await read(13);
          // A batch whose transaction fails after its events were inserted leaves nothing to remember.
          await sql`create temp trigger refuse_read after insert on audit_events when new.actor = 'user-10' begin select raise(abort, 'refused by the test'); end`.execute(store.db);
          await assert.rejects(read(10), /refused by the test/);
          await sql`drop trigger temp.refuse_read`.execute(store.db);
          await read(11);
          expected = 11;
        }
        await sequenceAll(store.db);
        assert.equal(await count(store, "audit_events"), start + expected + (sets === "stored" ? 1 : 0), "every committed event once, the rolled-back ones not at all");
        const v = await verifyChain(store.db);
        assert.equal(v.ok, true, JSON.stringify(v));
        // A batch with a new read set is a transaction; one whose set is stored, one INSERT (on SQLite
        // when the head it last wrote is the last chained in this process: reads 1 and 2, and 13, whose
        // INSERT the other process's event refuses, going on in a transaction after it).
        if (sets === "new") assert.equal(groupCommit(store.db).alone, alone);
        else assert.ok(groupCommit(store.db).alone - alone >= 2, `${groupCommit(store.db).alone - alone} batches alone`);
      });
    }

    test("a list read is stored as a read set named by its hash: once per distinct page, and altering or deleting it is detected", async () => {
      const records = Array.from({ length: 50 }, (_, i) => ({ id: `01JREC${String(i).padStart(20, "0")}`, marking: i % 2 ? "SECRET // REL TO IND, ISR" : "RESTRICTED // IND ONLY" }));
      const sets = await count(store, "audit_read_sets");
      await Promise.all([1, 2, 3].map(() => recordRead(store.db, { actor: "reader", action: "document.list", client: "127.0.0.1", records })));
      await recordRead(store.db, { actor: "reader", action: "document.list", client: "127.0.0.1", records: records.slice(0, 10) });
      assert.equal(await count(store, "audit_read_sets"), sets + 2, "two distinct pages, two sets");
      await sequenceAll(store.db);
      const rows = await store.db.selectFrom("audit_events").selectAll().where("action", "=", "document.list").execute();
      assert.equal(rows.length, 4);
      const bytes = rows.map((r) => Object.values(r).reduce((n: number, v) => n + String(v ?? "").length, 0));
      assert.ok(Math.max(...bytes) < 330, `a 50-record read takes ${Math.max(...bytes)} bytes in the log`);
      assert.equal((await verifyChain(store.db)).ok, true);
      const set = await store.db.selectFrom("audit_read_sets").selectAll().where("hash", "=", JSON.parse(rows[0]!.details).readSet).executeTakeFirstOrThrow();
      await store.db.updateTable("audit_read_sets").set({ records: set.records.replace(records[0]!.id, records[1]!.id) }).where("hash", "=", set.hash).execute();
      const altered = await verifyChain(store.db);
      assert.equal(altered.ok, false);
      assert.equal(altered.ok ? 0 : altered.badSeq, Math.min(...rows.filter((r) => JSON.parse(r.details).readSet === set.hash).map((r) => Number(r.seq))));
      assert.match(altered.ok ? "" : altered.reason, /read set/);
      await store.db.deleteFrom("audit_read_sets").where("hash", "=", set.hash).execute();
      assert.equal((await verifyChain(store.db)).ok, false, "a deleted read set is detected too");
      await store.db.insertInto("audit_read_sets").values(set).execute();
      assert.equal((await verifyChain(store.db)).ok, true);
    });

    if (kind === "postgres") {
      test("a grouped event's promise settles only once its transaction committed", async () => {
        const blocker = new pg.Client({ connectionString: store.url });
        await blocker.connect();
        await blocker.query("begin");
        await blocker.query("lock table audit_queue in exclusive mode");
        let settled = false;
        const before = await queuedCount(store.db);
        const p = recordAudit(store.db, event(400_000)).then(() => { settled = true; });
        // Wait until the group commit's insert is seen waiting for the table (asked outside the
        // blocker's transaction, whose view of pg_stat_activity is a snapshot).
        const watcher = new pg.Client({ connectionString: store.url });
        await watcher.connect();
        for (;;) {
          const waiting = await watcher.query("select 1 from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'insert into \"audit_queue\"%'");
          if (waiting.rowCount) break;
          await new Promise((r) => setImmediate(r));
        }
        await watcher.end();
        assert.equal(settled, false, "not acknowledged while its insert cannot commit");
        await blocker.query("commit");
        await blocker.end();
        await p;
        assert.equal(await queuedCount(store.db), before + 1, "and durable once acknowledged");
      });

      test("one sequencer at a time; writers never wait for it; when the sequencer dies another takes over", async () => {
        const holder = new pg.Client({ connectionString: store.url });
        await holder.connect();
        holder.on("error", () => undefined); // it is about to be terminated
        await holder.query("begin");
        await holder.query("select pg_advisory_xact_lock($1)", [SEQUENCER_LOCK]);
        const pid = (await holder.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
        // While a sequencer holds the lock (and stalls), writes and their events still commit at once.
        const queued = await queuedCount(store.db);
        for (let n = 0; n < 5; n++) await store.db.transaction().execute((tx) => appendAudit(tx, event(300_000 + n)));
        await recordAudit(store.db, event(300_005));
        assert.equal(await queuedCount(store.db), queued + 6, "queued without waiting");
        assert.equal(await sequenceBatch(store.db, { wait: false }), null, "another sequencer is at work: this one does not wait");
        // The sequencing process dies mid-transaction: its lock goes with it.
        const admin = new pg.Client({ connectionString: store.url });
        await admin.connect();
        // With a timeout, pg_terminate_backend waits until the backend has exited (its lock gone):
        // without one it returns once the signal is sent, and the next attempt could still find the
        // lock held (CI on Node 24 did once).
        assert.equal((await admin.query<{ gone: boolean }>("select pg_terminate_backend($1, 10000) as gone", [pid])).rows[0]!.gone, true);
        await admin.end();
        assert.equal(await sequenceBatch(store.db, { wait: false }), queued + 6, "the next attempt takes over and chains the queue");
        assert.equal(await queuedCount(store.db), 0);
        assert.equal((await verifyChain(store.db)).ok, true);
      });
    }
  });
}
