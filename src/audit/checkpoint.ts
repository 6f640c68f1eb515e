// Signed checkpoints of the chain head (SPEC 3.5). The Ed25519 key lives outside the database, so
// whoever can rewrite the database cannot re-sign a new history. Each checkpoint is kept in three
// places: the database (so it knows it has been signed, and no new key is ever made for it), the
// checkpoints file beside the key, and the witness, if configured: an append-only file elsewhere.
// The files are written (and synced) before the database row, and only a committed head is signed,
// so a crash never leaves a checkpoint that the log does not hold.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import canonicalize from "canonicalize";
import type { Conn, Db } from "../store/db.ts";
import { GENESIS } from "./chain.ts";
import { defaultKeyPaths, KeysError, type KeyPaths } from "./keys.ts";
import { takeSequencerLock } from "./sequencer.ts";

export { defaultKeyPaths, type KeyPaths } from "./keys.ts";

export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  signature: string;
}

export function readSigningKey(path: string): KeyObject | null {
  return existsSync(path) ? createPrivateKey(readFileSync(path)) : null;
}

function createSigningKey(path: string): KeyObject {
  mkdirSync(dirname(path), { recursive: true });
  const { privateKey } = generateKeyPairSync("ed25519");
  writeFileSync(path, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
  return privateKey;
}

export function keyIdOf(key: KeyObject): string {
  const pub = key.type === "private" ? createPublicKey(key) : key;
  return (pub.export({ type: "spki", format: "der" }) as Buffer).subarray(-32).toString("hex").slice(0, 16);
}

const payload = (c: Pick<Checkpoint, "seq" | "hash" | "at">) => Buffer.from(canonicalize({ seq: c.seq, hash: c.hash, at: c.at }) ?? "");

export function signatureHolds(key: KeyObject, c: Checkpoint): boolean {
  try {
    return verify(null, payload(c), key.type === "private" ? createPublicKey(key) : key, Buffer.from(c.signature, "base64"));
  } catch {
    return false;
  }
}

/** Appends one line and syncs it to disk before returning. */
function appendDurably(path: string, line: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "a", 0o600);
  try {
    writeSync(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Complete lines only: a line still being written by another process is not read. Unreadable lines are counted. */
export function readCheckpointFile(path: string): { checkpoints: Checkpoint[]; unreadable: number } {
  if (!existsSync(path)) return { checkpoints: [], unreadable: 0 };
  const text = readFileSync(path, "utf8");
  const lines = text.slice(0, text.lastIndexOf("\n") + 1).split("\n").filter(Boolean);
  const checkpoints: Checkpoint[] = [];
  let unreadable = 0;
  for (const l of lines) {
    try {
      const c = JSON.parse(l) as Checkpoint;
      if (Number.isInteger(c.seq) && typeof c.hash === "string" && typeof c.at === "string" && typeof c.keyId === "string" && typeof c.signature === "string") checkpoints.push(c);
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { checkpoints, unreadable };
}

export function readCheckpoints(path: string): Checkpoint[] {
  return readCheckpointFile(path).checkpoints;
}

export async function databaseCheckpoints(conn: Conn): Promise<Checkpoint[]> {
  const rows = await conn.selectFrom("audit_checkpoints").selectAll().orderBy("seq").execute();
  return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash, at: r.at, keyId: r.key_id, signature: r.signature }));
}

export interface CheckpointPolicy {
  /** Sign when this many events were chained since the last checkpoint. */
  everyEvents: number;
  /** Sign when the last checkpoint is this old and events came since. */
  everyMs: number;
  now: () => number;
  /** When there is no checkpoint yet, time counts from here (the server's start). */
  since: number;
}

type Head = { seq: number; hash: string };
type Decide = (head: Head, last: Checkpoint | null) => boolean;

/** The log must still hold what was last signed, or signing its head now would bless the change. */
async function assertStillSigned(conn: Conn, head: Head, last: Checkpoint): Promise<void> {
  if (last.seq > head.seq) throw new Error(`the audit log ends at event ${head.seq}, but it was signed up to event ${last.seq}: events were deleted (run \`accord audit verify\`); no checkpoint is made over it`);
  const at = last.seq === 0 ? { hash: GENESIS } : await conn.selectFrom("audit_events").select("hash").where("seq", "=", last.seq).executeTakeFirst();
  if (at?.hash !== last.hash) throw new Error(`the audit log no longer holds event ${last.seq} as signed: it was rewritten (run \`accord audit verify\`); no checkpoint is made over it`);
}

/**
 * Signs the committed head if `decide` says so, holding the sequencer's lock so that one process
 * signs at a time and the head cannot move meanwhile. Refuses to make a key for a database that
 * already has checkpoints, and to sign with a key other than the one that signed them.
 */
async function checkpoint(db: Db, paths: KeyPaths, decide: Decide, wait: boolean, now: () => number): Promise<Checkpoint | null> {
  return db.transaction().execute(async (tx) => {
    if (!(await takeSequencerLock(tx, wait))) return null;
    const row = await tx.selectFrom("audit_events").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
    const head = { seq: Number(row?.seq ?? 0), hash: row?.hash ?? GENESIS };
    const lastRow = await tx.selectFrom("audit_checkpoints").selectAll().orderBy("seq", "desc").limit(1).executeTakeFirst();
    const last = lastRow ? { seq: Number(lastRow.seq), hash: lastRow.hash, at: lastRow.at, keyId: lastRow.key_id, signature: lastRow.signature } : null;
    if (!decide(head, last)) return null;
    let key = readSigningKey(paths.privateKey);
    if (!key && last) throw new KeysError(`the audit signing key ${paths.privateKey} is missing, but this database has checkpoints signed by key ${last.keyId}: restore the keys folder that belongs to this database (no new key is made for it)`);
    if (key && last && last.keyId !== keyIdOf(key)) throw new KeysError(`the audit signing key ${paths.privateKey} (key ${keyIdOf(key)}) is not the one that signed this database's checkpoints (key ${last.keyId}): restore the keys folder that belongs to this database`);
    if (last && last.seq === head.seq && last.hash === head.hash) return last;
    if (last) await assertStillSigned(tx, head, last);
    key ??= createSigningKey(paths.privateKey);
    const keyId = keyIdOf(key);
    const base = { seq: head.seq, hash: head.hash, at: new Date(now()).toISOString() };
    const cp: Checkpoint = { ...base, keyId, signature: sign(null, payload(base), key).toString("base64") };
    const line = `${JSON.stringify(cp)}\n`;
    appendDurably(paths.checkpoints, line);
    if (paths.witness) appendDurably(paths.witness, line);
    await tx.insertInto("audit_checkpoints").values({ seq: cp.seq, hash: cp.hash, at: cp.at, key_id: cp.keyId, signature: cp.signature }).execute();
    return cp;
  });
}

/** Signs the head now (`accord audit checkpoint`, shutdown); the last checkpoint if the head has not moved. */
export async function writeCheckpoint(db: Db, paths: KeyPaths = defaultKeyPaths()): Promise<Checkpoint> {
  return (await checkpoint(db, paths, () => true, true, Date.now))!;
}

/** Signs the head if the policy says it is time; null if not, or if another process is signing (unless `wait`). */
export function checkpointIfDue(db: Db, paths: KeyPaths, p: CheckpointPolicy, wait = false): Promise<Checkpoint | null> {
  return checkpoint(db, paths, (head, last) => {
    const since = head.seq - (last?.seq ?? 0);
    if (since <= 0) return false;
    if (since >= p.everyEvents) return true;
    return p.now() - (last ? Date.parse(last.at) : p.since) >= p.everyMs;
  }, wait, p.now);
}
