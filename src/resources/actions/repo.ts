// Action items: owner, due date, status and dated progress updates. Members may update the
// actions they own (their person is the owner); the secretariat edits any it may read.
import { sql } from "kysely";
import { ulid } from "ulid";
import { AccordError, invalid } from "../../domain/errors.ts";
import type { Marking } from "../../domain/markings.ts";
import { mayEdit } from "../../domain/roles.ts";
import { readableBy, type Scope } from "../../store/access.ts";
import type { Conn, Tx } from "../../store/db.ts";
import { resolveMarking } from "../../store/markings.ts";
import { accessPlan, createRecord, isReadable, updateRecord } from "../../store/records.ts";
import type { RecordTable } from "../../store/schema.ts";
import { decodeCursor, nextCursor } from "../../http/pagination.ts";
import { meta, refOf, resolveRefs, withMarkings } from "../common.ts";
import type { Action, ActionCreate, ActionQuery, ActionUpdate } from "./schema.ts";

const today = () => new Date().toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

export async function actionsById(conn: Conn, scope: Scope, records: (RecordTable & { marking: Marking })[]): Promise<Action[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const [rows, updates, agenda] = await Promise.all([
    conn.selectFrom("actions").selectAll().where("id", "in", ids).execute(),
    conn.selectFrom("action_updates").selectAll().where("action_id", "in", ids).orderBy("at", "desc").execute(),
    conn.selectFrom("agenda_items").select(["action_id", "meeting_id"]).where("action_id", "in", ids).execute(),
  ]);
  const refs = await resolveRefs(conn, scope, [...rows.flatMap((a) => [a.meeting_id, a.forum_id, a.owner_organisation_id, a.owner_person_id]), ...agenda.map((a) => a.meeting_id)]);
  const byId = new Map(rows.map((a) => [a.id, a]));
  const now = today();
  return records.map((r) => {
    const a = byId.get(r.id)!;
    const late = a.due_date && (a.status === "open" || a.status === "in_progress") && a.due_date < now ? daysBetween(a.due_date, now) : null;
    return {
      ...meta(r, r.marking),
      title: r.title,
      description: a.description,
      meeting: refOf(refs, a.meeting_id),
      outcomeId: a.outcome_id,
      forum: refOf(refs, a.forum_id),
      owner: { country: a.owner_country, organisation: refOf(refs, a.owner_organisation_id), person: refOf(refs, a.owner_person_id) },
      dueDate: a.due_date,
      status: a.status,
      overdueDays: late,
      updates: updates.filter((u) => u.action_id === r.id).map((u) => ({ onDate: u.on_date, text: u.text, status: u.status, at: u.at })),
      onAgendaOf: agenda.filter((x) => x.action_id === r.id).map((x) => refOf(refs, x.meeting_id)!).filter((m) => !m.withheld),
    };
  });
}

async function checkOwner(tx: Tx, scope: Scope, owner: ActionCreate["owner"]): Promise<void> {
  if (!(await tx.selectFrom("countries").select("code").where("code", "=", owner.country).executeTakeFirst())) throw invalid("owner.country", "known_country", `unknown country ${owner.country}`);
  if (owner.organisationId && !(await isReadable(tx, scope, owner.organisationId, "organisation"))) throw invalid("owner.organisationId", "known_record", "no such organisation");
  if (owner.personId && !(await isReadable(tx, scope, owner.personId, "person"))) throw invalid("owner.personId", "known_record", "no such person");
}

const searchText = (title: string, description: string | null | undefined, owner: ActionCreate["owner"]) => [title, description ?? "", owner.country].join(" ");

export async function createAction(tx: Tx, scope: Scope, input: ActionCreate) {
  const { marking: mIn, ...f } = input;
  const marking = await resolveMarking(tx, mIn, scope.requireViewer().nationality);
  await checkOwner(tx, scope, f.owner);
  let forumId = f.forumId ?? null;
  if (f.meetingId) {
    if (!(await isReadable(tx, scope, f.meetingId, "meeting"))) throw invalid("meetingId", "known_record", "no such meeting");
    const m = await tx.selectFrom("meetings").select("forum_id").where("id", "=", f.meetingId).executeTakeFirstOrThrow();
    if (forumId && forumId !== m.forum_id) throw invalid("forumId", "matches_meeting", "must be the meeting's forum");
    forumId = m.forum_id;
    if (f.outcomeId && !(await tx.selectFrom("outcomes").select("id").where("id", "=", f.outcomeId).where("meeting_id", "=", f.meetingId).executeTakeFirst())) {
      throw invalid("outcomeId", "known_record", "no such outcome of that meeting");
    }
  } else if (f.outcomeId) {
    throw invalid("outcomeId", "needs_meeting", "an outcome needs its meeting");
  }
  if (forumId && !(await isReadable(tx, scope, forumId, "forum"))) throw invalid("forumId", "known_record", "no such forum");
  const { id, markingId } = await createRecord(tx, scope, "action", { title: f.title, marking, searchText: searchText(f.title, f.description, f.owner), snapshot: f });
  await tx.insertInto("actions").values({
    id, description: f.description ?? null, meeting_id: f.meetingId ?? null, outcome_id: f.outcomeId ?? null, forum_id: forumId,
    owner_country: f.owner.country, owner_organisation_id: f.owner.organisationId ?? null, owner_person_id: f.owner.personId ?? null,
    due_date: f.dueDate ?? null, status: f.status, marking_id: markingId,
  }).execute();
  return { id, marking };
}

