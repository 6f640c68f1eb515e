// The sending side (SPEC 8.2, 8.3): the outbox becomes numbered, signed bundles, one peer at a
// time, each built in one transaction that also records what the peer now holds; then bundles
// travel by HTTP (pushed in order until the peer acknowledges them; at least once) or as a file.
import { sql } from "kysely";
import { appendAudit, recordAudit } from "../audit/log.ts";
import { banner, type Marking } from "../domain/markings.ts";
import { peerReadableMarkings } from "../store/access.ts";
import type { Db, Tx } from "../store/db.ts";
import { dialectOf } from "../store/dialect.ts";
import { loadMarkings } from "../store/markings.ts";
import { Answer, BUNDLE_FORMAT, Contribution, FILE_FORMAT, Label, canonical, hashText, labelOf, sealBundle, signItem, type FileEntry, type Item } from "./bundle.ts";
import { actionData, meetingData } from "./content.ts";
import type { Identity } from "./identity.ts";

export interface RuleOptions {
  /** Only for the test showing that the property test catches its absence. */
  originatorControl?: boolean;
}

type PeerRow = { id: string; country: string; status: string; next_out_seq: number };

/** Locks the peer's row for numbering (PostgreSQL; SQLite has one writer) and reads it. */
async function lockPeer(tx: Tx, peerId: string): Promise<PeerRow | undefined> {
  const q = tx.selectFrom("federation_peers").select(["id", "country", "status", "next_out_seq"]).where("id", "=", peerId);
  return dialectOf(tx) === "postgres" ? q.forUpdate().executeTakeFirst() : q.executeTakeFirst();
}

/** The current file of each document among `ids`, with its content, for a record put. */
async function filesOf(tx: Tx, ids: readonly string[]): Promise<Map<string, FileEntry[]>> {
  const out = new Map<string, FileEntry[]>();
  if (!ids.length) return out;
  const rows = await tx.selectFrom("documents as d")
    .innerJoin("document_versions as dv", (j) => j.onRef("dv.document_id", "=", "d.id").onRef("dv.version", "=", "d.current_version"))
    .innerJoin("blobs as b", "b.hash", "dv.content_hash")
    .select(["d.id", "dv.filename", "dv.media_type", "b.content"]).where("d.id", "in", [...ids]).execute();
  for (const r of rows) {
    const content = Buffer.from(r.content);
    out.set(r.id, [{ name: r.filename, mediaType: r.media_type, size: content.length, sha256: hashText(content), content: content.toString("base64") }]);
  }
  return out;
}

/**
 * Builds the next bundle for a peer from up to `limit` outbox entries, in the caller's
 * transaction: each record is sent as it is now if the peer may receive it now (and does not hold
 * this version), retracted if it may not and holds a copy. Returns the entries it consumed.
 */
