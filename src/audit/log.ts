// Appending to and reading the audit log. Appends run inside the caller's transaction, so an
// event exists exactly when the change it records was committed.
import { sql } from "kysely";
import type { Conn, Db, Tx } from "../store/db.ts";
import { dialectOf } from "../store/dialect.ts";
import { eventHash, GENESIS, verifyEvents, type AuditEvent, type ChainedEvent, type VerifyResult } from "./chain.ts";

export interface AuditInput {
  actor: string | null;
  action: string;
  target?: string | null;
  marking?: string | null;
  outcome: "success" | "denied" | "failure" | "not_found";
  client?: string | null;
  details?: Record<string, unknown>;
}

// Serialises appenders across processes on PostgreSQL; SQLite already has one writer at a time.
const AUDIT_LOCK = 0x4acc0d;

export async function appendAudit(tx: Tx, input: AuditInput): Promise<ChainedEvent> {
  if (dialectOf(tx) === "postgres") await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(tx);
  const head = await tx.selectFrom("audit_events").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
  const event: AuditEvent = {
    seq: (head?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    actor: input.actor,
    action: input.action,
    target: input.target ?? null,
    marking: input.marking ?? null,
    outcome: input.outcome,
    client: input.client ?? null,
    details: input.details ?? {},
  };
  const prevHash = head?.hash ?? GENESIS;
  const hash = eventHash(prevHash, event);
  await tx
    .insertInto("audit_events")
    .values({ ...event, details: JSON.stringify(event.details), prev_hash: prevHash, hash })
    .execute();
  return { ...event, prevHash, hash };
}

/** Appends in a transaction of its own: for events with no other change (reads, denials, sign-ins). */
export function recordAudit(db: Db, input: AuditInput): Promise<ChainedEvent> {
  return db.transaction().execute((tx) => appendAudit(tx, input));
}

type Row = { seq: number; at: string; actor: string | null; action: string; target: string | null; marking: string | null; outcome: string; client: string | null; details: string; prev_hash: string; hash: string };

export function rowToEvent(r: Row): ChainedEvent {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(r.details) as Record<string, unknown>;
  } catch {
    details = { unparseable: r.details };
  }
  return { seq: Number(r.seq), at: r.at, actor: r.actor, action: r.action, target: r.target, marking: r.marking, outcome: r.outcome, client: r.client, details, prevHash: r.prev_hash, hash: r.hash };
}

/** Streams the log in pages so verifying a long chain needs little memory. */
export async function* readEvents(conn: Conn, fromSeq = 1, pageSize = 5000): AsyncGenerator<ChainedEvent> {
  let next = fromSeq;
  for (;;) {
    const rows = await conn.selectFrom("audit_events").selectAll().where("seq", ">=", next).orderBy("seq").limit(pageSize).execute();
    for (const r of rows) yield rowToEvent(r);
    if (rows.length < pageSize) return;
    next = Number(rows[rows.length - 1]!.seq) + 1;
  }
}

export async function verifyChain(conn: Conn, onProgress?: (n: number) => void): Promise<VerifyResult> {
  const events: ChainedEvent[] = [];
  let result: VerifyResult = { ok: true, events: 0, head: GENESIS };
  let start = { seq: 0, hash: GENESIS };
  let total = 0;
  // Verify page by page, carrying the head forward.
  for await (const e of readEvents(conn)) {
    events.push(e);
    if (events.length === 5000) {
      result = verifyEvents(events, start);
      if (!result.ok) return { ...result, events: total + result.events };
      total += result.events;
      start = { seq: events[events.length - 1]!.seq, hash: result.head };
      events.length = 0;
      onProgress?.(total);
    }
  }
  result = verifyEvents(events, start);
  if (!result.ok) return { ...result, events: total + result.events };
  onProgress?.(total + result.events);
  return { ok: true, events: total + result.events, head: result.head };
}
