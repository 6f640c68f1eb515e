// Signed checkpoints of the chain head (SPEC 3.5). The Ed25519 key lives outside the database, so
// whoever can rewrite the database cannot re-sign a new history. Each checkpoint is kept in three
// places: the database (so it knows it has been signed, and no new key is ever made for it), the
// checkpoints file beside the key, and the witness, if configured: an append-only file elsewhere.
// The files are written (and synced) before the database row, and only a committed head is signed,
// so a crash never leaves a checkpoint that the log does not hold. A signer killed between the files
// and the row leaves its checkpoint in the files alone: the next signer records it, if the head has
// not moved since, instead of signing that head a second time.
// The files are synced by libuv's threads (fs/promises), not on the event loop: every request in
// flight waited for those syncs (1-8 ms per second under load, 51 and 69 ms once each under disk
// contention). On SQLite the sync also runs outside any transaction, because a transaction holds
// the process's one connection: the head is read and signed in a short read transaction, the files
// are synced, then the row is inserted (see `checkpoint` for what another signer in between does).
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, open, stat, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import canonicalize from "canonicalize";
import type { Conn, Db } from "../store/db.ts";
import { dialectOf } from "../store/dialect.ts";
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

/** A checkpoint of `base` signed by `key`. */
export function signCheckpoint(key: KeyObject, base: Pick<Checkpoint, "seq" | "hash" | "at">): Checkpoint {
  return { seq: base.seq, hash: base.hash, at: base.at, keyId: keyIdOf(key), signature: sign(null, payload(base), key).toString("base64") };
}

export function signatureHolds(key: KeyObject, c: Checkpoint): boolean {
  try {
    return verify(null, payload(c), key.type === "private" ? createPublicKey(key) : key, Buffer.from(c.signature, "base64"));
  } catch {
    return false;
  }
}

/**
 * How a checkpoint file is synced: `file.sync()`, run by libuv's threads. A seam for the test that
 * holds a sync open to show what is free meanwhile (checkpoint-sync.test.ts); nothing else replaces it.
 */
export const checkpointFiles = {
  sync: (file: FileHandle, _path: string): Promise<void> => file.sync(),
};

/** Appends one line (whole, O_APPEND) and syncs it to disk before returning, off the event loop. */
async function appendDurably(path: string, line: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, "a", 0o600);
  try {
    await file.appendFile(line);
    await checkpointFiles.sync(file, path);
  } finally {
    await file.close();
  }
}

/** A parsed line has every field of a checkpoint, of its type. */
const isCheckpoint = (c: Checkpoint | null): c is Checkpoint =>
  c !== null && Number.isInteger(c.seq) && typeof c.hash === "string" && typeof c.at === "string" && typeof c.keyId === "string" && typeof c.signature === "string";

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
      if (isCheckpoint(c)) checkpoints.push(c);
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { checkpoints, unreadable };
}

/**
 * The last whole checkpoint line of a file, read from its end (a file holds one line per checkpoint
 * ever signed): null if there is none, or if the last line does not read as a checkpoint.
 */
