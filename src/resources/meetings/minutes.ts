// Agreed minutes (SPEC 2): agreed when a co-chair of each member country has approved the same
// version. Agreed minutes are frozen; a change is a new version that needs agreement again.
// Minutes may be drafted before the meeting; they are approved once it has been held.
import { createHash } from "node:crypto";
import { diffWords } from "diff";
import { AccordError } from "../../domain/errors.ts";
import { grant } from "../../domain/policy.ts";
import type { ReadRecord, Reader, Reference, Writer } from "../../store/reader.ts";
import { refOf } from "../common.ts";
import { notify } from "../../notify/notify.ts";
import { meetingPolicy } from "./policy.ts";
import { bumpMeeting, editGrant, meetingFacts } from "./write.ts";

const hashOf = (text: string) => createHash("sha256").update(text).digest("hex");

async function insertVersion(w: Writer, meeting: ReadRecord, version: number, text: string): Promise<void> {
  await w.tx.insertInto("minutes_versions").values({ meeting_id: meeting.id, version, text, content_hash: hashOf(text), created_by: w.viewer.id, created_at: new Date().toISOString() }).execute();
}

/** A new version of the minutes; if the previous one was agreed, the meeting needs agreement again. */
export async function addMinutesVersion(w: Writer, meeting: ReadRecord, text: string): Promise<number> {
  const allowed = editGrant(w);
  const facts = await meetingFacts(w, meeting);
  const version = (facts.latestVersion ?? 0) + 1;
  await bumpMeeting(w, meeting, { minutesVersion: version }, { grant: allowed });
  await insertVersion(w, meeting, version, text);
  if (facts.status === "minutes_agreed") await w.tx.updateTable("meetings").set({ status: "held" }).where("id", "=", meeting.id).execute();
  if (facts.status !== "planned") await askCoChairs(w, meeting);
  return version;
}

/** The co-chairs are told that a version awaits their approval (once the meeting is held). */
export async function askCoChairs(w: Writer, meeting: ReadRecord): Promise<void> {
  await notify(w.tx, { event: "minutes_awaiting", record: w.current(meeting), audience: { coChairsOf: meeting.id }, actor: w.viewer.id });
}

/**
 * Agreed minutes freeze the meeting's agenda, attendance and outcomes. A change to them is refused
 * unless the caller says it reopens the minutes: then the agreed text becomes a new version, which
 * needs the co-chairs' agreement again. Answers the new version's number, or null if nothing was agreed.
 */
export async function reopenIfAgreed(w: Writer, meeting: ReadRecord, part: string, reopen: boolean): Promise<number | null> {
  const facts = await meetingFacts(w, meeting);
  if (facts.status !== "minutes_agreed") return null;
  if (!reopen) {
    throw new AccordError("conflict", `The minutes of this meeting are agreed, so its ${part} is frozen: changing it opens a new version of the minutes that needs agreement again (send reopenMinutes=true).`,
      [{ field: part, rule: "minutes_agreed", message: "frozen by agreed minutes" }]);
  }
  const agreed = await w.children("minutes_versions", [meeting.id]).select("text").where("version", "=", facts.latestVersion!).executeTakeFirstOrThrow();
  const version = facts.latestVersion! + 1;
  await insertVersion(w, meeting, version, agreed.text);
  await w.tx.updateTable("meetings").set({ status: "held" }).where("id", "=", meeting.id).execute();
  w.note({ reopenedMinutes: version });
  await askCoChairs(w, meeting);
  return version;
}

/** Corrects the latest version in place, only while nobody has approved it. */
export async function editMinutesVersion(w: Writer, meeting: ReadRecord, version: number, text: string): Promise<void> {
  const allowed = editGrant(w);
  const facts = await meetingFacts(w, meeting);
  const latest = facts.latestVersion;
  if (!latest || version > latest) throw new AccordError("not_found", "No such version of the minutes.");
  if (facts.status === "minutes_agreed" || version < latest) {
    throw new AccordError("conflict", "Agreed or superseded minutes are frozen: add a new version instead.", [{ field: "version", rule: "frozen", message: "is frozen" }]);
  }
  if (facts.approvedBy.length) {
    throw new AccordError("conflict", `Version ${version} has been approved by ${facts.approvedBy.join(", ")}: add a new version instead.`, [{ field: "version", rule: "frozen", message: "has approvals" }]);
  }
  await bumpMeeting(w, meeting, { minutesEdited: version }, { grant: allowed });
  await w.tx.updateTable("minutes_versions").set({ text, content_hash: hashOf(text), created_at: new Date().toISOString() }).where("meeting_id", "=", meeting.id).where("version", "=", version).execute();
}

