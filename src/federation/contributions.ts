// Joint acts across instances (SPEC 8.4). A co-chair approves a received meeting's minutes, or a
// user of the owner country records progress on a received action, on their own instance: the act
// is kept here as a contribution (`out`), signed by this instance's key, and travels in the next
// bundle to the record's owner only. The owner verifies it, applies it once under its own rules
// (`in`), and answers: applied (and the record, changed, is sent again) or refused with its reason.
import { ulid } from "ulid";
import { appendAudit } from "../audit/log.ts";
import { AccordError } from "../domain/errors.ts";
import { banner } from "../domain/markings.ts";
import type { Conn, Tx } from "../store/db.ts";
import { dialectOf } from "../store/dialect.ts";
import { loadMarkings } from "../store/markings.ts";
import type { KeyObject } from "node:crypto";
import type { Viewer } from "../store/access.ts";
import { Contribution, Label, canonical, hashText, signItem, type Answer } from "./bundle.ts";
import type { ActionData, MeetingData } from "./content.ts";
import { notify } from "../notify/notify.ts";
import { signalOnCommit } from "../store/commit-signals.ts";
import { OUTBOX_SIGNAL, enqueueChange } from "./outbox.ts";
import type { ContributionOut } from "./schema.ts";

/** This instance's contributions to a record it holds a replica of, newest first. */
export async function contributionsOf(conn: Conn, recordId: string): Promise<ContributionOut[]> {
  const rows = await conn.selectFrom("federation_contributions").select(["id", "body", "hash", "state", "reason", "created_at", "decided_at"])
    .where("record_id", "=", recordId).where("direction", "=", "out").orderBy("created_at", "desc").orderBy("id", "desc").execute();
  return rows.map((r) => {
    const c = Contribution.parse(JSON.parse(r.body));
    const common = { id: r.id, kind: c.kind, state: r.state, reason: r.reason, createdAt: r.created_at, decidedAt: r.decided_at, hash: r.hash };
    return c.kind === "minutes_approval"
      ? { ...common, by: c.approver, version: c.version, contentHash: c.contentHash, onDate: null, text: null, status: null }
      : { ...common, by: c.by, version: null, contentHash: null, onDate: c.onDate, text: c.text, status: c.status };
  });
}

/** Names as both instances keep them, compared without case, accents' composition or extra spaces. */
export const sameName = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase() === b.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();

type Peer = { id: string; country: string; home_country: string };

/**
 * Writes the next version of a record this instance owns after a peer's contribution changed it
 * (the same records row, version and outbox entry as any write, so the record is sent again),
 * with the peer as the version's actor.
 */
async function bumpOwned(tx: Tx, recordId: string, actor: string, snapshot: unknown): Promise<void> {
  const r = await tx.selectFrom("records").select(["version", "marking_id"]).where("id", "=", recordId).executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const version = Number(r.version) + 1;
  const res = await tx.updateTable("records").set({ version, updated_at: now }).where("id", "=", recordId).where("version", "=", Number(r.version)).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new Error(`record ${recordId} changed while a contribution was applied`);
  await tx.insertInto("record_versions").values({ record_id: recordId, version, marking_id: r.marking_id, at: now, actor, data: JSON.stringify(snapshot) }).execute();
  await enqueueChange(tx, recordId);
}

