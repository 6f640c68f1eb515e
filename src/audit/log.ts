// Appending to and reading the audit log (SPEC 3.5). A change's event is written in the change's
// own transaction, so it exists exactly when the change was committed; events with no change of
// their own are group-committed and their callers wait until they are durable.
import type { Conn, Db, Tx } from "../store/db.ts";
import { GENESIS, readSetHash, readSetMadeOf, verifyEvents, type ChainedEvent, type PendingEvent, type ReadSet, type VerifyResult } from "./chain.ts";
import { groupCommit } from "./group-commit.ts";
import { writeEvents } from "./write.ts";

export interface AuditInput {
  actor: string | null;
  action: string;
  target?: string | null;
  marking?: string | null;
  outcome: "success" | "denied" | "failure" | "not_found";
  client?: string | null;
  details?: Record<string, unknown>;
}

/** A read of many records (a list, a search page): the records go to a read set, the event names it. */
export interface ReadInput {
  actor: string | null;
  action: string;
  client?: string | null;
  /** Each record read, with the banner of the marking it had when read. */
  records: readonly { id: string; marking: string }[];
}

function pending(input: AuditInput): PendingEvent {
  return {
    at: new Date().toISOString(),
    actor: input.actor,
    action: input.action,
    target: input.target ?? null,
    marking: input.marking ?? null,
    outcome: input.outcome,
    client: input.client ?? null,
    details: input.details ?? {},
  };
}

/** Appends in the caller's transaction: the event commits with the change, or not at all. */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<void> {
  await writeEvents(tx, [pending(input)]);
}

/** Several events of one change, in order, written together (multi-row). */
export async function appendAudits(tx: Tx, inputs: readonly AuditInput[]): Promise<void> {
  await writeEvents(tx, inputs.map(pending));
}

/** For events with no other change (reads, denials, sign-ins): resolves once the event is durable. */
export function recordAudit(db: Db, input: AuditInput): Promise<void> {
  return groupCommit(db).add(pending(input));
}

/** A list read, stored compactly: the event names its read set; resolves once both are durable. */
export function recordRead(db: Db, input: ReadInput): Promise<void> {
  const { json: records, hash } = readSetMadeOf(input.records);
  const event = pending({ actor: input.actor, action: input.action, outcome: "success", client: input.client ?? null, details: { records: input.records.length, readSet: hash } });
  return groupCommit(db).add(event, { hash, records });
}

type Row = { seq: number; at: string; actor: string | null; action: string; target: string | null; marking: string | null; outcome: string; client: string | null; details: string; prev_hash: string; hash: string };

function parseDetails(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { unparseable: text };
  }
}

export function rowToEvent(r: Row): ChainedEvent {
  return { seq: Number(r.seq), at: r.at, actor: r.actor, action: r.action, target: r.target, marking: r.marking, outcome: r.outcome, client: r.client, details: parseDetails(r.details), prevHash: r.prev_hash, hash: r.hash };
}

export function queueRowToPending(r: Omit<Row, "seq" | "prev_hash" | "hash">): PendingEvent {
  return { at: r.at, actor: r.actor, action: r.action, target: r.target, marking: r.marking, outcome: r.outcome, client: r.client, details: parseDetails(r.details) };
}

/** The read set an event names, if any. */
export const readSetOfEvent = (e: { details: Record<string, unknown> }): string | null => (typeof e.details.readSet === "string" ? e.details.readSet : null);

/** The stored read sets among `hashes`, parsed; a set whose content no longer matches its name is left out. */
export async function loadReadSets(conn: Conn, hashes: readonly string[]): Promise<Map<string, ReadSet>> {
  const out = new Map<string, ReadSet>();
  const unique = [...new Set(hashes)];
  for (let i = 0; i < unique.length; i += 500) {
    for (const r of await conn.selectFrom("audit_read_sets").selectAll().where("hash", "in", unique.slice(i, i + 500)).execute()) {
      try {
        const set = JSON.parse(r.records) as ReadSet;
        if (readSetHash(set) === r.hash) out.set(r.hash, set);
      } catch {
        // unparseable: treated as missing
      }
    }
  }
  return out;
}

/** Streams the chained log in pages so verifying a long chain needs little memory. */
export async function* readEvents(conn: Conn, fromSeq = 1, pageSize = 5000): AsyncGenerator<ChainedEvent> {
  let next = fromSeq;
  for (;;) {
    const rows = await conn.selectFrom("audit_events").selectAll().where("seq", ">=", next).orderBy("seq").limit(pageSize).execute();
    for (const r of rows) yield rowToEvent(r);
    if (rows.length < pageSize) return;
    next = Number(rows[rows.length - 1]!.seq) + 1;
  }
}

/** Events still waiting for the sequencer (PostgreSQL); always none on SQLite. */
export async function queuedCount(conn: Conn): Promise<number> {
  return Number((await conn.selectFrom("audit_queue").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
}

/**
 * Verifies the chain page by page, carrying the head forward, and that every read set an event
 * names is stored with the content its name hashes.
 */
export async function verifyChain(conn: Conn, onProgress?: (n: number) => void): Promise<VerifyResult> {
  const PAGE = 5000;
  const events: ChainedEvent[] = [];
  const checkedSets = new Set<string>();
  let start = { seq: 0, hash: GENESIS };
  let total = 0;
  const verifyPage = async (): Promise<VerifyResult> => {
    const result = verifyEvents(events, start);
    const upTo = result.ok ? events.length : result.events;
    const named = events.slice(0, upTo).flatMap((e) => { const h = readSetOfEvent(e); return h && !checkedSets.has(h) ? [h] : []; });
    if (named.length) {
      const found = await loadReadSets(conn, named);
      for (const e of events.slice(0, upTo)) {
        const h = readSetOfEvent(e);
        if (!h || checkedSets.has(h)) continue;
        if (!found.has(h)) return { ok: false, events: total + events.indexOf(e), badSeq: e.seq, reason: "the records it read (its read set) are missing or were altered" };
        checkedSets.add(h);
      }
    }
    return { ...result, events: total + result.events };
  };
  for await (const e of readEvents(conn, 1, PAGE)) {
    events.push(e);
    if (events.length === PAGE) {
      const result = await verifyPage();
      if (!result.ok) return result;
      total = result.events;
      start = { seq: events[events.length - 1]!.seq, hash: result.head };
      events.length = 0;
      onProgress?.(total);
    }
  }
  const result = await verifyPage();
  if (result.ok) onProgress?.(result.events);
  return result;
}

/** An event as exported: a list read carries the records it read, which its `details.readSet` names by hash. */
export type ExportedEvent = ChainedEvent & { readSetRecords?: ReadSet | null };

/** The chained log for export, page by page, each list read with its read set. */
export async function* exportEvents(conn: Conn, pageSize = 1000): AsyncGenerator<ExportedEvent> {
  let page: ChainedEvent[] = [];
  const flush = async function* () {
    const sets = await loadReadSets(conn, page.flatMap((e) => readSetOfEvent(e) ?? []));
    for (const e of page) {
      const h = readSetOfEvent(e);
      yield h ? { ...e, readSetRecords: sets.get(h) ?? null } : e;
    }
    page = [];
  };
  for await (const e of readEvents(conn, 1, pageSize)) {
    page.push(e);
    if (page.length === pageSize) yield* flush();
  }
  yield* flush();
}
