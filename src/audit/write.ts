// Writing events. SQLite has one writer at a time, so the writing transaction is itself the
// sequencer: it reads the head and chains its events there. PostgreSQL has many writers at once:
// they put their events in the queue, with no lock, and one sequencer at a time chains them
// (sequencer.ts). Either way the events commit with the change they record, or not at all.
import { CompiledQuery } from "kysely";
import type { Conn, Db, Tx } from "../store/db.ts";
import { dialectOf } from "../store/dialect.ts";
import { isUniqueViolation } from "../store/faults.ts";
import { GENERATIONS_SELECT, generationsOf, type Generations } from "../store/generations.ts";
import { chainAfter, GENESIS, type ChainedEvent, type PendingEvent } from "./chain.ts";

/** The last event of the chain, after which the next goes. */
export interface Head { seq: number; hash: string }

/** A read set to store with the events that name it (see `ReadSet`). */
export interface ReadSetRow { hash: string; records: string }

// Rows per INSERT: 11 columns each stays far below both stores' limits on bound parameters.
const CHUNK = 500;

/**
 * Writes events (and the read sets they name). On SQLite answers the head the events leave, once
 * chained; on PostgreSQL null (they wait in the queue). `known`: see `chainEvents`.
 */
export async function writeEvents(tx: Tx, events: readonly PendingEvent[], sets: readonly ReadSetRow[] = [], known: Head | null = null): Promise<Head | null> {
  if (sets.length) await storeReadSets(tx, sets);
  if (!events.length) return null;
  if (dialectOf(tx) === "sqlite") {
    const chained = await chainEvents(tx, events, known);
    const last = chained[chained.length - 1]!;
    return { seq: last.seq, hash: last.hash };
  }
  for (let i = 0; i < events.length; i += CHUNK) await tx.executeQuery(queueInsert(events.slice(i, i + CHUNK)));
  return null;
}

const QUEUE_COLUMNS = '"at", "actor", "action", "target", "marking", "outcome", "client", "details"';
/** The INSERT's text for n events, made once per n (Kysely's building and compiling cost more than the insert's own work here). */
const queueTexts: string[] = [];
function queueText(n: number): string {
  let text = queueTexts[n];
  if (text === undefined) {
    const rows: string[] = [];
    for (let r = 0; r < n; r++) rows.push(`(${Array.from({ length: 8 }, (_, c) => `$${r * 8 + c + 1}`).join(", ")})`);
    queueTexts[n] = text = `insert into "audit_queue" (${QUEUE_COLUMNS}) values ${rows.join(", ")}`;
  }
  return text;
}

/** PostgreSQL: one INSERT of up to CHUNK events into the queue. */
function queueInsert(events: readonly PendingEvent[]): CompiledQuery {
  const params: unknown[] = [];
  for (const e of events) params.push(e.at, e.actor, e.action, e.target, e.marking, e.outcome, e.client, JSON.stringify(e.details));
  return CompiledQuery.raw(queueText(events.length), params);
}

/**
 * PostgreSQL: events that fit one INSERT into the queue, with no read set to store, as a statement
 * of its own. It commits alone and all or nothing, as the transaction around it did, without the
 * BEGIN and COMMIT (two more round trips for every read's event). False (nothing written) otherwise.
 */
export async function queueAlone(db: Db, events: readonly PendingEvent[]): Promise<boolean> {
  if (!events.length || events.length > CHUNK || dialectOf(db) !== "postgres") return false;
  await db.executeQuery(queueInsert(events));
  return true;
}

const checkedTexts: string[] = [];
/**
 * The checked INSERT's text for n events: the counters' row (`cur`), and each event written only if
 * it carries no expectation or its expectation still holds against `cur` (as `generationsHold`
 * decides), all in one snapshot; the statement answers `cur`.
 */
