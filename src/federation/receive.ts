// The receiving side (SPEC 8.3, 8.4): a bundle is checked whole (the sender's key and signature,
// every item's signature, every label releasable to us, within the link's level and shared
// compartments, every record originated by the sender and not one we own) and applied in one
// transaction, in order and once: a bundle ahead of a gap waits, one already applied is a
// duplicate, anything else is refused whole. Received records are read-only replicas.
import { appendAudit, appendAudits, recordAudit } from "../audit/log.ts";
import { banner, LEVELS } from "../domain/markings.ts";
import type { Db, Tx } from "../store/db.ts";
import { dialectOf } from "../store/dialect.ts";
import { internMarking } from "../store/markings.ts";
import { Bundle, BundleFile, envelopeHolds, hashText, bundleSignatureHolds, itemSignatureHolds, markingOfLabel, type Item } from "./bundle.ts";
import { applyAnswer, applyContribution } from "./contributions.ts";
import { parsePublicKey } from "./identity.ts";
import type { Acknowledgement } from "./send.ts";

export type RefusalReason =
  | "malformed" | "unknown_key" | "peer_suspended" | "bad_signature" | "misaddressed" | "foreign_originator"
  | "not_releasable" | "above_link_level" | "compartment_not_shared" | "owned_here" | "file_hash_mismatch" | "replayed" | "unsigned";

const STATUS: Record<RefusalReason, number> = {
  malformed: 400, unknown_key: 403, peer_suspended: 403, bad_signature: 403, misaddressed: 403, foreign_originator: 403,
  not_releasable: 403, above_link_level: 403, compartment_not_shared: 403, owned_here: 403, file_hash_mismatch: 403, replayed: 409, unsigned: 401,
};

/** A bundle refused whole; audited with its hash, answered with `status` and `reason`. */
export class BundleRefused extends Error {
  readonly status: number;
  constructor(readonly reason: RefusalReason, message: string) {
    super(message);
    this.status = STATUS[reason];
  }
}

type Peer = { id: string; country: string; home_country: string; public_key: string; level: number; status: string; applied_in_seq: number };

/** The largest bundle accepted, in bytes of JSON (files travel inside, base64). */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

function parse(text: string): Bundle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BundleRefused("malformed", "The bundle is not JSON.");
  }
  const b = Bundle.safeParse(json);
  if (!b.success) throw new BundleRefused("malformed", `The bundle is not a federation bundle: ${b.error.issues[0]?.path.join(".")} ${b.error.issues[0]?.message}`);
  return b.data;
}

/** The envelope a bundle came with over HTTP (see bundle.ts); absent from a file carried across an air gap. */
export interface Envelope { key: string | undefined; signature: string | undefined }

/** The peer an envelope names (before the body is read at all: the bundle route's first step). */
export async function envelopeSender(db: Db, env: Envelope): Promise<{ public_key: string; key: string; signature: string }> {
  const { key, signature } = env;
  if (!key || !signature) throw new BundleRefused("unsigned", "A bundle sent over HTTP comes with its sender's key and signature in its headers.");
  const peer = await db.selectFrom("federation_peers").select(["public_key"]).where("fingerprint", "=", key).where("status", "<>", "removed").executeTakeFirst();
  if (!peer) throw new BundleRefused("unknown_key", "The bundle is signed by a key that is not a peer's.");
  return { public_key: peer.public_key, key, signature };
}

/**
 * Before the body is parsed: the envelope names a peer's key and its signature over the body's
 * SHA-256 holds. Answers the key's fingerprint, which the bundle must then name as its sender.
 */
async function checkEnvelope(db: Db, env: Envelope, bodyHash: string): Promise<string> {
  const peer = await envelopeSender(db, env);
  const key = parsePublicKey(peer.public_key);
  if (!key || !envelopeHolds(key.key, bodyHash, peer.signature)) throw new BundleRefused("bad_signature", "The signature over the bundle's SHA-256 does not hold.");
  return peer.key;
}

