// What `accord audit verify`, the auditor's verification and the server's start all ask: is the
// chain intact, does every signed checkpoint (in the database, beside the key, and at the
// witness) still match it, and how much of it is not yet covered by a signature? A missing or
// foreign key is told apart from a tampered log: the first is an operator's mistake to repair by
// restoring the keys folder; the second is evidence.
import type { Conn, Db } from "../store/db.ts";
import { GENESIS, type VerifyResult } from "./chain.ts";
import { databaseCheckpoints, keyIdOf, readCheckpointFile, readSigningKey, signatureHolds, type Checkpoint } from "./checkpoint.ts";
import { legacyKeysWarning, type KeyPaths } from "./keys.ts";
import { queuedCount, verifyChain } from "./log.ts";
import { sequenceAll } from "./sequencer.ts";

export type ProblemKind = "chain" | "rewritten" | "truncated" | "forged" | "key_missing" | "key_foreign" | "witness";

export interface Problem {
  kind: ProblemKind;
  /** The first event it concerns, when there is one. */
  seq: number | null;
  message: string;
}

export interface CheckpointSource { name: "database" | "keys folder" | "witness"; path: string | null; count: number }

export interface CheckpointCheck {
  /** Distinct checkpoints found in all places. */
  found: number;
  /** Of those, how many were checked: signature verified with the folder's key and compared with the log. */
  checked: number;
  sources: CheckpointSource[];
  key: { status: "ok" | "missing" | "foreign" | "none"; path: string; keyId: string | null; signedBy: string[] };
  /** The newest checkpoint that verified and matches the log. */
  last: { seq: number; at: string } | null;
  problems: Problem[];
  warnings: string[];
}

const dedupe = (cps: Checkpoint[]) => [...new Map(cps.map((c) => [`${c.seq}|${c.hash}|${c.signature}`, c])).values()];

async function storedHashes(conn: Conn, seqs: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>([[0, GENESIS]]);
  const wanted = [...new Set(seqs.filter((s) => s > 0))];
  for (let i = 0; i < wanted.length; i += 500) {
    for (const r of await conn.selectFrom("audit_events").select(["seq", "hash"]).where("seq", "in", wanted.slice(i, i + 500)).execute()) out.set(Number(r.seq), r.hash);
  }
  return out;
}

/** Checks every checkpoint against the key in the folder and the log's stored hashes (not the whole chain). */
export async function checkCheckpoints(conn: Conn, paths: KeyPaths, head: { seq: number }): Promise<CheckpointCheck> {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const inDb = await databaseCheckpoints(conn);
  const file = readCheckpointFile(paths.checkpoints);
  const sources: CheckpointSource[] = [{ name: "database", path: null, count: inDb.length }, { name: "keys folder", path: paths.checkpoints, count: file.checkpoints.length }];
  if (file.unreadable) problems.push({ kind: "forged", seq: null, message: `${file.unreadable} line(s) of ${paths.checkpoints} are not checkpoints (the file was edited)` });
  let witnessed: Checkpoint[] = [];
  if (paths.witness) {
    const w = readCheckpointFile(paths.witness);
    witnessed = w.checkpoints;
    sources.push({ name: "witness", path: paths.witness, count: w.checkpoints.length });
    if (w.unreadable) problems.push({ kind: "witness", seq: null, message: `${w.unreadable} line(s) of the witness ${paths.witness} are not checkpoints (the file was edited)` });
  }
  const all = dedupe([...inDb, ...file.checkpoints, ...witnessed]);
  const key = readSigningKey(paths.privateKey);
  const keyId = key ? keyIdOf(key) : null;
  const signedBy = [...new Set(all.map((c) => c.keyId))];
  let status: CheckpointCheck["key"]["status"] = all.length ? "ok" : "none";
  if (all.length && !key) {
    status = "missing";
    problems.push({ kind: "key_missing", seq: null, message: `the signing key ${paths.privateKey} is missing, so ${all.length} signed checkpoint(s) (key ${signedBy.join(", ")}) cannot be checked: restore the keys folder that belongs to this database (this alone does not mean the log was altered)` });
  } else if (keyId && signedBy.some((k) => k !== keyId)) {
    status = "foreign";
    const others = all.filter((c) => c.keyId !== keyId);
    problems.push({ kind: "key_foreign", seq: null, message: `the keys folder holds key ${keyId}, but ${others.length} checkpoint(s) were signed by key ${[...new Set(others.map((c) => c.keyId))].join(", ")}: it is another installation's folder; restore the one that belongs to this database (this alone does not mean the log was altered)` });
  }
  const ours = key ? all.filter((c) => c.keyId === keyId) : [];
  const stored = await storedHashes(conn, ours.map((c) => c.seq));
  const where = (c: Checkpoint) => {
    const at = [inDb.some((x) => x.signature === c.signature) && "the database", file.checkpoints.some((x) => x.signature === c.signature) && paths.checkpoints, witnessed.some((x) => x.signature === c.signature) && `the witness ${paths.witness}`].filter(Boolean);
    return at.join(", ");
  };
  let checked = 0;
  let last: CheckpointCheck["last"] = null;
  for (const c of ours.sort((a, b) => a.seq - b.seq)) {
    if (!signatureHolds(key!, c)) {
      problems.push({ kind: "forged", seq: c.seq, message: `the checkpoint at event ${c.seq} in ${where(c)} has a bad signature (forged or edited)` });
      continue;
    }
    checked++;
    if (c.seq > head.seq) {
      problems.push({ kind: "truncated", seq: head.seq + 1, message: `the log ends at event ${head.seq}, but the checkpoint signed at ${c.at} (in ${where(c)}) covers event ${c.seq}: events ${head.seq + 1}–${c.seq} were deleted` });
    } else if (stored.get(c.seq) !== c.hash) {
      problems.push({ kind: "rewritten", seq: c.seq, message: `the chain was rewritten at or before event ${c.seq}: it no longer ends there in the head signed at ${c.at} (in ${where(c)})` });
    } else if (!last || c.seq >= last.seq) {
      last = { seq: c.seq, at: c.at };
    }
  }
  // The witness is the copy an intruder in the database cannot reach: it should hold every checkpoint.
  if (paths.witness) {
    const missing = inDb.filter((c) => !witnessed.some((w) => w.signature === c.signature));
    if (missing.length) warnings.push(`the witness ${paths.witness} lacks ${missing.length} checkpoint(s) the database holds (from event ${missing[0]!.seq}): it was unavailable, or was replaced`);
  }
  const legacy = legacyKeysWarning();
  if (legacy) warnings.push(legacy);
  return { found: all.length, checked, sources, key: { status, path: paths.privateKey, keyId, signedBy }, last, problems, warnings };
}

