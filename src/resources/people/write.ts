// People and their titles over time: creating and editing them.
import { ulid } from "ulid";
import { invalid } from "../../domain/errors.ts";
import { grant, grantCreate } from "../../domain/policy.ts";
import { resolveMarking } from "../../store/markings.ts";
import type { ReadRecord, Writer } from "../../store/reader.ts";
import { createRecord, updateRecord } from "../../store/records.ts";
import { knownCountry } from "../checks.ts";
import { personPolicy } from "./policy.ts";
import type { PersonCreate, PersonUpdate } from "./schema.ts";

type Fields = Omit<PersonCreate, "marking">;

async function checkFields(w: Writer, f: Partial<Fields>): Promise<void> {
  await knownCountry(w, "country", f.country);
  for (const [i, t] of (f.titles ?? []).entries()) {
    if (t.organisationId && !(await w.find("organisation", t.organisationId))) throw invalid(`titles.${i}.organisationId`, "known_record", "no such organisation");
  }
}

const searchText = (f: Fields) => [f.name, f.country, ...f.titles.map((t) => t.title)].join(" ");

async function writeTitles(w: Writer, personId: string, titles: Fields["titles"]): Promise<void> {
  await w.tx.deleteFrom("person_titles").where("person_id", "=", personId).execute();
  if (!titles.length) return;
  await w.tx.insertInto("person_titles").values(titles.map((t) => ({
    id: ulid(), person_id: personId, title: t.title, organisation_id: t.organisationId ?? null, from_date: t.from ?? null, to_date: t.to ?? null,
  }))).execute();
}

export async function createPerson(w: Writer, input: PersonCreate): Promise<ReadRecord> {
  const allowed = grantCreate(personPolicy, w.actor, "person");
  const { marking: mIn, ...f } = input;
  const marking = await resolveMarking(w.tx, mIn, w.viewer.nationality);
  await checkFields(w, f);
  const rec = await createRecord(w, "person", { title: f.name, marking, searchText: searchText(f), snapshot: f }, { grant: allowed });
  await w.tx.insertInto("people").values({ id: rec.id, name: f.name, country: f.country }).execute();
  await writeTitles(w, rec.id, f.titles);
  return rec;
}

export async function updatePerson(w: Writer, current: ReadRecord, patch: PersonUpdate): Promise<ReadRecord> {
  const allowed = grant(personPolicy, "edit", w.actor, undefined, "Your roles do not allow editing person records.");
  const row = await w.children("people", [current.id]).selectAll().executeTakeFirstOrThrow();
  const old = await w.children("person_titles", [current.id]).selectAll().execute();
  const { marking: mIn, version, ...p } = patch;
  const f: Fields = {
    name: p.name ?? row.name,
    country: p.country ?? row.country,
    titles: p.titles ?? old.map((t) => ({ title: t.title, organisationId: t.organisation_id, from: t.from_date, to: t.to_date })),
  };
  await checkFields(w, p);
  const marking = mIn ? await resolveMarking(w.tx, mIn, current.marking.originator) : current.marking;
  const rec = await updateRecord(w, current, { title: f.name, marking, searchText: searchText(f), snapshot: f }, { grant: allowed, expectedVersion: version });
  await w.tx.updateTable("people").set({ name: f.name, country: f.country }).where("id", "=", current.id).execute();
  if (p.titles) await writeTitles(w, current.id, p.titles);
  return rec;
}
