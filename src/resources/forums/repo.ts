// Forums: standing bodies (a JWG, its sub-working groups, dialogues) with member countries and
// each country's co-chair role; a template for the agenda of their recurring meetings.
import { sql } from "kysely";
import { invalid } from "../../domain/errors.ts";
import type { Marking } from "../../domain/markings.ts";
import type { Scope } from "../../store/access.ts";
import type { Conn, Tx } from "../../store/db.ts";
import { resolveMarking } from "../../store/markings.ts";
import { createRecord, isReadable, updateRecord } from "../../store/records.ts";
import type { RecordTable } from "../../store/schema.ts";
import { meta, refOf, resolveRefs } from "../common.ts";
import type { Forum, ForumCreate, ForumUpdate } from "./schema.ts";

type Fields = Omit<ForumCreate, "marking">;

export async function forumsById(conn: Conn, scope: Scope, records: (RecordTable & { marking: Marking })[]): Promise<Forum[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const [rows, members, templates] = await Promise.all([
    conn.selectFrom("forums").selectAll().where("id", "in", ids).execute(),
    conn.selectFrom("forum_members").selectAll().where("forum_id", "in", ids).orderBy("country").execute(),
    conn.selectFrom("meeting_templates").selectAll().where("forum_id", "in", ids).execute(),
  ]);
  const refs = await resolveRefs(conn, scope, rows.flatMap((f) => [f.parent_id, f.terms_of_reference_id]));
  const byId = new Map(rows.map((f) => [f.id, f]));
  return records.map((r) => {
    const f = byId.get(r.id)!;
    const t = templates.find((x) => x.forum_id === r.id);
    return {
      ...meta(r, r.marking),
      name: f.name,
      forumKind: f.forum_kind as Forum["forumKind"],
      members: members.filter((m) => m.forum_id === r.id).map((m) => ({ country: m.country, coChairRole: m.co_chair_role })),
      parent: refOf(refs, f.parent_id),
      establishedOn: f.established_on,
      termsOfReference: refOf(refs, f.terms_of_reference_id),
      compartment: f.compartment,
      template: t ? { agenda: JSON.parse(t.agenda) as string[], durationDays: t.duration_days } : null,
    };
  });
}

async function checkFields(tx: Tx, scope: Scope, f: Partial<Fields>, selfId?: string): Promise<void> {
  for (const [i, m] of (f.members ?? []).entries()) {
    if (!(await tx.selectFrom("countries").select("code").where("code", "=", m.country).executeTakeFirst())) throw invalid(`members.${i}.country`, "known_country", `unknown country ${m.country}`);
  }
  if (f.parentId && (f.parentId === selfId || !(await isReadable(tx, scope, f.parentId, "forum")))) throw invalid("parentId", "known_record", "no such forum");
  if (f.termsOfReferenceId && !(await isReadable(tx, scope, f.termsOfReferenceId, "agreement"))) throw invalid("termsOfReferenceId", "known_record", "no such agreement");
  if (f.compartment && !(await tx.selectFrom("compartments").select("code").where("code", "=", f.compartment).executeTakeFirst())) {
    throw invalid("compartment", "known_compartment", `unknown compartment ${f.compartment}`);
  }
}

const columns = (f: Fields) => ({
  name: f.name, forum_kind: f.kind, parent_id: f.parentId ?? null, established_on: f.establishedOn ?? null,
  terms_of_reference_id: f.termsOfReferenceId ?? null, compartment: f.compartment ?? null,
});
const searchText = (f: Fields) => [f.name, f.kind, ...f.members.map((m) => `${m.country} ${m.coChairRole ?? ""}`)].join(" ");

async function writeMembers(tx: Tx, id: string, members: Fields["members"]): Promise<void> {
  await tx.deleteFrom("forum_members").where("forum_id", "=", id).execute();
  await tx.insertInto("forum_members").values(members.map((m) => ({ forum_id: id, country: m.country, co_chair_role: m.coChairRole ?? null }))).execute();
}

export async function createForum(tx: Tx, scope: Scope, input: ForumCreate) {
  const { marking: mIn, ...f } = input;
  const marking = await resolveMarking(tx, mIn, scope.requireViewer().nationality);
  await checkFields(tx, scope, f);
  const { id } = await createRecord(tx, scope, "forum", { title: f.name, marking, searchText: searchText(f), snapshot: f });
  await tx.insertInto("forums").values({ id, ...columns(f) }).execute();
  await writeMembers(tx, id, f.members);
  return { id, marking };
}

export async function updateForum(tx: Tx, scope: Scope, id: string, current: { marking: Marking }, patch: ForumUpdate) {
  const row = await tx.selectFrom("forums").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const members = await tx.selectFrom("forum_members").selectAll().where("forum_id", "=", id).execute();
  const { marking: mIn, version, ...p } = patch;
  const keep = <T>(v: T | undefined, old: T) => (v === undefined ? old : v);
  const f: Fields = {
    name: p.name ?? row.name, kind: p.kind ?? (row.forum_kind as Fields["kind"]),
    members: p.members ?? members.map((m) => ({ country: m.country, coChairRole: m.co_chair_role })),
    parentId: keep(p.parentId, row.parent_id), establishedOn: keep(p.establishedOn, row.established_on),
    termsOfReferenceId: keep(p.termsOfReferenceId, row.terms_of_reference_id), compartment: keep(p.compartment, row.compartment),
  };
  await checkFields(tx, scope, p, id);
  const marking = mIn ? await resolveMarking(tx, mIn, current.marking.originator) : current.marking;
  await updateRecord(tx, scope, "forum", id, { title: f.name, marking, searchText: searchText(f), snapshot: f }, version);
  await tx.updateTable("forums").set(columns(f)).where("id", "=", id).execute();
  if (p.members) await writeMembers(tx, id, p.members);
  return { marking };
}

export const forumFilter = {
  kind: (k: string) => sql<boolean>`r.id in (select id from forums where forum_kind = ${k})`,
  country: (c: string) => sql<boolean>`r.id in (select forum_id from forum_members where country = ${c})`,
};
