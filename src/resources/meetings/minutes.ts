// Agreed minutes (SPEC 2): agreed when a co-chair of each member country has approved the same
// version. Agreed minutes are frozen; a change is a new version that needs agreement again.
import { createHash } from "node:crypto";
import { AccordError } from "../../domain/errors.ts";
import type { Marking } from "../../domain/markings.ts";
import type { Scope } from "../../store/access.ts";
import type { Conn, Tx } from "../../store/db.ts";
import { bumpMeeting } from "./repo.ts";

const hashOf = (text: string) => createHash("sha256").update(text).digest("hex");

async function latestVersion(tx: Conn, meetingId: string): Promise<number> {
  const row = await tx.selectFrom("minutes_versions").select((eb) => eb.fn.max("version").as("v")).where("meeting_id", "=", meetingId).executeTakeFirst();
  return Number(row?.v ?? 0);
}

/** A new version of the minutes; if the previous one was agreed, the meeting needs agreement again. */
export async function addMinutesVersion(tx: Tx, scope: Scope, meetingId: string, marking: Marking, text: string): Promise<number> {
  const m = await tx.selectFrom("meetings").select("status").where("id", "=", meetingId).executeTakeFirstOrThrow();
  if (m.status === "planned") throw new AccordError("conflict", "Minutes are written once the meeting is held: set its status to held first.");
  const version = (await latestVersion(tx, meetingId)) + 1;
  await bumpMeeting(tx, scope, meetingId, marking, { minutesVersion: version });
  await tx.insertInto("minutes_versions").values({ meeting_id: meetingId, version, text, content_hash: hashOf(text), created_by: scope.requireViewer().id, created_at: new Date().toISOString() }).execute();
  if (m.status === "minutes_agreed") await tx.updateTable("meetings").set({ status: "held" }).where("id", "=", meetingId).execute();
  return version;
}

/** Corrects the latest version in place, only while nobody has approved it. */
export async function editMinutesVersion(tx: Tx, scope: Scope, meetingId: string, marking: Marking, version: number, text: string): Promise<void> {
  const m = await tx.selectFrom("meetings").select("status").where("id", "=", meetingId).executeTakeFirstOrThrow();
  const latest = await latestVersion(tx, meetingId);
  if (!latest || version > latest) throw new AccordError("not_found", "No such version of the minutes.");
  if (m.status === "minutes_agreed" || version < latest) {
    throw new AccordError("conflict", "Agreed or superseded minutes are frozen: add a new version instead.", [{ field: "version", rule: "frozen", message: "is frozen" }]);
  }
  const approvals = await tx.selectFrom("minutes_approvals").select("country").where("meeting_id", "=", meetingId).where("version", "=", version).execute();
  if (approvals.length) {
    throw new AccordError("conflict", `Version ${version} has been approved by ${approvals.map((a) => a.country).join(", ")}: add a new version instead.`, [{ field: "version", rule: "frozen", message: "has approvals" }]);
  }
  await bumpMeeting(tx, scope, meetingId, marking, { minutesEdited: version });
  await tx.updateTable("minutes_versions").set({ text, content_hash: hashOf(text), created_at: new Date().toISOString() }).where("meeting_id", "=", meetingId).where("version", "=", version).execute();
}

/**
 * A co-chair approves a version for their country. Only the latest version can be approved,
 * and only by a user who is, as a person, this meeting's co-chair for their own country.
 */
export async function approveMinutes(tx: Tx, scope: Scope, meetingId: string, marking: Marking, version: number): Promise<{ agreed: boolean; missing: string[] }> {
  const viewer = scope.requireViewer();
  const user = await tx.selectFrom("users").select("person_id").where("id", "=", viewer.id).executeTakeFirstOrThrow();
  const chair = user.person_id && await tx.selectFrom("meeting_co_chairs").select("person_id")
    .where("meeting_id", "=", meetingId).where("country", "=", viewer.nationality).where("person_id", "=", user.person_id).executeTakeFirst();
  if (!chair) throw new AccordError("forbidden", `Only a co-chair of this meeting for ${viewer.nationality} may approve its minutes.`);
  const latest = await latestVersion(tx, meetingId);
  if (version !== latest) throw new AccordError("conflict", `Only the latest version (${latest || "none yet"}) can be approved.`, [{ field: "version", rule: "latest", message: "is not the latest version" }]);
  const m = await tx.selectFrom("meetings").select(["status", "forum_id"]).where("id", "=", meetingId).executeTakeFirstOrThrow();
  if (m.status === "minutes_agreed") throw new AccordError("conflict", "These minutes are agreed already.");
  if (await tx.selectFrom("minutes_approvals").select("country").where("meeting_id", "=", meetingId).where("version", "=", version).where("country", "=", viewer.nationality).executeTakeFirst()) {
    throw new AccordError("conflict", `${viewer.nationality} has approved version ${version} already.`);
  }
  await bumpMeeting(tx, scope, meetingId, marking, { minutesApproved: version, country: viewer.nationality }, true);
  await tx.insertInto("minutes_approvals").values({ meeting_id: meetingId, version, country: viewer.nationality, user_id: viewer.id, person_id: user.person_id!, approved_at: new Date().toISOString() }).execute();
  const members = (await tx.selectFrom("forum_members").select("country").where("forum_id", "=", m.forum_id).execute()).map((x) => x.country);
  const approved = new Set((await tx.selectFrom("minutes_approvals").select("country").where("meeting_id", "=", meetingId).where("version", "=", version).execute()).map((a) => a.country));
  const missing = members.filter((c) => !approved.has(c));
  if (!missing.length) await tx.updateTable("meetings").set({ status: "minutes_agreed" }).where("id", "=", meetingId).execute();
  return { agreed: missing.length === 0, missing };
}

export async function minutesHistory(conn: Conn, meetingId: string) {
  const [versions, approvals] = await Promise.all([
    conn.selectFrom("minutes_versions").selectAll().where("meeting_id", "=", meetingId).orderBy("version", "desc").execute(),
    conn.selectFrom("minutes_approvals").selectAll().where("meeting_id", "=", meetingId).orderBy("approved_at").execute(),
  ]);
  return versions.map((v) => ({
    version: v.version, text: v.text, contentHash: v.content_hash, createdBy: v.created_by, createdAt: v.created_at,
    approvals: approvals.filter((a) => a.version === v.version).map((a) => ({ country: a.country, userId: a.user_id, personId: a.person_id, approvedAt: a.approved_at })),
  }));
}
