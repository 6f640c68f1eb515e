// Writing events. SQLite has one writer at a time, so the writing transaction is itself the
// sequencer: it reads the head and chains its events there. PostgreSQL has many writers at once:
// they put their events in the queue, with no lock, and one sequencer at a time chains them
// (sequencer.ts). Either way the events commit with the change they record, or not at all.
import type { Tx } from "../store/db.ts";
import { dialectOf } from "../store/dialect.ts";
import { chainAfter, GENESIS, type ChainedEvent, type PendingEvent } from "./chain.ts";

/** A read set to store with the events that name it (see `ReadSet`). */
export interface ReadSetRow { hash: string; records: string }

// Rows per INSERT: 11 columns each stays far below both stores' limits on bound parameters.
const CHUNK = 500;

export async function writeEvents(tx: Tx, events: readonly PendingEvent[], sets: readonly ReadSetRow[] = []): Promise<void> {
  if (sets.length) await storeReadSets(tx, sets);
  if (!events.length) return;
  if (dialectOf(tx) === "sqlite") {
    await chainEvents(tx, events);
    return;
  }
  for (let i = 0; i < events.length; i += CHUNK) {
    await tx.insertInto("audit_queue").values(events.slice(i, i + CHUNK).map((e) => ({ ...e, details: JSON.stringify(e.details) }))).execute();
  }
}

/** Chains events after the current head. The caller holds the only right to do so (see above). */
export async function chainEvents(tx: Tx, events: readonly PendingEvent[]): Promise<ChainedEvent[]> {
  const head = await tx.selectFrom("audit_events").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
  const chained = chainAfter({ seq: Number(head?.seq ?? 0), hash: head?.hash ?? GENESIS }, events);
  for (let i = 0; i < chained.length; i += CHUNK) {
    await tx.insertInto("audit_events").values(chained.slice(i, i + CHUNK).map(({ prevHash, details, ...e }) => ({ ...e, details: JSON.stringify(details), prev_hash: prevHash }))).execute();
  }
  return chained;
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
