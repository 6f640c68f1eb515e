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
import { dialectOf } from "../store/dialect.ts";
import { readGenerations, type Generations } from "../store/generations.ts";
import { generationsHold, inUnitOfWork, outsideRequest, requestScope, settleCheck, stampOf, type RequestScope } from "../store/request-scope.ts";
import type { PendingEvent } from "./chain.ts";
import { chainAlone, chainingsBegun, queueAlone, queueChecked, writeEvents, type Head, type ReadSetRow } from "./write.ts";

interface Item {
  event: PendingEvent;
  set: ReadSetRow | null;
  /** The request's scope when it checks its caches' counters after its reads (src/http/late-check.ts). */
  checked: RequestScope | null;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * The event's request read with caches whose counters had moved: its event was not written, and
 * nothing it computed may be answered (src/http/late-check.ts answers it afresh).
 */
export class StaleGenerationsError extends Error {
  constructor() {
    super("the identity or readable-set caches this request read with were out of date; it is answered afresh");
  }
}

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
    if (inUnitOfWork()) return this.commit([{ event, set, checked: null, resolve: () => undefined, reject: () => undefined }], false).then(() => undefined);
    const scope = requestScope.getStore();
    const checked = scope?.check && !scope.check.stale ? scope : null;
    // A request checked after its reads holds its events until its handler is done (late-check.ts).
    if (checked?.deferredEvents) {
      checked.deferredEvents.push({ event, set });
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, set, checked, resolve, reject });
      if (!this.running) {
        this.running = true;
        // The rest of this turn of the event loop joins the batch.
        outsideRequest(() => setImmediate(() => void this.drain()));
      }
    });
  }

  /**
   * Writes the events a request checked after its reads held back (see `add`), with its check, in
   * the request's async context; resolves once they are durable, rejects with
   * StaleGenerationsError (none written) if the counters had moved.
   */
  async flushDeferred(scope: RequestScope): Promise<void> {
    const held = scope.deferredEvents ?? [];
    scope.deferredEvents = null;
    await Promise.all(held.map((d) => this.add(d.event, d.set)));
  }

  /** Events waiting for the batch in flight to finish (diagnostics, and the tests that order batches). */
  get waitingEvents(): number {
    return this.waiting.length;
  }

  private async drain(): Promise<void> {
    while (this.waiting.length) await this.write(this.waiting.splice(0, MAX_BATCH));
    this.running = false;
  }

  private async write(batch: Item[]): Promise<void> {
    try {
      const stale = await this.commit(batch);
      for (const i of batch) {
        if (stale?.has(i)) i.reject(new StaleGenerationsError());
        else i.resolve();
      }
    } catch (err) {
      // The database is unavailable (or timed out): every caller gets the error and answers 503;
      // none is acknowledged. Retrying each alone would only multiply the wait.
      for (const i of batch) i.reject(err);
    }
  }

  /**
   * `remember`: the transaction is the batch's own, so its read sets are known stored once it
   * commits. Answers the items whose requests' counters had moved (their events were not written).
   */
  private async commit(batch: Item[], remember = true): Promise<Set<Item> | null> {
    const sets = batch.flatMap((i) => (i.set && !this.stored.has(i.set.hash) ? [i.set] : []));
    // Requests that check their caches after their reads: this batch's statement checks them, and
    // each is confirmed as of what it had sent when the statement went (PostgreSQL only).
    const checked = remember && batch.some((i) => i.checked) && dialectOf(this.db) === "postgres";
    // Outside a unit of work, events with no new read set are one INSERT: no transaction needed.
    // PostgreSQL: into the queue. SQLite: chained after the head this group commit last wrote, when
    // no other chaining has begun since (else, or if another process appended, in a transaction).
    if (remember && !sets.length) {
      const events = batch.map((i) => i.event);
      if (checked) {
        const stamps = batch.map(stampOfItem);
        const now = await queueChecked(this.db, events, batch.map(expectedOf));
        if (now) {
          this.commits++;
          this.alone++;
          this.head = null;
          return settle(batch, stamps, now);
        }
      } else if (await queueAlone(this.db, events)) {
        this.commits++;
        this.alone++;
        this.head = null;
        return null;
      }
      const known = this.head?.chainings === chainingsBegun() ? this.head.head : null;
      this.head = null;
      const head = known && await chainAlone(this.db, events, known);
      if (head) {
        this.commits++;
        this.alone++;
        this.head = { head, chainings: chainingsBegun() };
        return null;
      }
    }
    let after: { head: Head; chainings: number } | null = null;
    let written = sets;
    // What the counters were found at, when the batch holds checked requests.
    const found = await this.db.transaction().execute(async (tx) => {
      // Asked once the transaction holds the connection, so a chaining that ran while it waited
      // counts. Inside a request's unit of work the transaction is a savepoint that may yet roll
      // back, so nothing is remembered of it (and its chaining makes the remembered head stale).
      const known = remember && this.head?.chainings === chainingsBegun() ? this.head.head : null;
      this.head = null;
      let items = batch;
      let counters: { stamps: number[]; now: Generations } | null = null;
      if (checked) {
        // The counters first, in this transaction: only the events (and read sets) of requests
        // whose caches they still allow are written.
        const stamps = batch.map(stampOfItem);
        const now = await readGenerations(tx);
        counters = { stamps, now };
        items = batch.filter((i) => !i.checked || generationsHold(i.checked.check!.expected, now));
        const needed = new Set(items.map((i) => i.set?.hash));
        written = sets.filter((s) => needed.has(s.hash));
      }
      const head = await writeEvents(tx, items.map((i) => i.event), written, known);
      if (head) after = { head, chainings: chainingsBegun() };
      return counters;
    });
    this.commits++;
    if (remember) {
      for (const s of written) this.stored.set(s.hash, true);
      this.head = after;
    }
    return found ? settle(batch, found.stamps, found.now) : null;
  }
}

const stampOfItem = (i: Item): number => (i.checked ? stampOf(i.checked) : -1);
const expectedOf = (i: Item): Generations | null => i.checked?.check?.expected ?? null;

/**
 * Settles each checked request with the counters its batch's statement found (stamped with what it
 * had sent when the statement went); answers those whose counters had moved.
 */
function settle(batch: readonly Item[], stamps: readonly number[], now: Generations): Set<Item> | null {
  let stale: Set<Item> | null = null;
  batch.forEach((i, n) => {
    const check = i.checked?.check;
    if (check && !settleCheck(check, stamps[n]!, now)) (stale ??= new Set()).add(i);
  });
  return stale;
}

const byDb = new WeakMap<Db, GroupCommit>();

export function groupCommit(db: Db): GroupCommit {
  let g = byDb.get(db);
  if (!g) byDb.set(db, (g = new GroupCommit(db)));
  return g;
}
