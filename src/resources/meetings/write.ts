// Meetings of a forum, numbered within it ("the 17th JWG"). Creating one puts the open actions
// of the forum's previous meeting on its agenda (carry-over), after the forum's template items.
// Any change to a part of a meeting (agenda, attendance, outcomes, minutes) is a new version of it.
import { sql } from "kysely";
import { ulid } from "ulid";
import { AccordError, invalid, unavailable } from "../../domain/errors.ts";
import { grantByRole, grantCreate, type Grant } from "../../domain/policy.ts";
import { resolveMarking } from "../../store/markings.ts";
import type { ReadRecord, Writer } from "../../store/reader.ts";
import { createRecord, updateRecord } from "../../store/records.ts";
import type { MeetingTable } from "../../store/schema.ts";
import { notify } from "../../notify/notify.ts";
import { knownCountry } from "../checks.ts";
import { markingWithin } from "../inherit.ts";
import { ordinal } from "./ordinal.ts";
import { hasStarted, meetingPolicy, todayDate, type MeetingFacts } from "./policy.ts";
import type { MeetingCreate, MeetingUpdate } from "./schema.ts";

/** The forum and its members; `lock` holds its row until the change ends (numbering its meetings). */
async function forumOf(w: Writer, forumId: string, lock = false) {
  const forum = lock ? await w.lock("forum", forumId) : await w.find("forum", forumId);
  if (!forum) throw invalid("forumId", "known_record", "no such forum");
  const row = await w.children("forums", [forum.id]).selectAll().executeTakeFirstOrThrow();
  const members = (await w.children("forum_members", [forum.id]).select("country").execute()).map((m) => m.country);
  return { forum, row, members };
}

async function checkPeople(w: Writer, members: string[], field: string, people: { country: string; personId: string }[]): Promise<void> {
  for (const [i, p] of people.entries()) {
    if (field === "coChairs" && !members.includes(p.country)) throw invalid(`${field}.${i}.country`, "forum_member", `${p.country} is not a member of this forum`);
    if (!(await w.find("person", p.personId))) throw invalid(`${field}.${i}.personId`, "known_record", "no such person");
  }
}

/**
 * The number a new meeting gets when none is given: after the highest the caller may read, so the
 * default reveals no meeting they cannot see (one that holds that number refuses it neutrally).
 */
