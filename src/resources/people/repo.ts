// People and their titles over time ("Director General, Ministry of Defence, from 2024").
import { sql } from "kysely";
import { ulid } from "ulid";
import { invalid } from "../../domain/errors.ts";
import type { Marking } from "../../domain/markings.ts";
import type { Scope } from "../../store/access.ts";
import type { Conn, Tx } from "../../store/db.ts";
import { resolveMarking } from "../../store/markings.ts";
import { createRecord, isReadable, updateRecord } from "../../store/records.ts";
import type { RecordTable } from "../../store/schema.ts";
import { meta, refOf, resolveRefs } from "../common.ts";
import type { Person, PersonCreate, PersonUpdate } from "./schema.ts";

type Fields = Omit<PersonCreate, "marking">;

export async function peopleById(conn: Conn, scope: Scope, records: (RecordTable & { marking: Marking })[]): Promise<Person[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const rows = await conn.selectFrom("people").selectAll().where("id", "in", ids).execute();
  const titles = await conn.selectFrom("person_titles").selectAll().where("person_id", "in", ids).orderBy("from_date", "desc").execute();
  const refs = await resolveRefs(conn, scope, titles.map((t) => t.organisation_id));
  const byId = new Map(rows.map((p) => [p.id, p]));
  const today = new Date().toISOString().slice(0, 10);
  return records.map((r) => {
    const p = byId.get(r.id)!;
    const mine = titles.filter((t) => t.person_id === r.id);
    const current = mine.find((t) => (!t.from_date || t.from_date <= today) && (!t.to_date || t.to_date >= today));
    return {
      ...meta(r, r.marking),
      name: p.name,
      country: p.country,
      titles: mine.map((t) => ({ title: t.title, organisation: refOf(refs, t.organisation_id), from: t.from_date, to: t.to_date })),
      currentTitle: current?.title ?? null,
    };
  });
}

async function checkFields(tx: Tx, scope: Scope, f: Partial<Fields>): Promise<void> {
  if (f.country && !(await tx.selectFrom("countries").select("code").where("code", "=", f.country).executeTakeFirst())) {
    throw invalid("country", "known_country", `unknown country ${f.country}`);
  }
  for (const [i, t] of (f.titles ?? []).entries()) {
    if (t.organisationId && !(await isReadable(tx, scope, t.organisationId, "organisation"))) {
      throw invalid(`titles.${i}.organisationId`, "known_record", "no such organisation");
    }
  }
}

const searchText = (f: Fields) => [f.name, f.country, ...f.titles.map((t) => t.title)].join(" ");

async function writeTitles(tx: Tx, personId: string, titles: Fields["titles"]): Promise<void> {
  await tx.deleteFrom("person_titles").where("person_id", "=", personId).execute();
  if (!titles.length) return;
  await tx.insertInto("person_titles").values(titles.map((t) => ({
    id: ulid(), person_id: personId, title: t.title, organisation_id: t.organisationId ?? null, from_date: t.from ?? null, to_date: t.to ?? null,
  }))).execute();
}

export async function createPerson(tx: Tx, scope: Scope, input: PersonCreate) {
  const { marking: mIn, ...f } = input;
  const marking = await resolveMarking(tx, mIn, scope.requireViewer().nationality);
  await checkFields(tx, scope, f);
  const { id } = await createRecord(tx, scope, "person", { title: f.name, marking, searchText: searchText(f), snapshot: f });
  await tx.insertInto("people").values({ id, name: f.name, country: f.country }).execute();
  await writeTitles(tx, id, f.titles);
  return { id, marking };
}

export async function updatePerson(tx: Tx, scope: Scope, id: string, current: { marking: Marking }, patch: PersonUpdate) {
  const row = await tx.selectFrom("people").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const old = await tx.selectFrom("person_titles").selectAll().where("person_id", "=", id).execute();
  const { marking: mIn, version, ...p } = patch;
  const f: Fields = {
    name: p.name ?? row.name,
    country: p.country ?? row.country,
    titles: p.titles ?? old.map((t) => ({ title: t.title, organisationId: t.organisation_id, from: t.from_date, to: t.to_date })),
  };
  await checkFields(tx, scope, p);
  const marking = mIn ? await resolveMarking(tx, mIn, current.marking.originator) : current.marking;
  await updateRecord(tx, scope, "person", id, { title: f.name, marking, searchText: searchText(f), snapshot: f }, version);
  await tx.updateTable("people").set({ name: f.name, country: f.country }).where("id", "=", id).execute();
  if (p.titles) await writeTitles(tx, id, p.titles);
  return { marking };
}

export const personFilter = { country: (c: string) => sql<boolean>`r.id in (select id from people where country = ${c})` };