function checkedText(n: number): string {
  let text = checkedTexts[n];
  if (text === undefined) {
    const rows: string[] = [];
    for (let r = 0; r < n; r++) {
      const p = (c: number) => `$${r * 11 + c + 1}`;
      rows.push(`(${Array.from({ length: 8 }, (_, c) => p(c)).join(", ")}, ${p(8)}::bigint, ${p(9)}::bigint, ${p(10)}::bigint)`);
    }
    checkedTexts[n] = text = `with cur as (${GENERATIONS_SELECT}), ins as (insert into "audit_queue" (${QUEUE_COLUMNS}) `
      + `select v.at, v.actor, v.action, v.target, v.marking, v.outcome, v.client, v.details from (values ${rows.join(", ")}) `
      + "as v(at, actor, action, target, marking, outcome, client, details, e_access, e_added, e_auth) cross join cur "
      + "where v.e_access is null or (v.e_access = cur.access and v.e_added >= cur.added and v.e_auth = cur.auth) returning 1) "
      + "select cur.access, cur.added, cur.auth, (select count(*) from ins) as written from cur";
  }
  return text;
}

/**
 * PostgreSQL: `queueAlone` for a batch in which some events belong to requests that check their
 * caches' counters after their reads (src/http/late-check.ts). `expected[i]`: the counters event i's
 * request expects, or null. An event whose expectation no longer holds is not written (nothing of
 * a request answered afresh may stand in the log); answers the counters as the statement found
 * them, so the caller settles each request as the statement did. Null (nothing written) when the
 * batch does not fit one statement.
 */
export async function queueChecked(db: Db, events: readonly PendingEvent[], expected: readonly (Generations | null)[]): Promise<Generations | null> {
  if (!events.length || events.length > CHUNK || dialectOf(db) !== "postgres") return null;
  const params: unknown[] = [];
  events.forEach((e, i) => {
    const x = expected[i];
    params.push(e.at, e.actor, e.action, e.target, e.marking, e.outcome, e.client, JSON.stringify(e.details), x?.access ?? null, x?.added ?? null, x?.auth ?? null);
  });
  return generationsOf(await db.executeQuery(CompiledQuery.raw(checkedText(events.length), params)) as { rows: { access: string; added: string; auth: string }[] });
}

// Chainings begun in this process, so a head remembered from one of them is known to be stale once
// another has begun (whether that one commits or not).
let chainings = 0;
export const chainingsBegun = (): number => chainings;

const HEAD = CompiledQuery.raw("select seq, hash from audit_events order by seq desc limit 1");

/** The chain's head as the database has it (the genesis before the first event). */
async function headOf(tx: Tx): Promise<Head> {
  const head = (await tx.executeQuery(HEAD)).rows[0] as { seq: number | string; hash: string } | undefined;
  return { seq: Number(head?.seq ?? 0), hash: head?.hash ?? GENESIS };
}

/**
 * SQLite: chains events after the current head. The caller holds the only right to do so (see
 * above). PostgreSQL's sequencer places and moves queued events instead (`placeQueued`).
 *
 * `known`: the head as the caller itself last committed it, when no other chaining
 * in this process has begun since (see group-commit.ts); the events go after it without reading
 * the head. Another process may still have appended since: its event then holds the place after
 * `known`, the insert is refused by the primary key on seq (nothing of it is written, and SQLite
 * keeps the transaction), and the events are chained after the head read from the database. So a
 * remembered head can make an append fail over to the database's head, never fork the chain.
 */
