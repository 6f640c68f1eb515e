// Group commit for events that come with no change of their own (reads, denials, sign-ins): they
// wait in memory for the current write to finish, then go to the database together, in one
// transaction. Each caller's promise settles when its event is durable, and a response is sent
// only after that, so nothing acknowledged is missing after a crash. Under load this turns one
// transaction per read into one per batch; with nothing else in flight an event goes at once.
// No gathering window: at 1M on PostgreSQL (8 connections, lists · broad, bench/p99-probe.ts counts
// them) a batch carries 2.7-3.0 events as it is; holding each for 8-12 ms made it 5-8 and halved or
// thirded the commits, with the backends' CPU per request unchanged (1.00×, 0.99×) and, for 12 ms,
// 0.74× the requests a second. The read audit's remaining cost is not its commits' number: with no
// read audit at all (a 2 ms wait in its place, each server on its own copy) the backends took 0.78×
// and Node 0.80× the CPU per request, against an A/A of 0.99× and 0.90×; where the rest goes is not
// found yet (one more trivial statement per request costs the backends ~0.09 ms, ~9%).
import { LRUCache } from "lru-cache";
import type { Db } from "../store/db.ts";
import { inUnitOfWork, outsideRequest } from "../store/request-scope.ts";
import type { PendingEvent } from "./chain.ts";
import { chainAlone, chainingsBegun, queueAlone, writeEvents, type Head, type ReadSetRow } from "./write.ts";

interface Item { event: PendingEvent; set: ReadSetRow | null; resolve: () => void; reject: (err: unknown) => void }

const MAX_BATCH = 1000;

export class GroupCommit {
  private waiting: Item[] = [];
  private running = false;
  /** Read sets known to be committed, so a page read again does not even look for its set. */
  private stored = new LRUCache<string, true>({ max: 10_000 });
  /** Transactions committed so far (diagnostics, and the test that batching happens). */
  commits = 0;
  /** Of those, batches written as one INSERT without a transaction around it (diagnostics, and its test). */
  alone = 0;
  /**
   * SQLite: the chain's head as this group commit's last transaction committed it, and the count of
   * chainings begun in this process when it chained (see `chainEvents`): good while no other has begun.
   */
  private head: { head: Head; chainings: number } | null = null;

  constructor(private readonly db: Db) {}

  add(event: PendingEvent, set: ReadSetRow | null = null): Promise<void> {
    // An event that cannot be stored fails here, alone, so a failed batch means the database failed.
    try {
      JSON.stringify(event.details);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    // A signed-in change writes its own events in its unit of work (src/http/units.ts): they
    // commit with its answer, and a batch of other requests' events must never ride in its
    // transaction (a rollback of it would lose events already acknowledged to them).
    if (inUnitOfWork()) return this.commit([{ event, set, resolve: () => undefined, reject: () => undefined }], false);
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, set, resolve, reject });
      if (!this.running) {
        this.running = true;
        // The rest of this turn of the event loop joins the batch.
        outsideRequest(() => setImmediate(() => void this.drain()));
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length) await this.write(this.waiting.splice(0, MAX_BATCH));
    this.running = false;
  }

  private async write(batch: Item[]): Promise<void> {
    try {
      await this.commit(batch);
      for (const i of batch) i.resolve();
    } catch (err) {
      // The database is unavailable (or timed out): every caller gets the error and answers 503;
      // none is acknowledged. Retrying each alone would only multiply the wait.
      for (const i of batch) i.reject(err);
    }
  }

  /** `remember`: the transaction is the batch's own, so its read sets are known stored once it commits. */
  private async commit(batch: Item[], remember = true): Promise<void> {
    const sets = batch.flatMap((i) => (i.set && !this.stored.has(i.set.hash) ? [i.set] : []));
    // Outside a unit of work, events with no new read set are one INSERT: no transaction needed.
    // PostgreSQL: into the queue. SQLite: chained after the head this group commit last wrote, when
    // no other chaining has begun since (else, or if another process appended, in a transaction).
    if (remember && !sets.length) {
      const events = batch.map((i) => i.event);
      if (await queueAlone(this.db, events)) {
        this.commits++;
        this.alone++;
        this.head = null;
        return;
      }
      const known = this.head?.chainings === chainingsBegun() ? this.head.head : null;
      this.head = null;
      const head = known && await chainAlone(this.db, events, known);
      if (head) {
        this.commits++;
        this.alone++;
        this.head = { head, chainings: chainingsBegun() };
        return;
      }
    }
    let after: { head: Head; chainings: number } | null = null;
    await this.db.transaction().execute(async (tx) => {
      // Asked once the transaction holds the connection, so a chaining that ran while it waited
      // counts. Inside a request's unit of work the transaction is a savepoint that may yet roll
      // back, so nothing is remembered of it (and its chaining makes the remembered head stale).
      const known = remember && this.head?.chainings === chainingsBegun() ? this.head.head : null;
      this.head = null;
      const head = await writeEvents(tx, batch.map((i) => i.event), sets, known);
      if (head) after = { head, chainings: chainingsBegun() };
    });
    this.commits++;
    if (remember) {
      for (const s of sets) this.stored.set(s.hash, true);
      this.head = after;
    }
  }
}

const byDb = new WeakMap<Db, GroupCommit>();

export function groupCommit(db: Db): GroupCommit {
  let g = byDb.get(db);
  if (!g) byDb.set(db, (g = new GroupCommit(db)));
  return g;
}
