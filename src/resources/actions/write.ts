// Action items: owner, due date, status and dated progress updates. Members update the actions
// they own (their person is the owner); the secretariat edits any it may read.
import { ulid } from "ulid";
import { AccordError, invalid } from "../../domain/errors.ts";
import { grant, grantCreate } from "../../domain/policy.ts";
import { resolveMarking } from "../../store/markings.ts";
import type { ReadRecord, Writer } from "../../store/reader.ts";
import { createRecord, updateRecord } from "../../store/records.ts";
import { knownCountry } from "../checks.ts";
import { markingWithin } from "../inherit.ts";
import { actionPolicy, type ActionFacts } from "./policy.ts";
import type { ActionCreate, ActionUpdate } from "./schema.ts";
import { notify } from "../../notify/notify.ts";

async function checkOwner(w: Writer, owner: ActionCreate["owner"]): Promise<void> {
  await knownCountry(w, "owner.country", owner.country);
  if (owner.organisationId && !(await w.find("organisation", owner.organisationId))) throw invalid("owner.organisationId", "known_record", "no such organisation");
  if (owner.personId && !(await w.find("person", owner.personId))) throw invalid("owner.personId", "known_record", "no such person");
}

const searchText = (title: string, description: string | null | undefined, owner: ActionCreate["owner"]) => [title, description ?? "", owner.country].join(" ");

/** An action raised at a meeting belongs to its forum, follows from one of its outcomes, and starts with its marking. */
async function origin(w: Writer, f: Omit<ActionCreate, "marking">) {
  let forumId = f.forumId ?? null;
  let meeting: ReadRecord | null = null;
  if (f.meetingId) {
    meeting = await w.find("meeting", f.meetingId);
    if (!meeting) throw invalid("meetingId", "known_record", "no such meeting");
    const m = await w.children("meetings", [meeting.id]).select("forum_id").executeTakeFirstOrThrow();
    if (forumId && forumId !== m.forum_id) throw invalid("forumId", "matches_meeting", "must be the meeting's forum");
    forumId = m.forum_id;
    if (f.outcomeId && !(await w.children("outcomes", [meeting.id]).select("id").where("id", "=", f.outcomeId).executeTakeFirst())) {
      throw invalid("outcomeId", "known_record", "no such outcome of that meeting");
    }
  } else if (f.outcomeId) {
    throw invalid("outcomeId", "needs_meeting", "an outcome needs its meeting");
  }
  if (forumId && !(await w.find("forum", forumId))) throw invalid("forumId", "known_record", "no such forum");
  return { meeting, forumId };
}

export async function createAction(w: Writer, input: ActionCreate): Promise<ReadRecord> {
  const allowed = grantCreate(actionPolicy, w.actor, "action");
  const { marking: mIn, ...f } = input;
  await checkOwner(w, f.owner);
  const { meeting, forumId } = await origin(w, f);
  const marking = await markingWithin(w, mIn, meeting);
  const rec = await createRecord(w, "action", { title: f.title, marking, searchText: searchText(f.title, f.description, f.owner), snapshot: f }, { grant: allowed });
  await w.tx.insertInto("actions").values({
    id: rec.id, description: f.description ?? null, meeting_id: f.meetingId ?? null, outcome_id: f.outcomeId ?? null, forum_id: forumId,
    owner_country: f.owner.country, owner_organisation_id: f.owner.organisationId ?? null, owner_person_id: f.owner.personId ?? null,
    due_date: f.dueDate ?? null, status: f.status, marking_id: rec.marking_id,
  }).execute();
  if (f.status === "open" || f.status === "in_progress") {
    await notify(w.tx, { event: "action_assigned", record: rec, audience: { person: f.owner.personId ?? null, organisation: f.owner.organisationId ?? null }, actor: w.viewer.id });
  }
  return rec;
}

export async function updateAction(w: Writer, current: ReadRecord, patch: ActionUpdate): Promise<ReadRecord> {
  const a = await w.children("actions", [current.id]).selectAll().executeTakeFirstOrThrow();
  const facts: ActionFacts = { status: a.status, ownerPersonId: a.owner_person_id };
  const allowed = grant(actionPolicy, "update", w.actor, facts, "Your roles do not allow editing action records.");
  const { marking: mIn, version, ...p } = patch;
  // An owner without an editing role may change only the status and description of their action.
  if (!actionPolicy.rules.edit(w.actor, facts) && (p.owner || p.title || p.dueDate !== undefined || mIn)) {
    throw new AccordError("forbidden", "As the action's owner you may update its status and progress; ask the secretariat for other changes.");
  }
  const owner = p.owner ?? { country: a.owner_country, organisationId: a.owner_organisation_id, personId: a.owner_person_id };
  if (p.owner) await checkOwner(w, p.owner);
  const title = p.title ?? current.title;
  const description = p.description === undefined ? a.description : p.description;
  const marking = mIn ? await resolveMarking(w.tx, mIn, current.marking.originator) : current.marking;
  const rec = await updateRecord(w, current, { title, marking, searchText: searchText(title, description, owner), snapshot: { ...p, title } }, { grant: allowed, expectedVersion: version });
  await w.tx.updateTable("actions").set({
    description, owner_country: owner.country, owner_organisation_id: owner.organisationId ?? null, owner_person_id: owner.personId ?? null,
    due_date: p.dueDate === undefined ? a.due_date : p.dueDate, status: p.status ?? a.status,
  }).where("id", "=", current.id).execute();
  return rec;
}

export async function addProgress(w: Writer, current: ReadRecord, u: { onDate: string; text: string; status?: ActionCreate["status"] | undefined }): Promise<ReadRecord> {
  const rec = await updateAction(w, current, u.status ? { status: u.status } : {});
  await w.tx.insertInto("action_updates").values({ id: ulid(), action_id: current.id, on_date: u.onDate, text: u.text, status: u.status ?? null, by_user: w.viewer.id, at: new Date().toISOString() }).execute();
  return rec;
}
