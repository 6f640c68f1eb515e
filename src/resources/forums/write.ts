// Forums: standing bodies (a JWG, its sub-working groups, dialogues) with member countries and
// each country's co-chair role; a template for the agenda of their recurring meetings.
import type { z } from "zod";
import { invalid } from "../../domain/errors.ts";
import { grant, grantCreate } from "../../domain/policy.ts";
import { resolveMarking } from "../../store/markings.ts";
import type { ReadRecord, Writer } from "../../store/reader.ts";
import { createRecord, updateRecord } from "../../store/records.ts";
import { knownCompartment, knownCountry } from "../checks.ts";
import { forumPolicy } from "./policy.ts";
import type { ForumCreate, ForumUpdate, TemplateIn } from "./schema.ts";

type Fields = Omit<ForumCreate, "marking">;

async function checkFields(w: Writer, f: Partial<Fields>, selfId?: string): Promise<void> {
  for (const [i, m] of (f.members ?? []).entries()) await knownCountry(w, `members.${i}.country`, m.country);
  if (f.parentId && (f.parentId === selfId || !(await w.find("forum", f.parentId)))) throw invalid("parentId", "known_record", "no such forum");
  if (f.termsOfReferenceId && !(await w.find("agreement", f.termsOfReferenceId))) throw invalid("termsOfReferenceId", "known_record", "no such agreement");
  await knownCompartment(w, "compartment", f.compartment);
}

const columns = (f: Fields) => ({
  name: f.name, forum_kind: f.kind, parent_id: f.parentId ?? null, established_on: f.establishedOn ?? null,
  terms_of_reference_id: f.termsOfReferenceId ?? null, compartment: f.compartment ?? null,
});
const searchText = (f: Fields) => [f.name, f.kind, ...f.members.map((m) => `${m.country} ${m.coChairRole ?? ""}`)].join(" ");

async function writeMembers(w: Writer, id: string, members: Fields["members"]): Promise<void> {
  await w.tx.deleteFrom("forum_members").where("forum_id", "=", id).execute();
  await w.tx.insertInto("forum_members").values(members.map((m) => ({ forum_id: id, country: m.country, co_chair_role: m.coChairRole ?? null }))).execute();
}

/** The stored forum in its input form: what an edit merges into and a version keeps. */
async function fieldsOf(w: Writer, rec: ReadRecord): Promise<Fields> {
  const row = await w.children("forums", [rec.id]).selectAll().executeTakeFirstOrThrow();
  const members = await w.children("forum_members", [rec.id]).selectAll().orderBy("country").execute();
  return {
    name: row.name, kind: row.forum_kind as Fields["kind"], members: members.map((m) => ({ country: m.country, coChairRole: m.co_chair_role })),
    parentId: row.parent_id, establishedOn: row.established_on, termsOfReferenceId: row.terms_of_reference_id, compartment: row.compartment,
  };
}

export async function createForum(w: Writer, input: ForumCreate): Promise<ReadRecord> {
  const allowed = grantCreate(forumPolicy, w.actor, "forum");
  const { marking: mIn, ...f } = input;
  const marking = await resolveMarking(w.tx, mIn, w.viewer.nationality);
  await checkFields(w, f);
  const rec = await createRecord(w, "forum", { title: f.name, marking, searchText: searchText(f), snapshot: f }, { grant: allowed });
  await w.tx.insertInto("forums").values({ id: rec.id, ...columns(f) }).execute();
  await writeMembers(w, rec.id, f.members);
  return rec;
}

export async function updateForum(w: Writer, current: ReadRecord, patch: ForumUpdate): Promise<ReadRecord> {
  const allowed = grant(forumPolicy, "edit", w.actor, undefined, "Your roles do not allow editing forum records.");
  const { marking: mIn, version, ...p } = patch;
  const f: Fields = { ...(await fieldsOf(w, current)), ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) };
  await checkFields(w, p, current.id);
  const marking = mIn ? await resolveMarking(w.tx, mIn, current.marking.originator) : current.marking;
  const rec = await updateRecord(w, current, { title: f.name, marking, searchText: searchText(f), snapshot: f }, { grant: allowed, expectedVersion: version });
  await w.tx.updateTable("forums").set(columns(f)).where("id", "=", current.id).execute();
  if (p.members) await writeMembers(w, current.id, p.members);
  return rec;
}

/** A template change is an edit of the forum: the same rules, a new version. */
export async function setTemplate(w: Writer, current: ReadRecord, template: z.infer<typeof TemplateIn>): Promise<ReadRecord> {
  const allowed = grant(forumPolicy, "edit", w.actor, undefined, "Your roles do not allow editing forum records.");
  const f = await fieldsOf(w, current);
  const rec = await updateRecord(w, current, { title: current.title, marking: current.marking, searchText: searchText(f), snapshot: { ...f, template } }, { grant: allowed });
  await w.tx.deleteFrom("meeting_templates").where("forum_id", "=", current.id).execute();
  await w.tx.insertInto("meeting_templates").values({ forum_id: current.id, agenda: JSON.stringify(template.agenda), duration_days: template.durationDays, updated_at: new Date().toISOString() }).execute();
  return rec;
}
