// Peers (SPEC 8.1): another instance a security officer of the home country added, with its
// country, address, public key, the level the link is accredited for and the compartments shared
// with it. Every change is audited in its own transaction, and the link's records are looked at
// again (a lowered level or an unshared compartment retracts; a suspended peer gets retractions).
import { ulid } from "ulid";
import { AccordError, type FieldIssue } from "../domain/errors.ts";
import { LEVELS, type LevelName } from "../domain/markings.ts";
import { appendAudit } from "../audit/log.ts";
import type { Conn, Tx } from "../store/db.ts";
import { parsePublicKey, showFingerprint } from "./identity.ts";
import { enqueueAll, outboxDepth } from "./outbox.ts";

export interface PeerInput {
  country: string;
  url: string;
  key: string;
  level: LevelName;
  compartments: readonly string[];
}

export interface PeerChange {
  url?: string | undefined;
  level?: LevelName | undefined;
  compartments?: readonly string[] | undefined;
}

/** Who changes a peer, for the audit log. */
export interface PeerActor { actor: string | null; client: string | null }

export interface PeerView {
  id: string;
  country: string;
  url: string;
  fingerprint: string;
  level: LevelName;
  compartments: string[];
  status: "active" | "suspended" | "removed";
  /** Numbers of the last bundle built for it, the last it acknowledged, the last applied from it. */
  lastBuilt: number;
  lastAcknowledged: number;
  lastApplied: number;
  /** Changes not yet bundled plus bundles not yet acknowledged. */
  queue: { changes: number; bundles: number };
  lastSentAt: string | null;
  lastReceivedAt: string | null;
  lastError: string | null;
}

const fail = (field: string, rule: string, message: string): never => {
  const issue: FieldIssue = { field, rule, message };
  throw new AccordError("validation_failed", `${field}: ${message}`, [issue]);
};

function checkUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return fail("url", "url", "must be an http:// or https:// address");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") fail("url", "url", "must be an http:// or https:// address");
  return u.toString().replace(/\/$/, "");
}

async function checkCompartments(conn: Conn, codes: readonly string[]): Promise<string[]> {
  const unique = [...new Set(codes)].sort();
  if (!unique.length) return unique;
  const known = new Set((await conn.selectFrom("compartments").select("code").where("code", "in", unique).execute()).map((r) => r.code));
  for (const c of unique) if (!known.has(c)) fail("compartments", "known_compartment", `unknown compartment ${c}`);
  return unique;
}

function levelOf(name: string): number {
  const rank = LEVELS.indexOf(name as LevelName);
  if (rank < 0) fail("level", "level", `must be one of ${LEVELS.join(", ")}`);
  return rank;
}

/** The live peer of a country (case-insensitive), or a 404. */
export async function peerByCountry(conn: Conn, country: string) {
  const row = await conn.selectFrom("federation_peers").selectAll().where("country", "=", country.toUpperCase()).where("status", "<>", "removed").executeTakeFirst();
  if (!row) throw new AccordError("not_found", `No peer for ${country.toUpperCase()}.`);
  return row;
}

export async function addPeer(tx: Tx, home: string, input: PeerInput, who: PeerActor): Promise<PeerView> {
  const country = input.country.toUpperCase();
  if (!(await tx.selectFrom("countries").select("code").where("code", "=", country).executeTakeFirst())) fail("country", "known_country", `unknown country ${country}`);
  if (country === home) fail("country", "not_home", `${country} is this instance's own country`);
  const key = parsePublicKey(input.key) ?? fail("key", "ed25519", "must be the peer's key as `federation identity` prints it (ed25519:…)");
  const url = checkUrl(input.url);
  const level = levelOf(input.level);
  const compartments = await checkCompartments(tx, input.compartments);
  const live = await tx.selectFrom("federation_peers").select(["country", "fingerprint"]).where("status", "<>", "removed")
    .where((eb) => eb.or([eb("country", "=", country), eb("fingerprint", "=", key.fingerprint)])).executeTakeFirst();
  if (live) throw new AccordError("conflict", live.country === country ? `A peer for ${country} exists: change or remove it.` : `Peer ${live.country} already has this key.`);
  const id = ulid();
  const now = new Date().toISOString();
  await tx.insertInto("federation_peers").values({
    id, country, home_country: home, url, public_key: key.text, fingerprint: key.fingerprint, level, status: "active",
    last_sent_at: null, last_received_at: null, last_error: null, created_at: now, updated_at: now,
  }).execute();
  if (compartments.length) await tx.insertInto("federation_peer_compartments").values(compartments.map((compartment) => ({ peer_id: id, compartment }))).execute();
  await enqueueAll(tx, id);
  await appendAudit(tx, { ...who, action: "federation.peer.add", target: id, outcome: "success", details: { country, url, fingerprint: key.fingerprint, level: LEVELS[level], compartments } });
  return peerView(tx, id);
}

