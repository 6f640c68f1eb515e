// The sequencer: moves queued events into the chain, in batches, as a Certificate Transparency
// log's sequencer does (Trillian's takes a batch of unsequenced leaves, gives them the next
// indices and stores them in one transaction). On PostgreSQL, exactly one sequencing transaction
// runs at a time: each takes an advisory lock held by that transaction only, so no request ever
// waits on it, and if the process sequencing dies its transaction ends and another process's
// next attempt takes over. Any process may sequence; the server's background loop tries every
// few hundred milliseconds without waiting, and a reader that must see everything (the audit
// viewer, verification, export, a command before it exits) waits for the lock and drains.
import { sql } from "kysely";
import type { Db, Tx } from "../store/db.ts";
import { dialectOf } from "../store/dialect.ts";
import { queueRowToPending } from "./log.ts";
import { chainEvents, movePlaced, placeQueued } from "./write.ts";

// The lock servers before the queue took for every append: a server of the previous version
// running beside this one (a rolling upgrade) still appends one event at a time, in turn.
export const SEQUENCER_LOCK = 0x4acc0d;
export const BATCH = 2000;

/** Takes the sequencer's lock for this transaction; false if another holds it and `wait` is off. */
export async function takeSequencerLock(tx: Tx, wait: boolean): Promise<boolean> {
  if (dialectOf(tx) !== "postgres") return true; // SQLite: the write transaction is exclusive already
  if (wait) {
    await sql`select pg_advisory_xact_lock(${SEQUENCER_LOCK})`.execute(tx);
    return true;
  }
  const r = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) as ok`.execute(tx);
  return Boolean(r.rows[0]?.ok);
}

/**
 * Chains up to `max` queued events (oldest first, and only those up to `upTo` if given) in one
 * transaction. Returns how many, or null when another sequencer holds the lock and `wait` is off.
 */
export async function sequenceBatch(db: Db, opts: { wait: boolean; max?: number; upTo?: number }): Promise<number | null> {
  const max = opts.max ?? BATCH;
  return db.transaction().execute(async (tx) => {
    if (!(await takeSequencerLock(tx, opts.wait))) return null;
    let q = tx.selectFrom("audit_queue").selectAll().orderBy("id").limit(max);
    if (opts.upTo !== undefined) q = q.where("id", "<=", opts.upTo);
    const rows = await q.execute();
    if (!rows.length) return 0;
    if (dialectOf(tx) === "postgres") {
      await movePlaced(tx, await placeQueued(tx, rows.map((r) => ({ id: r.id, event: queueRowToPending(r) }))));
      return rows.length;
    }
    // SQLite: chained here as its writers chain their own events (they do not queue: write.ts).
    await chainEvents(tx, rows.map(queueRowToPending));
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 1000) await tx.deleteFrom("audit_queue").where("id", "in", ids.slice(i, i + 1000)).execute();
    return rows.length;
  });
}

/**
 * Events sequenced (by this process) between two vacuums of the queue (see `vacuumQueue`): 2,000
 * events leave about 60 pages of dead rows, which the next vacuum reads and frees in a few ms.
 */
export const QUEUE_VACUUM_EVENTS = 2000;

/**
 * PostgreSQL: the queue's dead rows (every event sequenced leaves one) removed, and the empty pages
 * at its end given back. `sequenceBatch` reads the queue oldest first, and while the table is full
 * of dead rows PostgreSQL reads all of it to find the few live: at 1M, after half an hour of list
 * reads (~187,000 events), the queue was 4,388 pages (35 MB) of dead rows and that read a sequential
 * scan of them all, 28 ms, five times a second in every process, idle or not. Autovacuum would
 * visit it at most once a minute, and not at all where it is off (as on the bench's host). Runs
 * outside a transaction; `skip_locked`: if another process is vacuuming it, this one does not wait.
 * VACUUM takes no lock that blocks the queue's INSERTs or the sequencer's DELETEs (its truncation of
 * the end takes one only while nobody waits for it, and gives it up as soon as somebody does).
 */
export async function vacuumQueue(db: Db): Promise<boolean> {
  if (dialectOf(db) !== "postgres") return false;
  await sql`vacuum (skip_locked) audit_queue`.execute(db);
  return true;
}

/** Chains everything queued when called (waiting for another sequencer if need be); returns how many. */
export async function sequenceAll(db: Db): Promise<number> {
  const last = await db.selectFrom("audit_queue").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  if (last?.id === null || last?.id === undefined) return 0;
  const upTo = Number(last.id);
  let total = 0;
  for (;;) {
    const n = (await sequenceBatch(db, { wait: true, upTo })) ?? 0;
    total += n;
    if (n < BATCH) return total;
  }
}