async function lastCheckpointIn(path: string): Promise<Checkpoint | null> {
  const size = await stat(path).then((s) => s.size, () => 0);
  if (size === 0) return null;
  const file = await open(path, "r");
  try {
    const length = Math.min(size, 16 * 1024);
    const { buffer, bytesRead } = await file.read(Buffer.alloc(length), 0, length, size - length);
    const text = buffer.toString("utf8", 0, bytesRead);
    const end = text.lastIndexOf("\n");
    if (end < 0) return null;
    const line = text.slice(text.lastIndexOf("\n", end - 1) + 1, end);
    try {
      const c = JSON.parse(line) as Checkpoint;
      return isCheckpoint(c) ? c : null;
    } catch {
      return null;
    }
  } finally {
    await file.close();
  }
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
 * What signing the head comes to: `fresh`, a new signature to write to the files and the database;
 * `unrecorded`, a checkpoint of this head already in the keys folder's file but not in the database,
 * to record there (and in the witness, if it is missing); otherwise the database's last checkpoint.
 */
type Signed = { cp: Checkpoint; fresh: boolean; unrecorded?: boolean };

/**
 * Reads the committed head and the last checkpoint and, if `decide` says so, signs the head: a
 * fresh checkpoint, or the last one if the head has not moved. Refuses to make a key for a
 * database that already has checkpoints, and to sign with a key other than the one that signed them.
 */
async function signHead(conn: Conn, paths: KeyPaths, decide: Decide, now: () => number): Promise<Signed | null> {
  const row = await conn.selectFrom("audit_events").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
  const head = { seq: Number(row?.seq ?? 0), hash: row?.hash ?? GENESIS };
  const lastRow = await conn.selectFrom("audit_checkpoints").selectAll().orderBy("seq", "desc").limit(1).executeTakeFirst();
  const last = lastRow ? { seq: Number(lastRow.seq), hash: lastRow.hash, at: lastRow.at, keyId: lastRow.key_id, signature: lastRow.signature } : null;
  if (!decide(head, last)) return null;
  let key = readSigningKey(paths.privateKey);
  if (!key && last) throw new KeysError(`the audit signing key ${paths.privateKey} is missing, but this database has checkpoints signed by key ${last.keyId}: restore the keys folder that belongs to this database (no new key is made for it)`);
  if (key && last && last.keyId !== keyIdOf(key)) throw new KeysError(`the audit signing key ${paths.privateKey} (key ${keyIdOf(key)}) is not the one that signed this database's checkpoints (key ${last.keyId}): restore the keys folder that belongs to this database`);
  if (last && last.seq === head.seq && last.hash === head.hash) return { cp: last, fresh: false };
  if (last) await assertStillSigned(conn, head, last);
  // A signer killed between the files and the row (or, on SQLite, another process signing between
  // them) left this head's checkpoint as the keys folder's last: it is recorded, not signed again,
  // so each head is signed once whatever crashes. Only if this key signed it, over this head.
  const inFile = key ? await lastCheckpointIn(paths.checkpoints) : null;
  if (key && inFile && inFile.seq === head.seq && inFile.hash === head.hash && inFile.keyId === keyIdOf(key) && signatureHolds(key, inFile)) {
    return { cp: inFile, fresh: false, unrecorded: true };
  }
  key ??= createSigningKey(paths.privateKey);
  return { cp: signCheckpoint(key, { seq: head.seq, hash: head.hash, at: new Date(now()).toISOString() }), fresh: true };
}

/** The files before the database, the keys folder's before the witness: each holds what the next does. */
async function appendToFiles(paths: KeyPaths, cp: Checkpoint): Promise<void> {
  const line = `${JSON.stringify(cp)}\n`;
  await appendDurably(paths.checkpoints, line);
  if (paths.witness) await appendDurably(paths.witness, line);
}

/**
 * Before an unrecorded checkpoint's row: its line in the keys folder is synced (its signer may have
 * died, or on SQLite still be syncing it), and the witness's line added if it is not the witness's
 * last (its signer may have died before writing it).
 */
async function filesHold(paths: KeyPaths, cp: Checkpoint): Promise<void> {
  const file = await open(paths.checkpoints, "r");
  try {
    await checkpointFiles.sync(file, paths.checkpoints);
  } finally {
    await file.close();
  }
  if (paths.witness && (await lastCheckpointIn(paths.witness))?.signature !== cp.signature) await appendDurably(paths.witness, `${JSON.stringify(cp)}\n`);
}

const rowOf = (cp: Checkpoint) => ({ seq: cp.seq, hash: cp.hash, at: cp.at, key_id: cp.keyId, signature: cp.signature });

/** The signer running in this process, per database: one at a time, the others wait or give up. */
const signing = new WeakMap<Db, Promise<unknown>>();

async function oneAtATime<T>(db: Db, wait: boolean, run: () => Promise<T | null>): Promise<T | null> {
  for (let busy = signing.get(db); busy; busy = signing.get(db)) {
    if (!wait) return null;
    await busy.catch(() => undefined);
  }
  const running = run();
  signing.set(db, running);
  try {
    return await running;
  } finally {
    if (signing.get(db) === running) signing.delete(db);
  }
}

/**
 * Signs the committed head if `decide` says so, one signer at a time in this process.
 *
 * PostgreSQL: in one transaction holding the sequencer's lock, so that one process of those sharing
 * the database signs at a time (each head is signed once) and a worker killed while signing lets go
 * of it. The transaction holds one connection of the pool while the files sync; the others serve.
 *
 * SQLite: its one connection must not wait for the sync, so the head is read and signed in a short
 * read transaction, the files are synced with no transaction open, and the row is inserted after.
 * Only another process (`accord audit checkpoint` beside the server) can sign in between. If it reads
 * the keys folder's file after this one's line, it records that checkpoint; if before, both are in
 * the files, each a committed head the log holds (verify checks each), and the database keeps one
 * of the two (the other is ignored).
 */
async function checkpoint(db: Db, paths: KeyPaths, decide: Decide, wait: boolean, now: () => number): Promise<Checkpoint | null> {
  return oneAtATime(db, wait, async () => {
    if (dialectOf(db) === "postgres") {
      return db.transaction().execute(async (tx) => {
        if (!(await takeSequencerLock(tx, wait))) return null;
        const signed = await signHead(tx, paths, decide, now);
        if (!signed?.fresh && !signed?.unrecorded) return signed?.cp ?? null;
        if (signed.fresh) await appendToFiles(paths, signed.cp);
        else await filesHold(paths, signed.cp);
        await tx.insertInto("audit_checkpoints").values(rowOf(signed.cp)).execute();
        return signed.cp;
      });
    }
    const signed = await db.transaction().execute((tx) => signHead(tx, paths, decide, now));
    if (!signed?.fresh && !signed?.unrecorded) return signed?.cp ?? null;
    if (signed.fresh) await appendToFiles(paths, signed.cp);
    else await filesHold(paths, signed.cp);
    await db.insertInto("audit_checkpoints").values(rowOf(signed.cp)).onConflict((oc) => oc.column("seq").doNothing()).execute();
    return signed.cp;
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