export async function buildOne(tx: Tx, me: Identity, peerId: string, limit: number, rule: RuleOptions = {}): Promise<{ consumed: number; seq: number | null }> {
  const peer = await lockPeer(tx, peerId);
  if (!peer || peer.status === "removed") return { consumed: 0, seq: null };
  const entries = await tx.selectFrom("federation_outbox").select(["id", "record_id"]).where("peer_id", "=", peerId).orderBy("id").limit(limit).execute();
  // Joint acts (SPEC 8.4): our contributions to records this peer owns, and our answers to its contributions.
  const acts = await tx.selectFrom("federation_contributions").select(["id", "direction", "record_id", "body", "label", "signature", "state", "reason", "decided_at"])
    .where("peer_id", "=", peerId).where("sent_seq", "is", null).where((eb) => eb.or([eb("direction", "=", "out"), eb("state", "<>", "pending")]))
    .orderBy("created_at").orderBy("id").limit(limit).execute();
  if (!entries.length && !acts.length) return { consumed: 0, seq: null };
  // (A bundle of joint acts alone names no record: "in ()" is no SQL on PostgreSQL, so one id that matches nothing stands in.)
  const ids = entries.length ? [...new Set(entries.map((e) => e.record_id))] : [""];
  const records = await sql<{ id: string; kind: string; title: string; version: number; updated_at: string; marking_id: string; data: string; ok: number }>`
    select r.id, r.kind, r.title, r.version, r.updated_at, r.marking_id, v.data,
      case when r.marking_id in (${peerReadableMarkings(peerId, rule)}) then 1 else 0 end as ok
    from records r join record_versions v on v.record_id = r.id and v.version = r.version
    where r.id in (${sql.join(ids)})`.execute(tx);
  const sent = new Map((await tx.selectFrom("federation_sent").selectAll().where("peer_id", "=", peerId).where("record_id", "in", ids).execute()).map((s) => [s.record_id, s]));
  const puts = records.rows.filter((r) => Number(r.ok) === 1 && sent.get(r.id)?.version !== Number(r.version));
  const gone = new Set(records.rows.filter((r) => Number(r.ok) === 1).map((r) => r.id));
  const retracts = [...sent.values()].filter((s) => !gone.has(s.record_id));
  const markings = await loadMarkings(tx, [...puts.map((r) => r.marking_id), ...retracts.map((s) => s.marking_id)]);
  const files = await filesOf(tx, puts.filter((r) => r.kind === "document").map((r) => r.id));
  // Meetings and actions carry what the other side acts on (minutes, approvals, co-chairs; owner, status, progress).
  const meetings = await meetingData(tx, peerId, puts.filter((r) => r.kind === "meeting").map((r) => r.id), rule);
  const actions = await actionData(tx, peerId, puts.filter((r) => r.kind === "action").map((r) => r.id), rule);
  const dataOf = (r: { id: string; data: string }): unknown => meetings.get(r.id) ?? actions.get(r.id) ?? JSON.parse(r.data);
  const now = new Date().toISOString();
  const items: Item[] = [
    ...puts.map((r) => signItem(me.privateKey, {
      op: "put" as const, label: labelOf(markings.get(r.marking_id)!),
      content: { id: r.id, kind: r.kind, version: Number(r.version), title: r.title, updatedAt: r.updated_at, data: dataOf(r), files: files.get(r.id) ?? [] },
    })),
    ...retracts.map((s) => signItem(me.privateKey, { op: "retract" as const, label: labelOf(markings.get(s.marking_id)!), content: { id: s.record_id, retractedAt: now } })),
    // A contribution was signed when it was made; an answer is signed now, under the label the contribution came with.
    ...acts.map((a): Item => (a.direction === "out"
      ? { op: "contribute", label: Label.parse(JSON.parse(a.label)), content: Contribution.parse(JSON.parse(a.body)), signature: a.signature }
      : signItem(me.privateKey, { op: "answer" as const, label: Label.parse(JSON.parse(a.label)),
        content: Answer.parse({ id: a.id, recordId: a.record_id, state: a.state, reason: a.reason, decidedAt: a.decided_at }) }))),
  ];
  for (const r of puts) {
    await tx.deleteFrom("federation_sent").where("peer_id", "=", peerId).where("record_id", "=", r.id).execute();
    await tx.insertInto("federation_sent").values({ peer_id: peerId, record_id: r.id, version: Number(r.version), marking_id: r.marking_id }).execute();
  }
  if (retracts.length) await tx.deleteFrom("federation_sent").where("peer_id", "=", peerId).where("record_id", "in", retracts.map((s) => s.record_id)).execute();
  // Exactly the entries read: on PostgreSQL a change numbered below the last of them may commit after they were read
  // (its outbox id taken earlier), and a range would delete it unsent.
  if (entries.length) await tx.deleteFrom("federation_outbox").where("peer_id", "=", peerId).where("id", "in", entries.map((e) => Number(e.id))).execute();
  const consumed = entries.length + acts.length;
  if (!items.length) return { consumed, seq: null };
  const seq = Number(peer.next_out_seq);
  if (acts.length) await tx.updateTable("federation_contributions").set({ sent_seq: seq }).where("peer_id", "=", peerId).where("id", "in", acts.map((a) => a.id)).execute();
  const { text, hash } = sealBundle(me.privateKey, { format: BUNDLE_FORMAT, from: { country: me.country, key: me.fingerprint }, to: { country: peer.country }, seq, createdAt: now, items });
  await tx.insertInto("federation_bundles_out").values({ peer_id: peerId, seq, hash, body: text, items: items.length, created_at: now, acked_at: null }).execute();
  await tx.updateTable("federation_peers").set({ next_out_seq: seq + 1 }).where("id", "=", peerId).execute();
  await appendAudit(tx, { actor: null, action: "federation.bundle.sent", target: peerId, outcome: "success", client: null,
    details: { peer: peer.country, seq, hash, records: puts.length, retractions: retracts.length, contributions: acts.filter((a) => a.direction === "out").length, answers: acts.filter((a) => a.direction === "in").length } });
  for (const s of retracts) {
    const m: Marking = markings.get(s.marking_id)!;
    await appendAudit(tx, { actor: null, action: "federation.record.retracted", target: s.record_id, marking: banner(m), outcome: "success", client: null, details: { peer: peer.country, seq, hash } });
  }
  return { consumed, seq };
}