/** Who sent it, checked by key and signature before anything in it is believed. */
async function sender(db: Db | Tx, b: Bundle, home: string): Promise<Peer> {
  const peer = await db.selectFrom("federation_peers").select(["id", "country", "home_country", "public_key", "level", "status", "applied_in_seq"])
    .where("fingerprint", "=", b.from.key).where("status", "<>", "removed").executeTakeFirst();
  if (!peer) throw new BundleRefused("unknown_key", "The bundle is signed by a key that is not a peer's.");
  const key = parsePublicKey(peer.public_key);
  if (!key || !bundleSignatureHolds(key.key, b)) throw new BundleRefused("bad_signature", "The bundle's signature does not hold.");
  if (peer.status !== "active") throw new BundleRefused("peer_suspended", `The link with ${peer.country} is suspended.`);
  if (b.from.country !== peer.country || b.to.country !== home) throw new BundleRefused("misaddressed", `The bundle is from ${b.from.country} to ${b.to.country}; this link is from ${peer.country} to ${home}.`);
  return peer;
}

/** Items verified between two turns of the event loop (some 25 × 0.15 ms): the bundle's statements go on meanwhile. */
const SLICE = 25;

/**
 * Every item's signature, by the sender's key (per item, always). A slice at a time: on
 * PostgreSQL the bundle's checks and writes, in its transaction, run on the database's core while
 * this one verifies; the transaction commits only once every signature holds (see `applyBundle`).
 */