/** The owner's rules for a co-chair's approval from the peer; answers the refusal's reason, or null once recorded. */
async function applyApproval(tx: Tx, peer: Peer, c: Extract<Contribution, { kind: "minutes_approval" }>, now: string): Promise<string | null> {
  const m = await tx.selectFrom("meetings").selectAll().where("id", "=", c.recordId).executeTakeFirst();
  if (!m) return "The record is not a meeting of this instance.";
  if (m.status === "planned") return "Minutes are approved once the meeting is held.";
  if (m.status === "minutes_agreed") return "These minutes are agreed already.";
  const latest = await tx.selectFrom("minutes_versions").select(["version", "content_hash"]).where("meeting_id", "=", m.id).orderBy("version", "desc").limit(1).executeTakeFirst();
  if (!latest || Number(latest.version) !== c.version) return `Only the latest version (${latest ? latest.version : "none yet"}) can be approved, not version ${c.version}.`;
  if (latest.content_hash !== c.contentHash) return `The content hash does not match version ${c.version} of the minutes.`;
  const chairs = await tx.selectFrom("meeting_co_chairs as c").innerJoin("people as p", "p.id", "c.person_id").select(["c.person_id", "p.name"])
    .where("c.meeting_id", "=", m.id).where("c.country", "=", c.country).execute();
  const chair = chairs.find((x) => sameName(x.name, c.approver.name));
  if (!chair) return `${c.approver.name} is not this meeting's co-chair for ${c.country}.`;
  const done = await tx.selectFrom("minutes_approvals").select("country").where("meeting_id", "=", m.id).where("version", "=", c.version).execute();
  if (done.some((d) => d.country === c.country)) return `${c.country} has approved version ${c.version} already.`;
  await tx.insertInto("minutes_approvals").values({ meeting_id: m.id, version: c.version, country: c.country, user_id: null, person_id: chair.person_id, approved_at: now, contribution_id: c.id, approver_name: c.approver.name }).execute();
  const members = (await tx.selectFrom("forum_members").select("country").where("forum_id", "=", m.forum_id).execute()).map((x) => x.country);
  const approved = new Set([...done.map((d) => d.country), c.country]);
  const agreed = members.every((x) => approved.has(x));
  if (agreed) await tx.updateTable("meetings").set({ status: "minutes_agreed" }).where("id", "=", m.id).execute();
  await bumpOwned(tx, m.id, `federation:${peer.country}`, { ...m, status: agreed ? "minutes_agreed" : m.status, change: { minutesApproved: c.version, country: c.country, contribution: c.id, agreed } });
  // The same notifications a local approval sends (src/resources/meetings/minutes.ts), with no local user as their actor.
  const record = await tx.selectFrom("records").select(["id", "marking_id"]).where("id", "=", m.id).executeTakeFirstOrThrow();
  const missing = members.filter((x) => !approved.has(x));
  if (missing.length) await notify(tx, { event: "minutes_awaiting", record, audience: { coChairsOf: m.id, countries: missing }, actor: null });
  else for (const audience of [{ coChairsOf: m.id }, { role: "secretariat" as const }]) await notify(tx, { event: "minutes_agreed", record, audience, actor: null });
  return null;
}

/** Progress on an action the contributor's country owns. */
async function applyProgress(tx: Tx, peer: Peer, c: Extract<Contribution, { kind: "action_progress" }>, now: string): Promise<string | null> {
  const a = await tx.selectFrom("actions").selectAll().where("id", "=", c.recordId).executeTakeFirst();
  if (!a) return "The record is not an action of this instance.";
  if (a.owner_country !== c.country) return `This action is owned by ${a.owner_country}, not ${c.country}.`;
  await tx.insertInto("action_updates").values({ id: ulid(), action_id: a.id, on_date: c.onDate, text: c.text, status: c.status, by_user: null, at: now, contribution_id: c.id, by_name: c.by.name }).execute();
  if (c.status) await tx.updateTable("actions").set({ status: c.status }).where("id", "=", a.id).execute();
  await bumpOwned(tx, a.id, `federation:${peer.country}`, { ...a, status: c.status ?? a.status, change: { progress: c.onDate, country: c.country, contribution: c.id } });
  return null;
}

/**
 * The owner applies a peer's contribution in the bundle's transaction, once by its id: recorded
 * (and the record sent again) or refused with a reason; either way kept, audited with its hash,
 * and answered in the next bundle to that peer.
 */