/** Builds bundles for every peer until their outboxes are empty; returns the numbers built by peer. */
export async function buildAll(db: Db, me: Identity, limit: number, rule: RuleOptions = {}): Promise<Map<string, number[]>> {
  const built = new Map<string, number[]>();
  const peers = await db.selectFrom("federation_peers").select(["id", "country"]).where("status", "<>", "removed").execute();
  for (const p of peers) {
    for (;;) {
      const r = await db.transaction().execute((tx) => buildOne(tx, me, p.id, limit, rule));
      if (r.seq !== null) built.set(p.country, [...(built.get(p.country) ?? []), r.seq]);
      if (r.consumed === 0) break;
    }
  }
  return built;
}

/** The receiver's answer to a bundle (see receive.ts). */
export interface Acknowledgement { status: "applied" | "duplicate" | "waiting"; applied: number; expected: number }

export interface PushReport { peer: string; delivered: number[]; error: string | null }

/**
 * Pushes a peer's unacknowledged bundles in order. An acknowledgement moves the peer's mark; a
 * receiver waiting on a gap names the number it expects, and sending resumes from there (the
 * resend it asks for); an error stops until the next push, which sends again (at least once).
 */
export async function pushPeer(db: Db, peerId: string, post: (url: string, body: string, headers: Record<string, string>) => Promise<{ status: number; body: unknown }> = httpPost,
  envelope: (text: string) => Record<string, string> = () => ({})): Promise<PushReport> {
  const peer = await db.selectFrom("federation_peers").selectAll().where("id", "=", peerId).executeTakeFirstOrThrow();
  const report: PushReport = { peer: peer.country, delivered: [], error: null };
  let after = Number(peer.acked_out_seq);
  let acked = after;
  let budget = 2 * (Number(peer.next_out_seq) - after) + 2;
  while (budget-- > 0) {
    const next = await db.selectFrom("federation_bundles_out").select(["seq", "body", "hash"]).where("peer_id", "=", peerId).where("seq", ">", after).orderBy("seq").limit(1).executeTakeFirst();
    if (!next) break;
    let answer: { status: number; body: unknown };
    try {
      answer = await post(`${peer.url}/federation/v1/bundles`, next.body, envelope(next.body));
    } catch (err) {
      report.error = `unreachable: ${err instanceof Error ? err.message : String(err)}`;
      break;
    }
    const ack = answer.body as Partial<Acknowledgement> & { code?: string; detail?: string };
    if (answer.status >= 300 || typeof ack.applied !== "number" || typeof ack.expected !== "number") {
      report.error = `refused bundle ${next.seq}: ${answer.status} ${ack.code ?? ""} ${ack.detail ?? ""}`.trim();
      await recordAudit(db, { actor: null, action: "federation.bundle.refused_by_peer", target: peerId, outcome: "failure", details: { peer: peer.country, seq: next.seq, hash: next.hash, status: answer.status, code: ack.code ?? null } });
      break;
    }
    if (ack.applied > acked) {
      await db.updateTable("federation_bundles_out").set({ acked_at: new Date().toISOString() }).where("peer_id", "=", peerId).where("seq", ">", acked).where("seq", "<=", ack.applied).execute();
      await recordAudit(db, { actor: null, action: "federation.bundle.delivered", target: peerId, outcome: "success", details: { peer: peer.country, through: ack.applied, seq: next.seq, hash: next.hash } });
      acked = ack.applied;
      report.delivered.push(next.seq);
    }
    // Waiting on an earlier number: send from the one it expects; otherwise carry on after this one.
    after = ack.status === "waiting" && ack.expected <= next.seq ? Math.max(acked, ack.expected - 1) : next.seq;
  }
  await db.updateTable("federation_peers").set({ acked_out_seq: sql<number>`case when acked_out_seq > ${acked} then acked_out_seq else ${acked} end`, last_sent_at: new Date().toISOString(), last_error: report.error })
    .where("id", "=", peerId).execute();
  return report;
}