/** True when the caller's person owns the action: members may then update it without a role. */
async function ownsAction(tx: Tx, scope: Scope, id: string): Promise<boolean> {
  const row = await tx.selectFrom("actions as a").innerJoin("users as u", "u.person_id", "a.owner_person_id")
    .select("a.id").where("a.id", "=", id).where("u.id", "=", scope.requireViewer().id).executeTakeFirst();
  return Boolean(row);
}

export async function updateAction(tx: Tx, scope: Scope, id: string, current: { marking: Marking }, patch: ActionUpdate) {
  const a = await tx.selectFrom("actions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const rec = await tx.selectFrom("records").select("title").where("id", "=", id).executeTakeFirstOrThrow();
  const { marking: mIn, version, ...p } = patch;
  const owner = p.owner ?? { country: a.owner_country, organisationId: a.owner_organisation_id, personId: a.owner_person_id };
  if (p.owner) await checkOwner(tx, scope, p.owner);
  const owns = await ownsAction(tx, scope, id);
  // An owner without an editing role may change only the status and description of their action.
  if (owns && !mayEdit(scope.requireViewer().roles, "action") && (p.owner || p.title || p.dueDate !== undefined || mIn)) {
    throw new AccordError("forbidden", "As the action's owner you may update its status and progress; ask the secretariat for other changes.");
  }
  const title = p.title ?? rec.title;
  const description = p.description === undefined ? a.description : p.description;
  const marking = mIn ? await resolveMarking(tx, mIn, current.marking.originator) : current.marking;
  await updateRecord(tx, scope, "action", id, { title, marking, searchText: searchText(title, description, owner), snapshot: { ...p, title } }, version, owns);
  await tx.updateTable("actions").set({
    description, owner_country: owner.country, owner_organisation_id: owner.organisationId ?? null, owner_person_id: owner.personId ?? null,
    due_date: p.dueDate === undefined ? a.due_date : p.dueDate, status: p.status ?? a.status,
  }).where("id", "=", id).execute();
  return { marking };
}

export async function addProgress(tx: Tx, scope: Scope, id: string, marking: Marking, u: { onDate: string; text: string; status?: ActionCreate["status"] | undefined }) {
  await updateAction(tx, scope, id, { marking }, u.status ? { status: u.status } : {});
  await tx.insertInto("action_updates").values({ id: ulid(), action_id: id, on_date: u.onDate, text: u.text, status: u.status ?? null, by_user: scope.requireViewer().id, at: new Date().toISOString() }).execute();
}

/**
 * Actions ordered by due date (undated last), filtered in SQL by the caller's markings through
 * the copy of the marking on the actions table: one index walk for broad and narrow readers.
 */
export async function listActions(conn: Conn, scope: Scope, q: ActionQuery) {
  const cur = decodeCursor(q.cursor);
  const due = sql<string>`coalesce(a.due_date, '9999-12-31')`;
  let query = conn.selectFrom("actions as a").innerJoin("records as r", "r.id", "a.id").selectAll("r")
    .select(due.as("due_key"))
    .where(readableBy(scope, "a.marking_id", await accessPlan(conn, scope, "actions")));
  if (q.forumId) query = query.where("a.forum_id", "=", q.forumId);
  if (q.meetingId) query = query.where("a.meeting_id", "=", q.meetingId);
  if (q.ownerCountry) query = query.where("a.owner_country", "=", q.ownerCountry);
  if (q.ownerOrganisationId) query = query.where("a.owner_organisation_id", "=", q.ownerOrganisationId);
  if (q.ownerPersonId) query = query.where("a.owner_person_id", "=", q.ownerPersonId);
  if (q.status) query = query.where("a.status", "=", q.status);
  if (q.dueBefore) query = query.where("a.due_date", "<", q.dueBefore);
  if (q.overdue === "true" || q.minDaysOverdue !== undefined) {
    const cutoff = new Date(Date.now() - (q.minDaysOverdue ?? 0) * 86_400_000).toISOString().slice(0, 10);
    query = query.where("a.status", "in", ["open", "in_progress"]).where("a.due_date", "<", q.minDaysOverdue ? cutoff : today());
  }
  if (cur) query = query.where((eb) => eb.or([eb(due, ">", cur.key), eb.and([eb(due, "=", cur.key), eb("a.id", ">", cur.id)])]));
  const rows = await query.orderBy(due).orderBy("a.id").limit(q.limit + 1).execute();
  const next = nextCursor(rows, q.limit, (r) => ({ key: r.due_key, id: r.id }));
  return { rows: await withMarkings(conn, rows.slice(0, q.limit)), nextCursor: next };
}
