// The audit chain (SPEC 3.5): hash = SHA-256(previous hash ‖ canonical JSON of the event).
// Canonical JSON is RFC 8785 (JCS), so any verifier in any language gets the same bytes.
import { hash } from "node:crypto";
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

// One-shot `crypto.hash` rather than a Hash object (createHash, update, digest): the same digest
// of the same UTF-8 bytes, without an object per event (on Node 24 about a sixth of the time for a
// short text, half for a read set's few KB). chain.test.ts holds it to createHash's.
export function eventHash(prevHash: string, e: AuditEvent): string {
  return hash("sha256", prevHash + eventBody(e), "hex");
}

// The event's fields in the order RFC 8785 sorts them (by UTF-16 code units, as `sort()` does).
const EVENT_KEYS = ["action", "actor", "at", "client", "details", "marking", "outcome", "seq", "target"] as const;

/**
 * The canonical JSON of an event: the bytes `canonicalize` makes of it, written field by field
 * (the event's fields are fixed; only `details` needs the general walk). A field left undefined is
 * left out and a lone surrogate refused, both as `canonicalize` does. Old events verify by these
 * same bytes: chain.test.ts holds the two equal.
 */
export function eventBody(e: AuditEvent): string {
  let out = "{";
  for (const key of EVENT_KEYS) {
    const v: unknown = e[key];
    if (v === undefined || typeof v === "symbol") continue;
    out += `${out.length > 1 ? "," : ""}"${key}":${typeof v === "string" ? jcsString(v) : v === null ? "null" : canonicalize(v)}`;
  }
  return `${out}}`;
}

// String.prototype.isWellFormed (Node 20; not yet in the TypeScript library this project targets).
const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** A string as RFC 8785 writes it (as JSON.stringify does); a lone surrogate is refused, as `canonicalize` refuses it. */
function jcsString(s: string): string {
  if (!wellFormed(s)) throw new Error("Lone surrogate is not allowed");
  return JSON.stringify(s);
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
  // No prototype: a banner is only ever a key here, whatever it says ("toString" included).
  const set: ReadSet = Object.create(null) as ReadSet;
  for (const r of records) (set[r.marking] ??= []).push(r.id);
  for (const ids of Object.values(set)) ids.sort();
  return set;
}

/**
 * The canonical JSON of a read set, the bytes `canonicalize` makes of it, written directly: a set
 * is banners (sorted) to arrays of ids, and JSON.stringify writes an array of strings exactly as
 * RFC 8785 does. chain.test.ts holds the two equal.
 */
export function readSetJson(set: ReadSet): string {
  let out = "{";
  for (const banner of Object.keys(set).sort()) {
    const ids = set[banner]!;
    for (const id of ids) if (!wellFormed(id)) throw new Error("Lone surrogate is not allowed");
    out += `${out.length > 1 ? "," : ""}${jcsString(banner)}:${JSON.stringify(ids)}`;
  }
  return `${out}}`;
}

/** A string as RFC 8785 writes it: printable ASCII other than `"` and `\\` as it is, anything else by jcsString. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const jcsPlain = (s: string): string => (PLAIN.test(s) ? `"${s}"` : jcsString(s));

/**
 * `readSetJson(readSetOf(records))` in one pass, for a read just made: the records grouped in a Map
 * (a null-prototype object keyed by ~50 banners went to dictionary mode, and each id and banner was
 * checked and written by its own native call), then written banner by banner with ids and banners of
 * plain ASCII written as they are. About half the time of the two (30 → 13 µs for a broad reader's
 * page of 50 with 43 banners). chain.test.ts holds it equal to `canonicalize(readSetOf(records))`,
 * refusals included.
 */
export function readSetJsonOf(records: readonly { id: string; marking: string }[]): string {
  const groups = new Map<string, string[]>();
  for (const r of records) {
    const ids = groups.get(r.marking);
    if (ids) ids.push(r.id);
    else groups.set(r.marking, [r.id]);
  }
  // Sorted by UTF-16 code units, as RFC 8785 sorts keys and readSetOf sorts ids.
  const banners = [...groups.keys()].sort();
  let out = "";
  for (const banner of banners) {
    const ids = groups.get(banner)!;
    if (ids.length > 1) ids.sort();
    out += `${out ? "," : "{"}${jcsPlain(banner)}:[`;
    for (let i = 0; i < ids.length; i++) out += `${i ? "," : ""}${jcsPlain(ids[i]!)}`;
    out += "]";
  }
  return `${out || "{"}}`;
}

/** A read set just made from a page's records: its canonical JSON and its name. */
export interface MadeReadSet { json: string; hash: string }

/** The pages whose read sets were made lately (readSetMadeOf), and how many are kept. */
const recentSets = new Map<string, { ids: string[]; banners: string[]; made: MadeReadSet }>();
const RECENT_SETS = 128;

/**
 * `readSetJsonOf` and `readSetName` of a read just made, remembered for the pages read lately: a
 * page read again with the same records in the same order, each under the same banner, has the same
 * set, and making it (grouping, sorting, writing ~4 KB of JSON and hashing it) cost a list request
 * ~20-30 µs. A page is looked up by its length and first and last ids, and taken only when every
 * record's id and banner equals the remembered one; anything else is made afresh (and remembered
 * in place of the oldest). The bytes are those of `readSetJsonOf`: chain.test.ts holds the two
 * equal over pages read again, changed anywhere, reordered and refused.
 */
export function readSetMadeOf(records: readonly { id: string; marking: string }[]): MadeReadSet {
  const n = records.length;
  const key = n ? `${n}\u0000${records[0]!.id}\u0000${records[n - 1]!.id}` : "";
  const hit = recentSets.get(key);
  if (hit && sameRecords(hit, records)) return hit.made;
  const json = readSetJsonOf(records);
  const made = { json, hash: readSetName(json) };
  if (!hit && recentSets.size >= RECENT_SETS) recentSets.delete(recentSets.keys().next().value!);
  recentSets.set(key, { ids: records.map((r) => r.id), banners: records.map((r) => r.marking), made });
  return made;
}

function sameRecords(kept: { ids: string[]; banners: string[] }, records: readonly { id: string; marking: string }[]): boolean {
  if (kept.ids.length !== records.length) return false;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.id !== kept.ids[i] || r.marking !== kept.banners[i]) return false;
  }
  return true;
}

/** The name of a read set: the SHA-256 of its canonical JSON, base64url. */
export function readSetHash(set: ReadSet): string {
  // The general walk: a set read back from the database is checked whatever shape it has.
  return readSetName(canonicalize(set) ?? "");
}

/** The same from the canonical JSON itself (`readSetJson`), for a set just made. */
export function readSetName(json: string): string {
  return hash("sha256", json, "base64url");
}