export async function changePeer(tx: Tx, country: string, change: PeerChange, who: PeerActor): Promise<PeerView> {
  const peer = await peerByCountry(tx, country);
  const set: { url?: string; level?: number; updated_at: string } = { updated_at: new Date().toISOString() };
  if (change.url !== undefined) set.url = checkUrl(change.url);
  if (change.level !== undefined) set.level = levelOf(change.level);
  await tx.updateTable("federation_peers").set(set).where("id", "=", peer.id).execute();
  let compartments: string[] | undefined;
  if (change.compartments !== undefined) {
    compartments = await checkCompartments(tx, change.compartments);
    await tx.deleteFrom("federation_peer_compartments").where("peer_id", "=", peer.id).execute();
    if (compartments.length) await tx.insertInto("federation_peer_compartments").values(compartments.map((compartment) => ({ peer_id: peer.id, compartment }))).execute();
  }
  await enqueueAll(tx, peer.id);
  await appendAudit(tx, { ...who, action: "federation.peer.change", target: peer.id, outcome: "success", details: {
    country: peer.country, ...(set.url ? { url: set.url } : {}), ...(set.level !== undefined ? { level: LEVELS[set.level], from: LEVELS[peer.level] } : {}), ...(compartments ? { compartments } : {}),
  } });
  return peerView(tx, peer.id);
}

/** Suspending retracts everything the peer holds (a suspended peer reads nothing); resuming sends it again. */
export async function setPeerStatus(tx: Tx, country: string, status: "active" | "suspended", who: PeerActor): Promise<PeerView> {
  const peer = await peerByCountry(tx, country);
  await tx.updateTable("federation_peers").set({ status, updated_at: new Date().toISOString() }).where("id", "=", peer.id).execute();
  await enqueueAll(tx, peer.id);
  await appendAudit(tx, { ...who, action: status === "active" ? "federation.peer.resume" : "federation.peer.suspend", target: peer.id, outcome: "success", details: { country: peer.country } });
  return peerView(tx, peer.id);
}

/**
 * Ends the link: nothing more is sent to or accepted from it. Suspend first (and let the
 * retractions go) for the peer to delete its copies; its replicas here are deleted.
 */
export async function removePeer(tx: Tx, country: string, who: PeerActor): Promise<void> {
  const peer = await peerByCountry(tx, country);
  await tx.updateTable("federation_peers").set({ status: "removed", updated_at: new Date().toISOString() }).where("id", "=", peer.id).execute();
  await tx.deleteFrom("federation_outbox").where("peer_id", "=", peer.id).execute();
  await tx.deleteFrom("federation_sent").where("peer_id", "=", peer.id).execute();
  const replicas = tx.selectFrom("federation_replicas").select("id").where("peer_id", "=", peer.id);
  await tx.deleteFrom("federation_replica_files").where("replica_id", "in", replicas).execute();
  const dropped = await tx.deleteFrom("federation_replicas").where("peer_id", "=", peer.id).executeTakeFirst();
  await appendAudit(tx, { ...who, action: "federation.peer.remove", target: peer.id, outcome: "success", details: { country: peer.country, replicasDeleted: Number(dropped.numDeletedRows) } });
}

export async function peerView(conn: Conn, id: string): Promise<PeerView> {
  const p = await conn.selectFrom("federation_peers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const compartments = (await conn.selectFrom("federation_peer_compartments").select("compartment").where("peer_id", "=", id).orderBy("compartment").execute()).map((r) => r.compartment);
  const unacked = await conn.selectFrom("federation_bundles_out").select((eb) => eb.fn.countAll<number>().as("n")).where("peer_id", "=", id).where("seq", ">", Number(p.acked_out_seq)).executeTakeFirstOrThrow();
  return {
    id: p.id, country: p.country, url: p.url, fingerprint: showFingerprint(p.fingerprint), level: LEVELS[p.level]!, compartments, status: p.status,
    lastBuilt: Number(p.next_out_seq) - 1, lastAcknowledged: Number(p.acked_out_seq), lastApplied: Number(p.applied_in_seq),
    queue: { changes: await outboxDepth(conn, id), bundles: Number(unacked.n) },
    lastSentAt: p.last_sent_at, lastReceivedAt: p.last_received_at, lastError: p.last_error,
  };
}

export async function listPeers(conn: Conn, includeRemoved = false): Promise<PeerView[]> {
  let q = conn.selectFrom("federation_peers").select("id").orderBy("country").orderBy("created_at");
  if (!includeRemoved) q = q.where("status", "<>", "removed");
  const out: PeerView[] = [];
  for (const r of await q.execute()) out.push(await peerView(conn, r.id));
  return out;
}