async function verifySignatures(peer: Peer, b: Bundle): Promise<void> {
  const key = parsePublicKey(peer.public_key)!.key;
  for (let i = 0; i < b.items.length; i++) {
    if (i > 0 && i % SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const item = b.items[i]!;
    if (!itemSignatureHolds(key, item)) throw new BundleRefused("bad_signature", `The signature of ${item.op === "contribute" || item.op === "answer" ? "contribution" : "record"} ${item.content.id} does not hold.`);
  }
}

/** Waits for both; a bad signature is the refusal given when both fail. */
async function together(signatures: Promise<void>, work: Promise<void>): Promise<void> {
  const [s, w] = await Promise.allSettled([signatures, work]);
  if (s.status === "rejected") throw s.reason;
  if (w.status === "rejected") throw w.reason;
}

/** Every item, by signature and against the link as this instance configured it: one failure refuses the bundle. */
async function checkItems(tx: Tx, peer: Peer, b: Bundle): Promise<void> {
  await together(verifySignatures(peer, b), checkLink(tx, peer, b));
}

/** Every item against the link (the signatures are `verifySignatures`'s). */
async function checkLink(tx: Tx, peer: Peer, b: Bundle): Promise<void> {
  const shared = new Set((await tx.selectFrom("federation_peer_compartments").select("compartment").where("peer_id", "=", peer.id).execute()).map((r) => r.compartment));
  const ids = b.items.flatMap((i) => (i.op === "put" || i.op === "retract" ? [i.content.id] : []));
  if (new Set(ids).size !== ids.length) throw new BundleRefused("malformed", "The bundle names a record twice.");
  const acts = b.items.flatMap((i) => (i.op === "contribute" || i.op === "answer" ? [i.content.id] : []));
  if (new Set(acts).size !== acts.length) throw new BundleRefused("malformed", "The bundle names a contribution twice.");
  for (const part of chunks(ids)) {
    const ownedHere = await tx.selectFrom("records").select("id").where("id", "in", part).executeTakeFirst();
    if (ownedHere) throw new BundleRefused("owned_here", `The bundle claims record ${ownedHere.id}, which this instance owns.`);
    const otherPeer = await tx.selectFrom("federation_replicas").select(["id", "origin"]).where("id", "in", part).where("peer_id", "<>", peer.id).executeTakeFirst();
    if (otherPeer) throw new BundleRefused("foreign_originator", `The bundle claims record ${otherPeer.id}, which ${otherPeer.origin} sent.`);
  }
  for (const item of b.items) {
    // A contribution is the peer's act on a record this instance owns (SPEC 8.4), made for the peer's own country.
    if (item.op === "contribute") {
      if (item.label.originator !== peer.home_country) throw new BundleRefused("foreign_originator", `Contribution ${item.content.id} is about a record ${item.label.originator} originated; contributions go to the record's owner.`);
      if (item.content.country !== peer.country) throw new BundleRefused("misaddressed", `Contribution ${item.content.id} is made for ${item.content.country}; ${peer.country}'s instance contributes for ${peer.country} only.`);
      continue;
    }
    if (item.label.originator !== peer.country) throw new BundleRefused("foreign_originator", `Record ${item.content.id} is labelled as originated by ${item.label.originator}, not ${peer.country}.`);
    // A retraction only removes what this peer sent; its label need not fit the link any more.
    if (item.op !== "put") continue;
    const m = markingOfLabel(item.label);
    if (m.releasableTo !== "ALL" && !m.releasableTo.includes(peer.home_country)) throw new BundleRefused("not_releasable", `Record ${item.content.id} (${banner(m)}) is not releasable to ${peer.home_country}.`);
    if (m.classification > peer.level) throw new BundleRefused("above_link_level", `Record ${item.content.id} (${banner(m)}) is above the link's level (${LEVELS[peer.level]}).`);
    const unshared = m.compartments.find((c) => !shared.has(c));
    if (unshared) throw new BundleRefused("compartment_not_shared", `Record ${item.content.id} is in compartment ${unshared}, not shared with ${peer.country}.`);
    for (const f of item.content.files) {
      if (hashText(Buffer.from(f.content, "base64")) !== f.sha256) throw new BundleRefused("file_hash_mismatch", `A file of record ${item.content.id} does not match its SHA-256.`);
    }
  }
}

// A server's bundle holds up to 500 records (FederationConfig.bundleRecords): one statement each, for
// the whole bundle (12 parameters a row stays far inside SQLite's 32,766 and PostgreSQL's 65,535).
const CHUNK = 500;
const chunks = <T>(xs: readonly T[]): T[][] => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

/** Puts and retractions of one bundle, in set-wise statements (a bundle holds hundreds of records). */
async function applyItems(tx: Tx, peer: Peer, seq: number, items: readonly Item[], now: string): Promise<void> {
  const markingIds = new Map<string, string>();
  for (const item of items) {
    const key = JSON.stringify(item.label);
    if (item.op === "put" && !markingIds.has(key)) markingIds.set(key, await internMarking(tx, markingOfLabel(item.label)));
  }
  for (const part of chunks(items.flatMap((i) => (i.op === "put" || i.op === "retract" ? [i.content.id] : [])))) await tx.deleteFrom("federation_replica_files").where("replica_id", "in", part).execute();
  const retracts = items.filter((i) => i.op === "retract");
  for (const part of chunks(retracts)) {
    await tx.deleteFrom("federation_replicas").where("id", "in", part.map((i) => i.content.id)).where("peer_id", "=", peer.id).execute();
  }
  await appendAudits(tx, retracts.map((item) => ({ actor: null, action: "federation.replica.retracted", target: item.content.id, marking: banner(markingOfLabel(item.label)), outcome: "success", client: null, details: { peer: peer.country, seq } })));
  const puts = items.flatMap((i) => (i.op === "put" ? [i] : []));
  for (const part of chunks(puts)) {
    const rows = part.map((item) => ({
      id: item.content.id, peer_id: peer.id, origin: peer.country, kind: item.content.kind, title: item.content.title, version: item.content.version,
      marking_id: markingIds.get(JSON.stringify(item.label))!, content: JSON.stringify({ data: item.content.data, updatedAt: item.content.updatedAt }),
      label: JSON.stringify(item.label), signature: item.signature, bundle_seq: seq, received_at: now,
    }));
    await tx.insertInto("federation_replicas").values(rows).onConflict((oc) => oc.column("id").doUpdateSet((eb) => ({
      peer_id: eb.ref("excluded.peer_id"), origin: eb.ref("excluded.origin"), kind: eb.ref("excluded.kind"), title: eb.ref("excluded.title"),
      version: eb.ref("excluded.version"), marking_id: eb.ref("excluded.marking_id"), content: eb.ref("excluded.content"), label: eb.ref("excluded.label"),
      signature: eb.ref("excluded.signature"), bundle_seq: eb.ref("excluded.bundle_seq"), received_at: eb.ref("excluded.received_at"),
    }))).execute();
  }
  // The files' bytes go to the blob store by their hash (once each), their names to the replica: a statement each per bundle part.
  const files = puts.flatMap((item) => item.content.files.map((f) => ({ item, f, content: Buffer.from(f.content, "base64") })));
  for (const part of chunks(files)) {
    const blobs = new Map(part.map((x) => [x.f.sha256, { hash: x.f.sha256, size: x.content.length, content: x.content }]));
    await tx.insertInto("blobs").values([...blobs.values()]).onConflict((oc) => oc.column("hash").doNothing()).execute();
    const named = new Map(part.map((x) => [`${x.item.content.id} ${x.f.sha256}`, { replica_id: x.item.content.id, sha256: x.f.sha256, name: x.f.name, media_type: x.f.mediaType, size: x.content.length }]));
    await tx.insertInto("federation_replica_files").values([...named.values()]).onConflict((oc) => oc.columns(["replica_id", "sha256"]).doNothing()).execute();
  }
}

/** Contributions to our records and answers to ours, after the bundle's records (an answer may follow its record). */
async function applyActs(tx: Tx, peer: Peer, seq: number, items: readonly Item[]): Promise<void> {
  for (const item of items) {
    if (item.op === "contribute") await applyContribution(tx, peer, item, seq);
    else if (item.op === "answer") await applyAnswer(tx, peer, item.content, seq);
  }
}

/** Applies one bundle, next in order, in the caller's transaction. */
async function applyBundle(tx: Tx, peer: Peer, b: Bundle, hash: string, via: string): Promise<void> {
  const now = new Date().toISOString();
  // The records' checks and writes run while the signatures are verified; nothing commits, and no
  // joint act is applied, unless every signature holds (a refusal rolls the transaction back).
  await together(verifySignatures(peer, b), (async () => {
    await checkLink(tx, peer, b);
    await applyItems(tx, peer, b.seq, b.items, now);
  })());
  await applyActs(tx, peer, b.seq, b.items);
  await tx.updateTable("federation_peers").set({ applied_in_seq: b.seq, last_received_at: now, last_error: null }).where("id", "=", peer.id).execute();
  await tx.deleteFrom("federation_bundles_in").where("peer_id", "=", peer.id).where("seq", "=", b.seq).execute();
  await tx.insertInto("federation_bundles_in").values({ peer_id: peer.id, seq: b.seq, hash, body: null, status: "applied", received_at: now, applied_at: now }).execute();
  const count = (op: Item["op"]) => b.items.filter((i) => i.op === op).length;
  await appendAudit(tx, { actor: null, action: "federation.bundle.applied", target: peer.id, outcome: "success", client: via,
    details: { peer: peer.country, seq: b.seq, hash, records: count("put"), retractions: count("retract"), contributions: count("contribute"), answers: count("answer") } });
}

async function lockedPeer(tx: Tx, id: string): Promise<Peer> {
  const q = tx.selectFrom("federation_peers").select(["id", "country", "home_country", "public_key", "level", "status", "applied_in_seq"]).where("id", "=", id);
  return dialectOf(tx) === "postgres" ? q.forUpdate().executeTakeFirstOrThrow() : q.executeTakeFirstOrThrow();
}

/**
 * Receives one bundle (its text as sent): applied if next in order (and then any that waited
 * behind it, each in its own transaction), kept waiting if ahead of a gap, acknowledged if already
 * applied. Refused whole otherwise, with nothing written but the refusal's audit event.
 */
export async function receiveBundle(db: Db, home: string, text: string, via: string, envelope?: Envelope): Promise<Acknowledgement> {
  const hash = hashText(text);
  let peerCountry: string | null = null;
  try {
    if (Buffer.byteLength(text) > MAX_BUNDLE_BYTES) throw new BundleRefused("malformed", `The bundle is larger than ${MAX_BUNDLE_BYTES} bytes.`);
    const enveloped = envelope ? await checkEnvelope(db, envelope, hash) : null;
    const b = parse(text);
    if (enveloped !== null && b.from.key !== enveloped) throw new BundleRefused("bad_signature", "The bundle names another sender than its envelope.");
    const peer = await sender(db, b, home);
    peerCountry = peer.country;
    const ack = await db.transaction().execute(async (tx): Promise<Acknowledgement> => {
      const p = await lockedPeer(tx, peer.id);
      const applied = Number(p.applied_in_seq);
      const known = await tx.selectFrom("federation_bundles_in").select(["hash", "status"]).where("peer_id", "=", p.id).where("seq", "=", b.seq).executeTakeFirst();
      if (known && known.hash !== hash) throw new BundleRefused("replayed", `Bundle ${b.seq} from ${p.country} was received before with other content.`);
      const received = (status: string) => appendAudit(tx, { actor: null, action: "federation.bundle.received", target: p.id, outcome: "success", client: via, details: { peer: p.country, seq: b.seq, hash, status } });
      if (b.seq <= applied) {
        await received("duplicate");
        return { status: "duplicate", applied, expected: applied + 1 };
      }
      if (b.seq > applied + 1) {
        // Checked now too, so a bundle that could never apply is refused at once, not after the gap.
        await checkItems(tx, p, b);
        if (!known) await tx.insertInto("federation_bundles_in").values({ peer_id: p.id, seq: b.seq, hash, body: text, status: "waiting", received_at: new Date().toISOString(), applied_at: null }).execute();
        await received("waiting");
        return { status: "waiting", applied, expected: applied + 1 };
      }
      await received("next");
      await applyBundle(tx, p, b, hash, via);
      return { status: "applied", applied: b.seq, expected: b.seq + 1 };
    });
    if (ack.status !== "applied") return ack;
    return { ...ack, ...(await drainWaiting(db, peer.id, via)) };
  } catch (err) {
    if (!(err instanceof BundleRefused)) throw err;
    await recordAudit(db, { actor: null, action: "federation.bundle.refused", target: null, outcome: "denied", client: via, details: { peer: peerCountry, hash, reason: err.reason, detail: err.message } });
    if (peerCountry) await db.updateTable("federation_peers").set({ last_error: `refused a bundle: ${err.reason}` }).where("country", "=", peerCountry).where("status", "<>", "removed").execute();
    throw err;
  }
}

/** Applies the bundles that waited behind a gap now filled, in order, each in one transaction. */
async function drainWaiting(db: Db, peerId: string, via: string): Promise<{ applied: number; expected: number }> {
  for (;;) {
    const step = await db.transaction().execute(async (tx) => {
      const p = await lockedPeer(tx, peerId);
      const next = await tx.selectFrom("federation_bundles_in").select(["body", "hash"]).where("peer_id", "=", peerId).where("seq", "=", Number(p.applied_in_seq) + 1).where("status", "=", "waiting").executeTakeFirst();
      if (!next?.body) return Number(p.applied_in_seq);
      await applyBundle(tx, p, parse(next.body), next.hash, via);
      return null;
    }).catch(async (err: unknown) => {
      if (!(err instanceof BundleRefused)) throw err;
      // It passed when it arrived; the link changed since. It stays waiting, and the link says why.
      await db.updateTable("federation_peers").set({ last_error: `a waiting bundle no longer fits the link: ${err.reason}` }).where("id", "=", peerId).execute();
      const p = await db.selectFrom("federation_peers").select("applied_in_seq").where("id", "=", peerId).executeTakeFirstOrThrow();
      return Number(p.applied_in_seq);
    });
    if (step !== null) return { applied: step, expected: step + 1 };
  }
}

/** A file of bundles carried across an air gap: each received in order as if it had come by HTTP. */
export async function importBundles(db: Db, home: string, text: string): Promise<{ seq: number | null; result: Acknowledgement | { refused: RefusalReason; detail: string } }[]> {
  let file: { bundles: string[] };
  try {
    file = BundleFile.parse(JSON.parse(text));
  } catch {
    throw new BundleRefused("malformed", "The file is not a federation export.");
  }
  const out: { seq: number | null; result: Acknowledgement | { refused: RefusalReason; detail: string } }[] = [];
  for (const body of file.bundles) {
    let seq: number | null = null;
    try {
      seq = (JSON.parse(body) as { seq?: number }).seq ?? null;
    } catch {
      seq = null;
    }
    try {
      out.push({ seq, result: await receiveBundle(db, home, body, "file") });
    } catch (err) {
      if (!(err instanceof BundleRefused)) throw err;
      out.push({ seq, result: { refused: err.reason, detail: err.message } });
    }
  }
  return out;
}