/**
 * A co-chair approves a version for their country. Only the latest version can be approved,
 * and only by a user who is, as a person, this meeting's co-chair for their own country: the
 * meeting policy's `approve`, the same rule that offers the reader the control.
 */
export async function approveMinutes(w: Writer, meeting: ReadRecord, version: number): Promise<{ agreed: boolean; missing: string[] }> {
  const viewer = w.viewer;
  const facts = await meetingFacts(w, meeting);
  const latest = facts.latestVersion;
  if (version !== latest) throw new AccordError("conflict", `Only the latest version (${latest || "none yet"}) can be approved.`, [{ field: "version", rule: "latest", message: "is not the latest version" }]);
  if (facts.status === "minutes_agreed") throw new AccordError("conflict", "These minutes are agreed already.");
  if (facts.status === "planned") throw new AccordError("conflict", "Minutes are approved once the meeting is held.", [{ field: "status", rule: "not_held", message: "the meeting is not held yet" }]);
  if (facts.approvedBy.includes(viewer.nationality)) throw new AccordError("conflict", `${viewer.nationality} has approved version ${version} already.`);
  const allowed = grant(meetingPolicy, "approve", w.actor, facts, `Only a co-chair of this meeting for ${viewer.nationality} may approve its minutes.`);
  await bumpMeeting(w, meeting, { minutesApproved: version, country: viewer.nationality }, { grant: allowed });
  await w.tx.insertInto("minutes_approvals").values({ meeting_id: meeting.id, version, country: viewer.nationality, user_id: viewer.id, person_id: viewer.personId!, approved_at: new Date().toISOString() }).execute();
  // Every member country counts, whether or not the approver may read the forum itself.
  const members = (await w.tx.selectFrom("forum_members").select("country").where("forum_id", "=", facts.forumId).execute()).map((x) => x.country);
  const approved = new Set([...facts.approvedBy, viewer.nationality]);
  const missing = members.filter((c) => !approved.has(c));
  if (missing.length) {
    await notify(w.tx, { event: "minutes_awaiting", record: w.current(meeting), audience: { coChairsOf: meeting.id, countries: missing }, actor: viewer.id });
  } else {
    await w.tx.updateTable("meetings").set({ status: "minutes_agreed" }).where("id", "=", meeting.id).execute();
    for (const audience of [{ coChairsOf: meeting.id }, { role: "secretariat" }]) await notify(w.tx, { event: "minutes_agreed", record: w.current(meeting), audience, actor: viewer.id });
  }
  return { agreed: missing.length === 0, missing };
}

export interface MinutesApproval { country: string; person: Reference | null; approvedBy: string | null; approvedAt: string }
export interface MinutesVersion { version: number; text: string; contentHash: string; createdBy: string; createdByName: string | null; createdAt: string; approvals: MinutesApproval[] }

/** Every version, newest first, each approval naming the co-chair (as a person, and the account's name). */
export async function minutesHistory(reader: Reader, meeting: ReadRecord): Promise<MinutesVersion[]> {
  const [versions, approvals] = await Promise.all([
    reader.children("minutes_versions", [meeting.id]).selectAll().orderBy("version", "desc").execute(),
    reader.children("minutes_approvals", [meeting.id]).selectAll().orderBy("approved_at").execute(),
  ]);
  const [refs, names] = await Promise.all([
    reader.refs(approvals.map((a) => a.person_id)),
    reader.userNames([...versions.map((v) => v.created_by), ...approvals.flatMap((a) => (a.user_id ? [a.user_id] : []))]),
  ]);
  return versions.map((v) => ({
    version: v.version, text: v.text, contentHash: v.content_hash, createdBy: v.created_by, createdByName: names.get(v.created_by) ?? null, createdAt: v.created_at,
    approvals: approvals.filter((a) => a.version === v.version)
      .map((a) => ({ country: a.country, person: refOf(refs, a.person_id), approvedBy: (a.user_id ? names.get(a.user_id) : a.approver_name) ?? null, approvedAt: a.approved_at })),
  }));
}

export type DiffPart = { op: "same" | "added" | "removed"; text: string };

/** Two texts compared word by word (v9 keeps spaces and line breaks with the words), for a readable diff. */
export function diffMinutes(from: string, to: string): DiffPart[] {
  return diffWords(from, to).map((c) => ({ op: c.added ? "added" : c.removed ? "removed" : "same", text: c.value }));
}