export interface AuditReport extends CheckpointCheck {
  /** Nothing wrong found (the chain, the checkpoints, the key). Not the same as anchored. */
  ok: boolean;
  /** At least one signed checkpoint was checked: a consistent rewrite of what it covers would show. */
  anchored: boolean;
  chain: VerifyResult;
  events: number;
  head: { seq: number; hash: string };
  /** Events after the last verified checkpoint: not yet covered by a signature. */
  uncovered: number;
  /** Events committed but not yet chained (PostgreSQL, after the drain at the start). */
  queued: number;
}

/** The whole verification. Queued events are chained first, so the report covers all committed when it began. */
export async function auditReport(db: Db, paths: KeyPaths, onProgress?: (n: number) => void): Promise<AuditReport> {
  await sequenceAll(db);
  const row = await db.selectFrom("audit_events").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
  const head = { seq: Number(row?.seq ?? 0), hash: row?.hash ?? GENESIS };
  const chain = await verifyChain(db, onProgress);
  const cps = await checkCheckpoints(db, paths, head);
  const problems = chain.ok ? cps.problems : [{ kind: "chain" as const, seq: chain.badSeq, message: `event ${chain.badSeq}: ${chain.reason}` }, ...cps.problems];
  const queued = await queuedCount(db);
  return {
    ...cps,
    problems,
    ok: problems.length === 0,
    anchored: cps.checked > 0,
    chain,
    events: chain.events,
    head,
    uncovered: head.seq - (cps.last?.seq ?? 0),
    queued,
  };
}

/** The report in words, one finding a line; the caller decides what is failure. */
export function describeReport(r: AuditReport): string[] {
  const lines: string[] = [];
  lines.push(r.chain.ok ? `audit chain consistent: ${r.events} events, head ${r.head.hash.slice(0, 16)}…` : `audit chain BROKEN at event ${r.chain.badSeq}: ${r.chain.reason}`);
  const places = r.sources.map((s) => `${s.name}${s.path ? ` ${s.path}` : ""}: ${s.count}`).join("; ");
  if (!r.found) lines.push("NO signed checkpoint: the chain is consistent in itself, but nothing was checked against a signature (a consistent rewrite would not show)");
  else lines.push(`${r.checked} of ${r.found} signed checkpoint(s) checked (${places})${r.key.keyId ? `, key ${r.key.keyId}` : ""}`);
  if (r.found && r.last) lines.push(r.uncovered ? `${r.uncovered} event(s) after event ${r.last.seq} (signed ${r.last.at}) are not yet covered by a signature` : `every event is covered by the checkpoint at event ${r.last.seq} (signed ${r.last.at})`);
  else if (r.found) lines.push(`${r.uncovered} event(s) are not covered by any checkpoint that verified`);
  if (r.queued) lines.push(`${r.queued} event(s) committed since this check began are queued, not yet chained`);
  for (const p of r.problems) if (p.kind !== "chain") lines.push(`${p.kind === "key_missing" || p.kind === "key_foreign" ? "KEY" : "TAMPERED"}: ${p.message}`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines;
}