export async function chainEvents(tx: Tx, events: readonly PendingEvent[], known: Head | null = null): Promise<ChainedEvent[]> {
  chainings++;
  if (known && events.length <= CHUNK) {
    const chained = chainAfter(known, events);
    try {
      await insertChained(tx, chained);
      return chained;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  const chained = chainAfter(await headOf(tx), events);
  for (let i = 0; i < chained.length; i += CHUNK) await insertChained(tx, chained.slice(i, i + CHUNK));
  return chained;
}

/**
 * SQLite: events chained after `known` (see `chainEvents`) in one INSERT of their own, outside any
 * transaction: SQLite commits a statement alone all or nothing, and as durably as a COMMIT, so the
 * BEGIN and COMMIT around it were two more statements for nothing. If another writer has appended
 * since `known`, the primary key on seq refuses the whole INSERT (nothing of it is written) and
 * null is answered: the caller chains in a transaction after the database's head instead.
 */
export async function chainAlone(db: Db, events: readonly PendingEvent[], known: Head): Promise<Head | null> {
  if (!events.length || events.length > CHUNK || dialectOf(db) !== "sqlite") return null;
  chainings++;
  const chained = chainAfter(known, events);
  try {
    await insertChained(db, chained);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return null;
  }
  const last = chained[chained.length - 1]!;
  return { seq: last.seq, hash: last.hash };
}

const COLUMNS = "seq, at, actor, action, target, marking, outcome, client, details, prev_hash, hash";

/** Queued events given their places in the chain: parallel arrays, the queue's ids first. */
export interface Placed { ids: unknown[]; seqs: number[]; prevHashes: string[]; hashes: string[] }

/**
 * PostgreSQL, the sequencer: queued events (as read from the queue, oldest first) given their places
 * after the chain's head, each hashed onto the one before: what `movePlaced` sends.
 */
export async function placeQueued(tx: Tx, queued: readonly { id: unknown; event: PendingEvent }[]): Promise<Placed> {
  const chained = chainAfter(await headOf(tx), queued.map((q) => q.event));
  return { ids: queued.map((q) => q.id), seqs: chained.map((e) => e.seq), prevHashes: chained.map((e) => e.prevHash), hashes: chained.map((e) => e.hash) };
}

/**
 * PostgreSQL: the placed events moved from the queue into the chain in one statement of fixed text
 * (prepared once per connection): the queue's rows deleted and inserted with their places, so each
 * event's columns stay in the database and only ids, places and hashes are sent. The columns
 * inserted are those `placeQueued` hashed: the queue's rows are never changed, and only the
 * sequencer, under its lock, deletes them. Kysely's INSERT of every column (a text per batch size,
 * a node per value) and a DELETE by an IN list left more of each batch alive past two scavenges:
 * under list load at 1M (narrow documents, 8 connections, `--trace-gc-nvp` in bench/p99-probe.ts)
 * a scavenge promoted ~230 KB to the old generation with them, ~21 KB with no sequencing at all.
 * The old generation's growth is what brings on the full collections whose pauses reach a p99.
 */
const MOVE_PLACED = `with moved as (delete from audit_queue where id = any($1::bigint[]) returning *)
  insert into audit_events (${COLUMNS})
  select p.seq, m.at, m.actor, m.action, m.target, m.marking, m.outcome, m.client, m.details, p.prev_hash, p.hash
  from moved m join unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) as p(id, seq, prev_hash, hash) on p.id = m.id`;

export async function movePlaced(tx: Tx, placed: Placed): Promise<void> {
  const r = await tx.executeQuery(CompiledQuery.raw(MOVE_PLACED, [placed.ids, placed.seqs, placed.prevHashes, placed.hashes]));
  // Under the sequencer's lock every placed event is still queued; were one not, the chain would
  // have a gap: refuse (the transaction rolls back, and the next round places them again).
  if (Number(r.numAffectedRows ?? -1) !== placed.ids.length) throw new Error(`audit: ${placed.ids.length} events placed, ${String(r.numAffectedRows)} moved; nothing is chained`);
}

const ROW = `(${COLUMNS.split(",").map(() => "?").join(", ")})`;

/** SQLite: one INSERT of up to CHUNK events, as text written here (Kysely's building and compiling cost more than the insert). */
async function insertChained(tx: Conn, chained: readonly ChainedEvent[]): Promise<void> {
  const params: unknown[] = [];
  for (const e of chained) params.push(e.seq, e.at, e.actor, e.action, e.target, e.marking, e.outcome, e.client, JSON.stringify(e.details), e.prevHash, e.hash);
  await tx.executeQuery(CompiledQuery.raw(`insert into audit_events (${COLUMNS}) values ${Array(chained.length).fill(ROW).join(", ")}`, params));
}

/**
 * Stores the sets not stored yet. Looking first keeps concurrent writers of a set already stored
 * from waiting on each other's unique-key check; a set is named by its content, so a race to
 * insert a new one inserts the same row and the loser does nothing.
 */
async function storeReadSets(tx: Tx, sets: readonly ReadSetRow[]): Promise<void> {
  const unique = [...new Map(sets.map((s) => [s.hash, s])).values()];
  const have = new Set((await tx.selectFrom("audit_read_sets").select("hash").where("hash", "in", unique.map((s) => s.hash)).execute()).map((r) => r.hash));
  const fresh = unique.filter((s) => !have.has(s.hash));
  for (let i = 0; i < fresh.length; i += CHUNK) {
    await tx.insertInto("audit_read_sets").values(fresh.slice(i, i + CHUNK)).onConflict((oc) => oc.column("hash").doNothing()).execute();
  }
}