export async function applyContribution(tx: Tx, peer: Peer, item: { label: Label; content: Contribution; signature: string }, seq: number): Promise<void> {
  const c = item.content;
  const body = canonical(c);
  const hash = hashText(body);
  const known = await tx.selectFrom("federation_contributions").select(["hash", "state"]).where("id", "=", c.id).executeTakeFirst();
  if (known) {
    await appendAudit(tx, { actor: null, action: "federation.contribution.duplicate", target: c.recordId, outcome: "success", client: null, details: { peer: peer.country, id: c.id, hash, seq } });
    return;
  }
  const now = new Date().toISOString();
  // The record's row is held for this change (PostgreSQL; SQLite has one writer), as a local change holds it.
  const q = tx.selectFrom("records").select(["id", "kind", "marking_id"]).where("id", "=", c.recordId);
  const rec = await (dialectOf(tx) === "postgres" ? q.forUpdate() : q).executeTakeFirst();
  // The peer acts only on what it holds of ours.
  const held = rec && (await tx.selectFrom("federation_sent").select("record_id").where("peer_id", "=", peer.id).where("record_id", "=", rec.id).executeTakeFirst());
  let reason: string | null;
  if (!rec || !held) reason = "This instance sent no such record to yours.";
  else if (c.kind === "minutes_approval") reason = rec.kind === "meeting" ? await applyApproval(tx, peer, c, now) : "The record is not a meeting.";
  else reason = rec.kind === "action" ? await applyProgress(tx, peer, c, now) : "The record is not an action.";
  const state = reason === null ? "applied" : "refused";
  await tx.insertInto("federation_contributions").values({
    id: c.id, direction: "in", peer_id: peer.id, record_id: c.recordId, kind: c.kind, body, hash, label: canonical(item.label), signature: item.signature,
    user_id: null, state, reason, created_at: now, decided_at: now, sent_seq: null,
  }).execute();
  // The answer goes back in the next bundle: soon after this one commits.
  signalOnCommit(OUTBOX_SIGNAL);
  const marking = rec ? (await loadMarkings(tx, [rec.marking_id])).get(rec.marking_id) : undefined;
  await appendAudit(tx, {
    actor: null, action: `federation.contribution.${state}`, target: c.recordId, marking: marking ? banner(marking) : null, outcome: state === "applied" ? "success" : "denied", client: null,
    details: { peer: peer.country, id: c.id, kind: c.kind, hash, seq, by: c.kind === "minutes_approval" ? c.approver : c.by, ...(c.kind === "minutes_approval" ? { version: c.version, contentHash: c.contentHash } : {}), reason },
  });
}

/** The owner's answer reaches the contributor: the contribution shows applied or refused, and why. */
export async function applyAnswer(tx: Tx, peer: Peer, a: Answer, seq: number): Promise<void> {
  const row = await tx.selectFrom("federation_contributions").select(["hash", "state"]).where("id", "=", a.id).where("direction", "=", "out").where("peer_id", "=", peer.id).where("record_id", "=", a.recordId).executeTakeFirst();
  if (!row || row.state !== "pending") {
    await appendAudit(tx, { actor: null, action: "federation.contribution.answer_ignored", target: a.recordId, outcome: "failure", client: null, details: { peer: peer.country, id: a.id, seq, known: !!row } });
    return;
  }
  await tx.updateTable("federation_contributions").set({ state: a.state, reason: a.reason, decided_at: a.decidedAt }).where("id", "=", a.id).where("direction", "=", "out").execute();
  await appendAudit(tx, { actor: null, action: "federation.contribution.answered", target: a.recordId, outcome: a.state === "applied" ? "success" : "denied", client: null,
    details: { peer: peer.country, id: a.id, hash: row.hash, state: a.state, reason: a.reason, seq } });
}

/** A replica as the contribution routes need it (read through the reader, so the read rule decided). */
export interface HeldReplica { id: string; kind: string; peer_id: string; origin: string; label: string; content: string; marking_id: string }

type Draft = { kind: "minutes_approval"; version: number } | Pick<Extract<Contribution, { kind: "action_progress" }>, "kind" | "onDate" | "text" | "status">;

const refuse = (code: "forbidden" | "conflict", message: string, field: string, rule: string) => new AccordError(code, message, [{ field, rule, message }]);

/**
 * Checks a local user's joint act on a replica by what the owner sent (its latest state), and
 * answers the contribution to sign. Who counts as the co-chair: the user's own person record, on
 * this instance, has the name the owner gives its co-chair for the user's country (people are
 * records of each instance; the name, as both keep it, is what they share). Progress: an action
 * owned by the user's country, by its secretariat or programme staff, or by the person the owner
 * names as its owner (by name, in the same way).
 */
