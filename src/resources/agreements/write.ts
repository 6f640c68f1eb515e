// Agreements: creating and editing them, with their parties, signatories and areas.
import { invalid } from "../../domain/errors.ts";
import { grant, grantCreate } from "../../domain/policy.ts";
import { resolveMarking } from "../../store/markings.ts";
import type { ReadRecord, Writer } from "../../store/reader.ts";
import { createRecord, updateRecord } from "../../store/records.ts";
import { knownAreas, knownCountry } from "../checks.ts";
import { agreementPolicy } from "./policy.ts";
import type { AgreementCreate, AgreementUpdate } from "./schema.ts";

type Fields = Omit<AgreementCreate, "marking">;

async function checkFields(w: Writer, f: Partial<Fields>): Promise<void> {
  for (const [i, p] of (f.parties ?? []).entries()) {
    await knownCountry(w, `parties.${i}.country`, p.country);
    if (p.organisationId && !(await w.find("organisation", p.organisationId))) throw invalid(`parties.${i}.organisationId`, "known_record", "no such organisation");
  }
  for (const [i, id] of (f.signatoryIds ?? []).entries()) {
    if (!(await w.find("person", id))) throw invalid(`signatoryIds.${i}`, "known_record", "no such person");
  }
  if (f.signedDuringId && !(await w.find("meeting", f.signedDuringId))) throw invalid("signedDuringId", "known_record", "no such meeting");
  await knownAreas(w, "areas", f.areas);
}

const searchText = (f: Fields) => [f.title, f.kind, f.signedAt ?? "", ...f.areas, ...f.parties.map((p) => p.country)].join(" ");

function columns(f: Fields) {
  return {
    agreement_kind: f.kind, status: f.status, signed_on: f.signedOn ?? null, signed_at: f.signedAt ?? null, signed_during: f.signedDuringId ?? null,
    valid_from: f.validFrom ?? null, valid_to: f.validTo ?? null, validity_years: f.validityYears ?? null, renewal_terms: f.renewalTerms ?? null,
  };
}

async function writeLinks(w: Writer, id: string, f: Fields): Promise<void> {
  await w.tx.deleteFrom("agreement_parties").where("agreement_id", "=", id).execute();
  await w.tx.deleteFrom("agreement_signatories").where("agreement_id", "=", id).execute();
  await w.tx.deleteFrom("agreement_areas").where("agreement_id", "=", id).execute();
  await w.tx.insertInto("agreement_parties").values(f.parties.map((p) => ({ agreement_id: id, country: p.country, organisation_id: p.organisationId ?? null }))).execute();
  const people = [...new Set(f.signatoryIds)];
  if (people.length) await w.tx.insertInto("agreement_signatories").values(people.map((person_id) => ({ agreement_id: id, person_id }))).execute();
  const areas = [...new Set(f.areas)];
  if (areas.length) await w.tx.insertInto("agreement_areas").values(areas.map((area) => ({ agreement_id: id, area }))).execute();
}

export async function createAgreement(w: Writer, input: AgreementCreate): Promise<ReadRecord> {
  const allowed = grantCreate(agreementPolicy, w.actor, "agreement");
  const { marking: mIn, ...f } = input;
  const marking = await resolveMarking(w.tx, mIn, w.viewer.nationality);
  await checkFields(w, f);
  const rec = await createRecord(w, "agreement", { title: f.title, marking, searchText: searchText(f), snapshot: f }, { grant: allowed });
  await w.tx.insertInto("agreements").values({ id: rec.id, ...columns(f) }).execute();
  await writeLinks(w, rec.id, f);
  return rec;
}

/** The stored agreement in its input form: what an edit merges into. */
async function fieldsOf(w: Writer, rec: ReadRecord): Promise<Fields> {
  const a = await w.children("agreements", [rec.id]).selectAll().executeTakeFirstOrThrow();
  const [parties, signatories, areas] = await Promise.all([
    w.children("agreement_parties", [rec.id]).selectAll().execute(),
    w.children("agreement_signatories", [rec.id]).select("person_id").execute(),
    w.children("agreement_areas", [rec.id]).select("area").orderBy("area").execute(),
  ]);
  return {
    kind: a.agreement_kind as Fields["kind"], title: rec.title, status: a.status as Fields["status"],
    parties: parties.map((x) => ({ country: x.country, organisationId: x.organisation_id })), signatoryIds: signatories.map((x) => x.person_id),
    signedOn: a.signed_on, signedAt: a.signed_at, signedDuringId: a.signed_during, areas: areas.map((x) => x.area),
    validFrom: a.valid_from, validTo: a.valid_to, validityYears: a.validity_years, renewalTerms: a.renewal_terms,
  };
}

export async function updateAgreement(w: Writer, current: ReadRecord, patch: AgreementUpdate): Promise<ReadRecord> {
  const allowed = grant(agreementPolicy, "edit", w.actor, undefined, "Your roles do not allow editing agreement records.");
  const { marking: mIn, version, ...p } = patch;
  const f: Fields = { ...(await fieldsOf(w, current)), ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) };
  if (f.validFrom && f.validTo && f.validFrom > f.validTo) throw invalid("validTo", "custom", "must not end before it starts");
  await checkFields(w, p);
  const marking = mIn ? await resolveMarking(w.tx, mIn, current.marking.originator) : current.marking;
  const rec = await updateRecord(w, current, { title: f.title, marking, searchText: searchText(f), snapshot: f }, { grant: allowed, expectedVersion: version });
  await w.tx.updateTable("agreements").set(columns(f)).where("id", "=", current.id).execute();
  await writeLinks(w, current.id, f);
  return rec;
}