/**
 * Runs `push` as the only push to this peer among the server's processes (`serve --workers N` on
 * PostgreSQL): a session advisory lock per peer, waited for. The one that waited then pushes
 * from the peer's acknowledged mark as it stands, so it sends only what is still unacknowledged.
 * (SQLite serves one process, whose rounds already run one at a time; pushes are idempotent at
 * the receiver in any case: a bundle delivered twice is a `duplicate`.)
 */
export async function pushExclusively<T>(db: Db, peerId: string, push: () => Promise<T>): Promise<T> {
  if (dialectOf(db) !== "postgres") return push();
  const key = sql`hashtextextended(${`accord.federation.push:${peerId}`}, 0)`;
  return db.connection().execute(async (c) => {
    // Waiting for another process's push is no stuck statement: no statement or lock timeout for it.
    await sql`set statement_timeout = 0`.execute(c);
    await sql`set lock_timeout = 0`.execute(c);
    try {
      await sql`select pg_advisory_lock(${key})`.execute(c);
    } finally {
      await sql`reset statement_timeout`.execute(c);
      await sql`reset lock_timeout`.execute(c);
    }
    try {
      return await push();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(c);
    }
  });
}

async function httpPost(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { detail: text.slice(0, 200) };
  }
  return { status: res.status, body: parsed };
}

/** The bundles for a peer from a number on (default: after the last it acknowledged), as one file for an air gap. */
export async function exportBundles(db: Db, peerId: string, from?: number): Promise<{ text: string; seqs: number[] }> {
  const peer = await db.selectFrom("federation_peers").select(["country", "acked_out_seq"]).where("id", "=", peerId).executeTakeFirstOrThrow();
  const start = from ?? Number(peer.acked_out_seq) + 1;
  const rows = await db.selectFrom("federation_bundles_out").select(["seq", "body", "hash"]).where("peer_id", "=", peerId).where("seq", ">=", start).orderBy("seq").execute();
  await recordAudit(db, { actor: null, action: "federation.bundle.exported", target: peerId, outcome: "success", client: "cli",
    details: { peer: peer.country, bundles: rows.map((r) => ({ seq: r.seq, hash: r.hash })) } });
  return { text: canonical({ format: FILE_FORMAT, bundles: rows.map((r) => r.body) }), seqs: rows.map((r) => Number(r.seq)) };
}