async function nextSequence(w: Writer, forumId: string): Promise<number> {
  const row = await w.records("meeting").innerJoin("meetings as mt", "mt.id", "r.id").where("mt.forum_id", "=", forumId)
    .select((eb) => eb.fn.max("mt.sequence").as("n")).executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

/**
 * Numbers are unique within a forum, readable or not. A number held by a meeting the caller may
 * read is named; one held by a meeting they may not read gets the neutral refusal, which names
 * nothing and is the same whatever holds it.
 */
async function claimSequence(w: Writer, forumId: string, sequence: number): Promise<void> {
  const taken = await w.tx.selectFrom("meetings").select("id").where("forum_id", "=", forumId).where("sequence", "=", sequence).executeTakeFirst();
  if (!taken) return;
  if (!(await w.find("meeting", taken.id))) throw unavailable();
  throw new AccordError("conflict", `This forum already has a ${ordinal(sequence)} meeting.`, [{ field: "sequence", rule: "unique_in_forum", message: `${ordinal(sequence)} is taken` }]);
}

/**
 * Open actions raised at, or carried to, the forum's meeting before `sequence` that the caller
 * may read, and only those they may read: a new agenda never lists an action withheld from the
 * one who made it, nor reveals by it a meeting they cannot see.
 */
export async function openActionsOfPrevious(w: Writer, forumId: string, sequence: number): Promise<string[]> {
  const [prev] = await w.read(w.records("meeting").innerJoin("meetings as mt", "mt.id", "r.id").selectAll("r")
    .where("mt.forum_id", "=", forumId).where("mt.sequence", "<", sequence).orderBy("mt.sequence", "desc").limit(1));
  if (!prev) return [];
  const rows = await sql<{ id: string }>`
    select a.id from actions a where a.status in ('open', 'in_progress')
      and (a.meeting_id = ${prev.id} or a.id in (select action_id from agenda_items where meeting_id = ${prev.id} and action_id is not null))
    order by a.due_date, a.id`.execute(w.tx);
  const readable = new Set((await w.readable(rows.rows.map((r) => r.id), ["action"])).map((a) => a.id as string));
  return rows.rows.map((r) => r.id).filter((id) => readable.has(id));
}

const searchText = (title: string, m: Partial<MeetingTable>) => [title, m.venue_city ?? "", m.venue_country ?? "", m.date_start ?? ""].join(" ");

export async function createMeeting(w: Writer, input: MeetingCreate): Promise<ReadRecord> {
  const allowed = grantCreate(meetingPolicy, w.actor, "meeting");
  const { marking: mIn, ...f } = input;
  // Meetings of one forum are numbered one at a time: racing creates wait for each other here.
  const { forum, row: forumRow, members } = await forumOf(w, f.forumId, true);
  const marking = await markingWithin(w, mIn, forum, forumRow.compartment ? [forumRow.compartment] : []);
  await checkPeople(w, members, "coChairs", f.coChairs);
  await checkPeople(w, members, "participants", f.participants);
  await knownCountry(w, "venueCountry", f.venueCountry);
  const sequence = f.sequence ?? (await nextSequence(w, f.forumId));
  await claimSequence(w, f.forumId, sequence);
  const title = `${ordinal(sequence)} meeting of the ${forumRow.name}`;
  const row = { forum_id: f.forumId, sequence, date_start: f.dateStart ?? null, date_end: f.dateEnd ?? null, venue_city: f.venueCity ?? null, venue_country: f.venueCountry ?? null, status: "planned" as const };
  const rec = await createRecord(w, "meeting", { title, marking, searchText: searchText(title, row), snapshot: { ...f, sequence } }, { grant: allowed });
  await w.tx.insertInto("meetings").values({ id: rec.id, ...row }).execute();
  if (f.coChairs.length) await w.tx.insertInto("meeting_co_chairs").values(f.coChairs.map((c) => ({ meeting_id: rec.id, country: c.country, person_id: c.personId }))).execute();
  if (f.participants.length) {
    await w.tx.insertInto("meeting_participants").values(f.participants.map((p) => ({ meeting_id: rec.id, country: p.country, person_id: p.personId, role: p.role ?? null, attended: p.attended ? 1 : 0 }))).execute();
  }
  const template = await w.children("meeting_templates", [forum.id]).select("agenda").executeTakeFirst();
  const items = f.agenda ?? (template ? (JSON.parse(template.agenda) as string[]).map((t) => ({ title: t, notes: null, actionId: null })) : []);
  const carried = await openActionsOfPrevious(w, f.forumId, sequence);
  await writeAgenda(w, rec.id, [...items, ...carried.map((actionId) => ({ title: "Carried-over action", notes: null, actionId }))]);
  return rec;
}

export async function writeAgenda(w: Writer, meetingId: string, items: { title: string; notes?: string | null | undefined; actionId?: string | null | undefined }[]): Promise<void> {
  await w.tx.deleteFrom("agenda_items").where("meeting_id", "=", meetingId).execute();
  if (!items.length) return;
  await w.tx.insertInto("agenda_items").values(items.map((a, i) => ({ id: ulid(), meeting_id: meetingId, position: i + 1, title: a.title, notes: a.notes ?? null, action_id: a.actionId ?? null }))).execute();
}

/** What the meeting's policy decides from: its status, minutes and co-chairs. */
export async function meetingFacts(w: Writer, rec: ReadRecord): Promise<MeetingFacts & { forumId: string }> {
  const [m, chairs, versions, approvals] = await Promise.all([
    w.children("meetings", [rec.id]).select(["status", "forum_id", "date_start"]).executeTakeFirstOrThrow(),
    w.children("meeting_co_chairs", [rec.id]).select(["country", "person_id"]).execute(),
    w.children("minutes_versions", [rec.id]).select((eb) => eb.fn.max("version").as("v")).executeTakeFirst(),
    w.children("minutes_approvals", [rec.id]).select(["country", "version"]).execute(),
  ]);
  const latest = Number(versions?.v ?? 0) || null;
  const approvedBy = approvals.filter((a) => a.version === latest).map((a) => a.country);
  return {
    status: m.status, forumId: m.forum_id, latestVersion: latest, approvedBy, coChairs: chairs.map((c) => ({ country: c.country, personId: c.person_id })),
    started: hasStarted(m.date_start), anyApproval: approvals.length > 0,
  };
}

/** The secretariat's right to change any part of a meeting. */
export const editGrant = (w: Writer): Grant => grantByRole(meetingPolicy, w.actor, "edit", "meeting");

/** Records a change to a part of a meeting as a new version of it (the same rules and audit as any edit). */
export async function bumpMeeting(w: Writer, rec: ReadRecord, change: Record<string, unknown>, opts: { grant: Grant }): Promise<ReadRecord> {
  // The meeting as locked for this change (or as it already wrote it): a carry-over reaches a
  // meeting it did not start from, and takes its turn like any other change of it.
  const now = await w.get("meeting", rec.id);
  const m = await w.children("meetings", [now.id]).selectAll().executeTakeFirstOrThrow();
  return updateRecord(w, now, { title: now.title, marking: now.marking, searchText: searchText(now.title, m), snapshot: { ...m, change } }, { grant: opts.grant });
}

export async function updateMeeting(w: Writer, current: ReadRecord, patch: MeetingUpdate): Promise<ReadRecord> {
  const allowed = editGrant(w);
  const m = await w.children("meetings", [current.id]).selectAll().executeTakeFirstOrThrow();
  const { marking: mIn, version, coChairs, ...p } = patch;
  if (p.status && p.status !== m.status) await checkStatusChange(w, current, p.status);
  const next = {
    date_start: p.dateStart === undefined ? m.date_start : p.dateStart, date_end: p.dateEnd === undefined ? m.date_end : p.dateEnd,
    venue_city: p.venueCity === undefined ? m.venue_city : p.venueCity, venue_country: p.venueCountry === undefined ? m.venue_country : p.venueCountry,
    status: p.status ?? m.status,
  };
  if (next.date_start && next.date_end && next.date_start > next.date_end) throw invalid("dateEnd", "custom", "must not end before it starts");
  if ((p.status !== undefined || p.dateStart !== undefined) && next.status !== "planned" && !hasStarted(next.date_start)) {
    throw new AccordError("conflict", `A meeting is held on or after its first day (${next.date_start ?? "not set"}); today is ${todayDate()}.`, [{ field: next.status === m.status ? "dateStart" : "status", rule: "not_started", message: "the meeting has not started" }]);
  }
  if (coChairs) {
    const { members } = await forumOf(w, m.forum_id);
    await checkPeople(w, members, "coChairs", coChairs);
  }
  const marking = mIn ? await resolveMarking(w.tx, mIn, current.marking.originator) : current.marking;
  const rec = await updateRecord(w, current, { title: current.title, marking, searchText: searchText(current.title, { ...m, ...next }), snapshot: { ...m, ...next, coChairs } }, { grant: allowed, expectedVersion: version });
  await w.tx.updateTable("meetings").set(next).where("id", "=", current.id).execute();
  // Held with minutes drafted beforehand: they now await the co-chairs.
  if (next.status === "held" && m.status === "planned" && (await w.children("minutes_versions", [current.id]).select("version").limit(1).execute()).length) {
    await notify(w.tx, { event: "minutes_awaiting", record: rec, audience: { coChairsOf: current.id }, actor: w.viewer.id });
  }
  if (coChairs) {
    await w.tx.deleteFrom("meeting_co_chairs").where("meeting_id", "=", current.id).execute();
    if (coChairs.length) await w.tx.insertInto("meeting_co_chairs").values(coChairs.map((c) => ({ meeting_id: current.id, country: c.country, person_id: c.personId }))).execute();
  }
  return rec;
}

/**
 * Marking held, or undoing it, by the meeting policy's rules (the same that offer the controls):
 * held only once the first day has come; back to planned only while no co-chair has approved.
 */
async function checkStatusChange(w: Writer, rec: ReadRecord, to: "planned" | "held"): Promise<void> {
  const facts = await meetingFacts(w, rec);
  if (facts.status === "minutes_agreed") throw new AccordError("conflict", "The minutes of this meeting are agreed; its status no longer changes by hand.", [{ field: "status", rule: "minutes_agreed", message: "the minutes are agreed" }]);
  if (to === "planned" && facts.anyApproval) {
    throw new AccordError("conflict", "A co-chair has approved minutes of this meeting: it can no longer go back to planned.", [{ field: "status", rule: "has_approvals", message: "minutes have approvals" }]);
  }
}

/** The forum's next meeting after this one, if it is planned and the caller may read it. */
export async function nextMeeting(w: Writer, meetingId: string): Promise<ReadRecord | null> {
  const m = await w.tx.selectFrom("meetings").select(["forum_id", "sequence"]).where("id", "=", meetingId).executeTakeFirst();
  if (!m) return null;
  const [next] = await w.read(w.records("meeting").innerJoin("meetings as mt", "mt.id", "r.id").selectAll("r")
    .where("mt.forum_id", "=", m.forum_id).where("mt.sequence", ">", m.sequence).where("mt.status", "=", "planned")
    .orderBy("mt.sequence").limit(1));
  return next ?? null;
}
