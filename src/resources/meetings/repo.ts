// Meetings of a forum, numbered within it ("the 17th JWG"). Creating one puts the open actions
// of the forum's previous meeting on its agenda (carry-over), after the forum's template items.
import { sql } from "kysely";
import { ulid } from "ulid";
import { AccordError, invalid } from "../../domain/errors.ts";
import type { Marking } from "../../domain/markings.ts";
import type { Scope } from "../../store/access.ts";
import type { Conn, Tx } from "../../store/db.ts";
import { resolveMarking } from "../../store/markings.ts";
import { createRecord, isReadable, readableRecords, updateRecord } from "../../store/records.ts";
import type { MeetingTable, RecordTable } from "../../store/schema.ts";
import { meta, refOf, resolveRefs } from "../common.ts";
import { ordinal } from "./ordinal.ts";
import type { Meeting, MeetingCreate, MeetingUpdate } from "./schema.ts";

export async function meetingsById(conn: Conn, scope: Scope, records: (RecordTable & { marking: Marking })[]): Promise<Meeting[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const [rows, chairs, people, agenda, outcomes, approvals, versions, actions] = await Promise.all([
    conn.selectFrom("meetings").selectAll().where("id", "in", ids).execute(),
    conn.selectFrom("meeting_co_chairs").selectAll().where("meeting_id", "in", ids).orderBy("country").execute(),
    conn.selectFrom("meeting_participants").selectAll().where("meeting_id", "in", ids).orderBy("country").execute(),
    conn.selectFrom("agenda_items").selectAll().where("meeting_id", "in", ids).orderBy("position").execute(),
    conn.selectFrom("outcomes").selectAll().where("meeting_id", "in", ids).orderBy("position").execute(),
    conn.selectFrom("minutes_approvals").selectAll().where("meeting_id", "in", ids).orderBy("approved_at").execute(),
    conn.selectFrom("minutes_versions").select(["meeting_id", "version"]).where("meeting_id", "in", ids).execute(),
    conn.selectFrom("actions").select(["id", "meeting_id"]).where("meeting_id", "in", ids).execute(),
  ]);
  const actionIds = [...agenda.map((a) => a.action_id), ...actions.map((a) => a.id)];
  const refs = await resolveRefs(conn, scope, [...rows.map((m) => m.forum_id), ...chairs.map((c) => c.person_id), ...people.map((p) => p.person_id), ...actionIds]);
  // Status and due date only of the carried actions the caller may read.
  const readableActions = new Set([...refs.values()].filter((r) => !r.withheld && r.kind === "action").map((r) => r.id!));
  const actionRows = readableActions.size ? await conn.selectFrom("actions").select(["id", "status", "due_date"]).where("id", "in", [...readableActions]).execute() : [];
  const byId = new Map(rows.map((m) => [m.id, m]));
  return records.map((r) => {
    const m = byId.get(r.id)!;
    const mine = <T extends { meeting_id: string | null }>(xs: T[]) => xs.filter((x) => x.meeting_id === r.id);
    const latest = Math.max(0, ...mine(versions).map((v) => v.version)) || null;
    return {
      ...meta(r, r.marking),
      title: r.title,
      forum: refOf(refs, m.forum_id)!,
      sequence: m.sequence,
      dateStart: m.date_start,
      dateEnd: m.date_end,
      venueCity: m.venue_city,
      venueCountry: m.venue_country,
      status: m.status,
      coChairs: mine(chairs).map((c) => ({ country: c.country, person: refOf(refs, c.person_id)! })),
      participants: mine(people).map((p) => ({ country: p.country, person: refOf(refs, p.person_id)!, role: p.role, attended: p.attended === 1 })),
      agenda: mine(agenda).map((a) => {
        const row = actionRows.find((x) => x.id === a.action_id);
        return {
          id: a.id, position: a.position, title: a.title, notes: a.notes,
          action: a.action_id ? { record: refOf(refs, a.action_id)!, status: row?.status ?? null, dueDate: row?.due_date ?? null } : null,
        };
      }),
      outcomes: mine(outcomes).map((o) => ({ id: o.id, position: o.position, text: o.text })),
      minutes: {
        latestVersion: latest,
        agreedVersion: m.status === "minutes_agreed" ? latest : null,
        approvals: mine(approvals).map((a) => ({ version: a.version, country: a.country, approvedAt: a.approved_at })),
      },
      actions: mine(actions).map((a) => refOf(refs, a.id)!).filter((a) => !a.withheld),
    };
  });
}

