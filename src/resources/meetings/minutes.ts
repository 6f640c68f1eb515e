// Agreed minutes (SPEC 2): agreed when a co-chair of each member country has approved the same
// version. Agreed minutes are frozen; a change is a new version that needs agreement again.
import { createHash } from "node:crypto";
import { AccordError } from "../../domain/errors.ts";
import { grant } from "../../domain/policy.ts";
import type { ReadRecord, Reader, Writer } from "../../store/reader.ts";
import { meetingPolicy } from "./policy.ts";
import { bumpMeeting, editGrant, meetingFacts } from "./write.ts";

const hashOf = (text: string) => createHash("sha256").update(text).digest("hex");

/** A new version of the minutes; if the previous one was agreed, the meeting needs agreement again. */
export async function addMinutesVersion(w: Writer, meeting: ReadRecord, text: string): Promise<number> {
  const allowed = editGrant(w);
  const facts = await meetingFacts(w, meeting);
  if (facts.status === "planned") throw new AccordError("conflict", "Minutes are written once the meeting is held: set its status to held first.");
  const version = (facts.latestVersion ?? 0) + 1;
  await bumpMeeting(w, meeting, { minutesVersion: version }, { grant: allowed });
  await w.tx.insertInto("minutes_versions").values({ meeting_id: meeting.id, version, text, content_hash: hashOf(text), created_by: w.viewer.id, created_at: new Date().toISOString() }).execute();
  if (facts.status === "minutes_agreed") await w.tx.updateTable("meetings").set({ status: "held" }).where("id", "=", meeting.id).execute();
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
  if (facts.status === "planned") throw new AccordError("conflict", "Minutes are approved once the meeting is held.");
  if (facts.approvedBy.includes(viewer.nationality)) throw new AccordError("conflict", `${viewer.nationality} has approved version ${version} already.`);
  const allowed = grant(meetingPolicy, "approve", w.actor, facts, `Only a co-chair of this meeting for ${viewer.nationality} may approve its minutes.`);
  await bumpMeeting(w, meeting, { minutesApproved: version, country: viewer.nationality }, { grant: allowed });
  await w.tx.insertInto("minutes_approvals").values({ meeting_id: meeting.id, version, country: viewer.nationality, user_id: viewer.id, person_id: viewer.personId!, approved_at: new Date().toISOString() }).execute();
  // Every member country counts, whether or not the approver may read the forum itself.
  const members = (await w.tx.selectFrom("forum_members").select("country").where("forum_id", "=", facts.forumId).execute()).map((x) => x.country);
  const approved = new Set([...facts.approvedBy, viewer.nationality]);
  const missing = members.filter((c) => !approved.has(c));
  if (!missing.length) await w.tx.updateTable("meetings").set({ status: "minutes_agreed" }).where("id", "=", meeting.id).execute();
  return { agreed: missing.length === 0, missing };
}

export async function minutesHistory(reader: Reader, meeting: ReadRecord) {
  const [versions, approvals] = await Promise.all([
    reader.children("minutes_versions", [meeting.id]).selectAll().orderBy("version", "desc").execute(),
    reader.children("minutes_approvals", [meeting.id]).selectAll().orderBy("approved_at").execute(),
  ]);
  return versions.map((v) => ({
    version: v.version, text: v.text, contentHash: v.content_hash, createdBy: v.created_by, createdAt: v.created_at,
    approvals: approvals.filter((a) => a.version === v.version).map((a) => ({ country: a.country, userId: a.user_id, personId: a.person_id, approvedAt: a.approved_at })),
  }));
}
