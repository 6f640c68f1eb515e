// The audit chain (SPEC 3.5): hash = SHA-256(previous hash ‖ canonical JSON of the event).
// Canonical JSON is RFC 8785 (JCS), so any verifier in any language gets the same bytes.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

export const GENESIS = "0".repeat(64);

export interface AuditEvent {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  marking: string | null;
  outcome: string;
  client: string | null;
  details: Record<string, unknown>;
}

export interface ChainedEvent extends AuditEvent {
  prevHash: string;
  hash: string;
}

export function eventHash(prevHash: string, e: AuditEvent): string {
  const body = canonicalize({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    target: e.target,
    marking: e.marking,
    outcome: e.outcome,
    client: e.client,
    details: e.details,
  });
  return createHash("sha256").update(prevHash).update(body ?? "").digest("hex");
}

export type VerifyResult =
  | { ok: true; events: number; head: string }
  | { ok: false; events: number; badSeq: number; reason: string };

/** Walks events in order; the first that breaks sequence, link or hash is named. */
export function verifyEvents(events: Iterable<ChainedEvent>, start = { seq: 0, hash: GENESIS }): VerifyResult {
  let prev = start.hash;
  let expectedSeq = start.seq + 1;
  let count = 0;
  for (const e of events) {
    if (e.seq !== expectedSeq) return { ok: false, events: count, badSeq: e.seq, reason: `expected event ${expectedSeq}, found ${e.seq} (missing, inserted or reordered)` };
    if (e.prevHash !== prev) return { ok: false, events: count, badSeq: e.seq, reason: "does not link to the previous event" };
    if (eventHash(prev, e) !== e.hash) return { ok: false, events: count, badSeq: e.seq, reason: "content does not match its hash (edited)" };
    prev = e.hash;
    expectedSeq++;
    count++;
  }
  return { ok: true, events: count, head: prev };
}

/** An event before the chain gives it a place: what a request's transaction writes. */
export type PendingEvent = Omit<AuditEvent, "seq">;

/** Gives events their places after `head`, each hashed onto the one before. */
export function chainAfter(head: { seq: number; hash: string }, events: readonly PendingEvent[]): ChainedEvent[] {
  let prev = head.hash;
  let seq = head.seq;
  return events.map((e) => {
    const event: AuditEvent = { ...e, seq: ++seq };
    const hash = eventHash(prev, event);
    const chained = { ...event, prevHash: prev, hash };
    prev = hash;
    return chained;
  });
}

/**
 * The records a list read returned, as stored: their identifiers grouped under the banner of the
 * marking each had when read. The event holds only this set's name, the SHA-256 of its canonical
 * JSON, so a page read a thousand times is stored once and still cannot be altered unseen.
 */
export type ReadSet = Record<string, string[]>;

export function readSetOf(records: readonly { id: string; marking: string }[]): ReadSet {
  const set: ReadSet = {};
  for (const r of records) (set[r.marking] ??= []).push(r.id);
  for (const ids of Object.values(set)) ids.sort();
  return set;
}

export function readSetHash(set: ReadSet): string {
  return createHash("sha256").update(canonicalize(set) ?? "").digest("base64url");
}