async function forumOf(tx: Tx, scope: Scope, forumId: string) {
  if (!(await isReadable(tx, scope, forumId, "forum"))) throw invalid("forumId", "known_record", "no such forum");
  const forum = await tx.selectFrom("forums").selectAll().where("id", "=", forumId).executeTakeFirstOrThrow();
  const members = (await tx.selectFrom("forum_members").select("country").where("forum_id", "=", forumId).execute()).map((m) => m.country);
  return { forum, members };
}

async function checkPeople(tx: Tx, scope: Scope, members: string[], field: string, people: { country: string; personId: string }[]): Promise<void> {
  for (const [i, p] of people.entries()) {
    if (field === "coChairs" && !members.includes(p.country)) throw invalid(`${field}.${i}.country`, "forum_member", `${p.country} is not a member of this forum`);
    if (!(await isReadable(tx, scope, p.personId, "person"))) throw invalid(`${field}.${i}.personId`, "known_record", "no such person");
  }
}

/** The number a new meeting gets when none is given: after the forum's highest, readable or not. */
async function nextSequence(tx: Tx, forumId: string): Promise<number> {
  const row = await tx.selectFrom("meetings").select((eb) => eb.fn.max("sequence").as("n")).where("forum_id", "=", forumId).executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

/** Open actions raised at, or carried to, the forum's meeting before `sequence`. */
export async function openActionsOfPrevious(tx: Tx, forumId: string, sequence: number): Promise<string[]> {
  const prev = await tx.selectFrom("meetings").select("id").where("forum_id", "=", forumId).where("sequence", "<", sequence).orderBy("sequence", "desc").limit(1).executeTakeFirst();
  if (!prev) return [];
  const rows = await sql<{ id: string }>`
    select a.id from actions a where a.status in ('open', 'in_progress')
      and (a.meeting_id = ${prev.id} or a.id in (select action_id from agenda_items where meeting_id = ${prev.id} and action_id is not null))
    order by a.due_date, a.id`.execute(tx);
  return rows.rows.map((r) => r.id);
}

const searchText = (title: string, m: Partial<MeetingTable>) => [title, m.venue_city ?? "", m.venue_country ?? "", m.date_start ?? ""].join(" ");

export async function createMeeting(tx: Tx, scope: Scope, input: MeetingCreate) {
  const { marking: mIn, ...f } = input;
  const marking = await resolveMarking(tx, mIn, scope.requireViewer().nationality);
  const { forum, members } = await forumOf(tx, scope, f.forumId);
  await checkPeople(tx, scope, members, "coChairs", f.coChairs);
  await checkPeople(tx, scope, members, "participants", f.participants);
  if (f.venueCountry && !(await tx.selectFrom("countries").select("code").where("code", "=", f.venueCountry).executeTakeFirst())) throw invalid("venueCountry", "known_country", `unknown country ${f.venueCountry}`);
  const sequence = f.sequence ?? (await nextSequence(tx, f.forumId));
  if (await tx.selectFrom("meetings").select("id").where("forum_id", "=", f.forumId).where("sequence", "=", sequence).executeTakeFirst()) {
    throw new AccordError("conflict", `This forum already has a ${ordinal(sequence)} meeting.`, [{ field: "sequence", rule: "unique_in_forum", message: `${ordinal(sequence)} is taken` }]);
  }
  const title = `${ordinal(sequence)} meeting of the ${forum.name}`;
  const row = { forum_id: f.forumId, sequence, date_start: f.dateStart ?? null, date_end: f.dateEnd ?? null, venue_city: f.venueCity ?? null, venue_country: f.venueCountry ?? null, status: "planned" as const };
  const { id } = await createRecord(tx, scope, "meeting", { title, marking, searchText: searchText(title, row), snapshot: { ...f, sequence } });
  await tx.insertInto("meetings").values({ id, ...row }).execute();
  if (f.coChairs.length) await tx.insertInto("meeting_co_chairs").values(f.coChairs.map((c) => ({ meeting_id: id, country: c.country, person_id: c.personId }))).execute();
  if (f.participants.length) {
    await tx.insertInto("meeting_participants").values(f.participants.map((p) => ({ meeting_id: id, country: p.country, person_id: p.personId, role: p.role ?? null, attended: p.attended ? 1 : 0 }))).execute();
  }
  const template = await tx.selectFrom("meeting_templates").select("agenda").where("forum_id", "=", f.forumId).executeTakeFirst();
  const items = f.agenda ?? (template ? (JSON.parse(template.agenda) as string[]).map((title) => ({ title, notes: null, actionId: null })) : []);
  const carried = await openActionsOfPrevious(tx, f.forumId, sequence);
  await writeAgenda(tx, id, [...items, ...carried.map((actionId) => ({ title: "Carried-over action", notes: null, actionId }))]);
  return { id, marking };
}

export async function writeAgenda(tx: Tx, meetingId: string, items: { title: string; notes?: string | null | undefined; actionId?: string | null | undefined }[]): Promise<void> {
  await tx.deleteFrom("agenda_items").where("meeting_id", "=", meetingId).execute();
  if (!items.length) return;
  await tx.insertInto("agenda_items").values(items.map((a, i) => ({ id: ulid(), meeting_id: meetingId, position: i + 1, title: a.title, notes: a.notes ?? null, action_id: a.actionId ?? null }))).execute();
}

/**
 * Records a change to any part of a meeting as a new version of it (rules and audit as for any
 * edit). `permitted`: the caller has a right that is not a role (a co-chair approving minutes).
 */
export async function bumpMeeting(tx: Tx, scope: Scope, id: string, marking: Marking, change: Record<string, unknown>, permitted = false) {
  const rec = await tx.selectFrom("records").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const m = await tx.selectFrom("meetings").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  await updateRecord(tx, scope, "meeting", id, { title: rec.title, marking, searchText: searchText(rec.title, m), snapshot: { ...m, change } }, undefined, permitted);
}

export async function updateMeeting(tx: Tx, scope: Scope, id: string, current: { marking: Marking }, patch: MeetingUpdate) {
  const m = await tx.selectFrom("meetings").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const { marking: mIn, version, coChairs, ...p } = patch;
  if (p.status && m.status === "minutes_agreed") throw new AccordError("conflict", "The minutes of this meeting are agreed; its status no longer changes by hand.");
  const next = {
    date_start: p.dateStart === undefined ? m.date_start : p.dateStart, date_end: p.dateEnd === undefined ? m.date_end : p.dateEnd,
    venue_city: p.venueCity === undefined ? m.venue_city : p.venueCity, venue_country: p.venueCountry === undefined ? m.venue_country : p.venueCountry,
    status: p.status ?? m.status,
  };
  if (next.date_start && next.date_end && next.date_start > next.date_end) throw invalid("dateEnd", "custom", "must not end before it starts");
  if (coChairs) {
    const { members } = await forumOf(tx, scope, m.forum_id);
    await checkPeople(tx, scope, members, "coChairs", coChairs);
  }
  const marking = mIn ? await resolveMarking(tx, mIn, current.marking.originator) : current.marking;
  const rec = await tx.selectFrom("records").select("title").where("id", "=", id).executeTakeFirstOrThrow();
  await updateRecord(tx, scope, "meeting", id, { title: rec.title, marking, searchText: searchText(rec.title, { ...m, ...next }), snapshot: { ...m, ...next, coChairs } }, version);
  await tx.updateTable("meetings").set(next).where("id", "=", id).execute();
  if (coChairs) {
    await tx.deleteFrom("meeting_co_chairs").where("meeting_id", "=", id).execute();
    if (coChairs.length) await tx.insertInto("meeting_co_chairs").values(coChairs.map((c) => ({ meeting_id: id, country: c.country, person_id: c.personId }))).execute();
  }
  return { marking };
}

/** The forum's next meeting after this one, if it is planned and the caller may read it. */
export async function nextMeeting(tx: Tx, scope: Scope, meetingId: string): Promise<string | null> {
  const m = await tx.selectFrom("meetings").select(["forum_id", "sequence"]).where("id", "=", meetingId).executeTakeFirstOrThrow();
  const row = await readableRecords(tx, scope, "meeting").innerJoin("meetings as mt", "mt.id", "r.id").select("mt.id")
    .where("mt.forum_id", "=", m.forum_id).where("mt.sequence", ">", m.sequence).where("mt.status", "=", "planned")
    .orderBy("mt.sequence").limit(1).executeTakeFirst();
  return row?.id ?? null;
}

export const meetingFilter = {
  forum: (id: string) => sql<boolean>`r.id in (select id from meetings where forum_id = ${id})`,
  status: (s: string) => sql<boolean>`r.id in (select id from meetings where status = ${s})`,
};