export async function draftContribution(conn: Conn, home: string, viewer: Viewer, replica: HeldReplica, draft: Draft): Promise<Contribution> {
  if (viewer.nationality !== home) throw refuse("forbidden", `This instance contributes for ${home} only.`, "nationality", "home_country");
  const data = (JSON.parse(replica.content) as { data: unknown }).data;
  const person = viewer.personId ? await conn.selectFrom("people").select("name").where("id", "=", viewer.personId).executeTakeFirst() : undefined;
  const me = { name: person?.name ?? viewer.displayName, userId: viewer.id };
  const base = { id: ulid(), recordId: replica.id, country: home, at: new Date().toISOString() };
  if (draft.kind === "minutes_approval") {
    if (replica.kind !== "meeting") throw new AccordError("not_found", "No minutes: the record is not a meeting.");
    const m = data as Partial<MeetingData>;
    if (!m.coChairs || !m.minutes) throw refuse("conflict", `${replica.origin}'s instance has not sent this meeting's minutes yet.`, "version", "not_received");
    if (!m.coChairs.some((c) => c.country === home && sameName(c.name, person?.name))) {
      throw refuse("forbidden", `Only a co-chair of this meeting for ${home} may approve its minutes (your person record must carry the co-chair's name as ${replica.origin}'s instance gives it).`, "version", "co_chair");
    }
    const version = m.minutes.versions.find((v) => v.version === draft.version);
    if (!version) throw new AccordError("not_found", `No version ${draft.version} of these minutes.`, [{ field: "version", rule: "known_version", message: "no such version" }]);
    const latest = Math.max(...m.minutes.versions.map((v) => v.version));
    if (m.status === "planned") throw refuse("conflict", "Minutes are approved once the meeting is held.", "status", "not_held");
    if (m.minutes.agreed) throw refuse("conflict", "These minutes are agreed already.", "status", "minutes_agreed");
    if (draft.version !== latest) throw refuse("conflict", `Only the latest version (${latest}) can be approved.`, "version", "latest");
    if (version.approvals.some((a) => a.country === home)) throw refuse("conflict", `${home} has approved version ${draft.version} already.`, "version", "approved");
    const pending = await conn.selectFrom("federation_contributions").select("body").where("record_id", "=", replica.id).where("direction", "=", "out").where("state", "=", "pending").where("kind", "=", "minutes_approval").execute();
    if (pending.some((p) => (JSON.parse(p.body) as { version: number }).version === draft.version)) throw refuse("conflict", `An approval of version ${draft.version} is on its way to ${replica.origin}.`, "version", "pending");
    return { ...base, kind: "minutes_approval", version: draft.version, contentHash: version.contentHash, approver: me };
  }
  if (replica.kind !== "action") throw new AccordError("not_found", "No progress: the record is not an action.");
  const a = data as Partial<ActionData>;
  if (!a.ownerCountry) throw refuse("conflict", `${replica.origin}'s instance has not sent this action's owner yet.`, "ownerCountry", "not_received");
  if (a.ownerCountry !== home) throw refuse("forbidden", `This action is owned by ${a.ownerCountry}: its progress is recorded by ${a.ownerCountry}.`, "ownerCountry", "own_country");
  const staff = viewer.roles.some((r) => r === "secretariat" || r === "programme");
  if (!staff && !(a.ownerName && sameName(a.ownerName, person?.name))) throw refuse("forbidden", "Progress is recorded by the action's owner or the secretariat.", "owner", "owner");
  return { ...base, kind: "action_progress", onDate: draft.onDate, text: draft.text, status: draft.status, by: me };
}

/** Keeps a contribution, signed by this instance's key under the replica's label, for the next bundle to its owner. */
export async function keepContribution(tx: Tx, key: KeyObject, viewer: Viewer, client: string | null, replica: HeldReplica, c: Contribution): Promise<ContributionOut> {
  const label = Label.parse(JSON.parse(replica.label));
  const signed = signItem(key, { op: "contribute" as const, label, content: c });
  const body = canonical(c);
  const hash = hashText(body);
  const now = new Date().toISOString();
  await tx.insertInto("federation_contributions").values({
    id: c.id, direction: "out", peer_id: replica.peer_id, record_id: replica.id, kind: c.kind, body, hash, label: canonical(label), signature: signed.signature,
    user_id: viewer.id, state: "pending", reason: null, created_at: now, decided_at: null, sent_seq: null,
  }).execute();
  const marking = (await loadMarkings(tx, [replica.marking_id])).get(replica.marking_id)!;
  await appendAudit(tx, { actor: viewer.id, action: "federation.contribution.made", target: replica.id, marking: banner(marking), outcome: "success", client,
    details: { peer: replica.origin, id: c.id, kind: c.kind, hash, ...(c.kind === "minutes_approval" ? { version: c.version, contentHash: c.contentHash } : { status: c.status }) } });
  signalOnCommit(OUTBOX_SIGNAL);
  return (await contributionsOf(tx, replica.id)).find((x) => x.id === c.id)!;
}
