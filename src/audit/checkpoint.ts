// Signed checkpoints of the chain head. The Ed25519 private key and the checkpoint file live
// outside the database, so someone who can rewrite the database cannot re-sign a new history.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import canonicalize from "canonicalize";
import type { Conn } from "../store/db.ts";
import { readEvents, verifyChain } from "./log.ts";
import { GENESIS } from "./chain.ts";

export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  signature: string;
}

export interface KeyPaths {
  privateKey: string;
  checkpoints: string;
}

export function defaultKeyPaths(): KeyPaths {
  const dir = process.env.ACCORD_KEYS_DIR ?? "./data/keys";
  return { privateKey: join(dir, "audit-ed25519.pem"), checkpoints: join(dir, "audit-checkpoints.jsonl") };
}

export function loadOrCreateKey(path: string): KeyObject {
  if (existsSync(path)) return createPrivateKey(readFileSync(path));
  mkdirSync(dirname(path), { recursive: true });
  const { privateKey } = generateKeyPairSync("ed25519");
  writeFileSync(path, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  return privateKey;
}

function keyId(pub: KeyObject): string {
  return (pub.export({ type: "spki", format: "der" }) as Buffer).subarray(-32).toString("hex").slice(0, 16);
}

const payload = (c: Pick<Checkpoint, "seq" | "hash" | "at">) => Buffer.from(canonicalize({ seq: c.seq, hash: c.hash, at: c.at }) ?? "");

/** Signs the current head and appends the checkpoint to the file beside the key. */
export async function writeCheckpoint(conn: Conn, paths: KeyPaths = defaultKeyPaths()): Promise<Checkpoint> {
  const head = await conn.selectFrom("audit_events").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
  const key = loadOrCreateKey(paths.privateKey);
  const base = { seq: Number(head?.seq ?? 0), hash: head?.hash ?? GENESIS, at: new Date().toISOString() };
  const cp: Checkpoint = { ...base, keyId: keyId(createPublicKey(key)), signature: sign(null, payload(base), key).toString("base64") };
  mkdirSync(dirname(paths.checkpoints), { recursive: true });
  appendFileSync(paths.checkpoints, JSON.stringify(cp) + "\n");
  return cp;
}

export function readCheckpoints(path: string): Checkpoint[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Checkpoint);
}

export type CheckpointResult =
  | { ok: true; events: number; checkpoints: number }
  | { ok: false; badSeq: number | null; reason: string };

/** Verifies the chain, then that every signed checkpoint's head is still in it. */
export async function verifyWithCheckpoints(conn: Conn, paths: KeyPaths = defaultKeyPaths()): Promise<CheckpointResult> {
  const chain = await verifyChain(conn);
  if (!chain.ok) return { ok: false, badSeq: chain.badSeq, reason: chain.reason };
  const cps = readCheckpoints(paths.checkpoints);
  if (!cps.length) return { ok: true, events: chain.events, checkpoints: 0 };
  const pub = createPublicKey(loadOrCreateKey(paths.privateKey));
  const wanted = new Map(cps.map((c) => [c.seq, c]));
  for (const c of cps) {
    if (!verify(null, payload(c), pub, Buffer.from(c.signature, "base64"))) {
      return { ok: false, badSeq: c.seq, reason: `checkpoint at event ${c.seq} has a bad signature` };
    }
    if (c.seq > chain.events) return { ok: false, badSeq: c.seq, reason: `checkpoint at event ${c.seq} is beyond the end of the log (events deleted)` };
    if (c.seq === 0 && c.hash !== GENESIS) return { ok: false, badSeq: 0, reason: "checkpoint of the empty log does not match" };
  }
  // A rewritten chain is consistent in itself; only the signed head tells it changed at or before that event.
  for await (const e of readEvents(conn)) {
    const c = wanted.get(e.seq);
    if (c && c.hash !== e.hash) {
      return { ok: false, badSeq: e.seq, reason: `the chain was rewritten at or before event ${e.seq}: it no longer ends there in the head signed at ${c.at}` };
    }
  }
  return { ok: true, events: chain.events, checkpoints: cps.length };
}
