// Agreements: parties, signatories, areas, validity; references to people, organisations,
// the meeting they were signed at and their documents resolve through the access layer.
import { sql } from "kysely";
import { invalid } from "../../domain/errors.ts";
import type { Marking } from "../../domain/markings.ts";
import type { Scope } from "../../store/access.ts";
import type { Conn, Tx } from "../../store/db.ts";
import { resolveMarking } from "../../store/markings.ts";
import { createRecord, isReadable, updateRecord } from "../../store/records.ts";
import type { RecordTable } from "../../store/schema.ts";
import { meta, refOf, resolveRefs } from "../common.ts";
import type { Agreement, AgreementCreate, AgreementUpdate } from "./schema.ts";

type Fields = Omit<AgreementCreate, "marking">;

export function expiresOn(validTo: string | null, validFrom: string | null, signedOn: string | null, years: number | null): string | null {
  if (validTo) return validTo;
  const start = validFrom ?? signedOn;
  if (!start || !years) return null;
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export async function agreementsById(conn: Conn, scope: Scope, records: (RecordTable & { marking: Marking })[]): Promise<Agreement[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const [rows, parties, signatories, areas, docs] = await Promise.all([
    conn.selectFrom("agreements").selectAll().where("id", "in", ids).execute(),
    conn.selectFrom("agreement_parties").selectAll().where("agreement_id", "in", ids).execute(),
    conn.selectFrom("agreement_signatories").selectAll().where("agreement_id", "in", ids).execute(),
    conn.selectFrom("agreement_areas").selectAll().where("agreement_id", "in", ids).orderBy("area").execute(),
    conn.selectFrom("documents").select(["id", "attached_to"]).where("attached_to", "in", ids).execute(),
  ]);
  const refs = await resolveRefs(conn, scope, [
    ...parties.map((p) => p.organisation_id), ...signatories.map((s) => s.person_id), ...rows.map((a) => a.signed_during), ...docs.map((d) => d.id),
  ]);
  const byId = new Map(rows.map((a) => [a.id, a]));
  return records.map((r) => {
    const a = byId.get(r.id)!;
    return {
      ...meta(r, r.marking),
      agreementKind: a.agreement_kind as Agreement["agreementKind"],
      title: r.title,
      status: a.status as Agreement["status"],
      parties: parties.filter((p) => p.agreement_id === r.id).map((p) => ({ country: p.country, organisation: refOf(refs, p.organisation_id) })),
      signatories: signatories.filter((s) => s.agreement_id === r.id).map((s) => refOf(refs, s.person_id)!),
      signedOn: a.signed_on,
      signedAt: a.signed_at,
      signedDuring: refOf(refs, a.signed_during),
      areas: areas.filter((x) => x.agreement_id === r.id).map((x) => x.area),
      validFrom: a.valid_from,
      validTo: a.valid_to,
      validityYears: a.validity_years,
      renewalTerms: a.renewal_terms,
      expiresOn: expiresOn(a.valid_to, a.valid_from, a.signed_on, a.validity_years),
      // Withheld documents are not even counted: their number would tell something.
      documents: docs.filter((d) => d.attached_to === r.id).map((d) => refOf(refs, d.id)!).filter((d) => !d.withheld),
    };
  });
}

async function checkFields(tx: Tx, scope: Scope, f: Partial<Fields>): Promise<void> {
  for (const [i, p] of (f.parties ?? []).entries()) {
    if (!(await tx.selectFrom("countries").select("code").where("code", "=", p.country).executeTakeFirst())) throw invalid(`parties.${i}.country`, "known_country", `unknown country ${p.country}`);
    if (p.organisationId && !(await isReadable(tx, scope, p.organisationId, "organisation"))) throw invalid(`parties.${i}.organisationId`, "known_record", "no such organisation");
  }
  for (const [i, id] of (f.signatoryIds ?? []).entries()) {
    if (!(await isReadable(tx, scope, id, "person"))) throw invalid(`signatoryIds.${i}`, "known_record", "no such person");
  }
  if (f.signedDuringId && !(await tx.selectFrom("records").select("id").where("id", "=", f.signedDuringId).where("kind", "=", "meeting").executeTakeFirst()
    .then((r) => r && isReadable(tx, scope, r.id)))) {
    throw invalid("signedDuringId", "known_record", "no such meeting");
  }
  if (f.areas?.length) {
    const known = new Set((await tx.selectFrom("cooperation_areas").select("code").where("code", "in", f.areas).execute()).map((a) => a.code));
    for (const [i, a] of f.areas.entries()) if (!known.has(a)) throw invalid(`areas.${i}`, "known_area", `unknown cooperation area ${a}`);
  }
}

const searchText = (f: Fields) => [f.title, f.kind, f.signedAt ?? "", ...f.areas, ...f.parties.map((p) => p.country)].join(" ");

function columns(f: Fields) {
  return {
    agreement_kind: f.kind, status: f.status, signed_on: f.signedOn ?? null, signed_at: f.signedAt ?? null, signed_during: f.signedDuringId ?? null,
    valid_from: f.validFrom ?? null, valid_to: f.validTo ?? null, validity_years: f.validityYears ?? null, renewal_terms: f.renewalTerms ?? null,
  };
}

async function writeLinks(tx: Tx, id: string, f: Fields): Promise<void> {
  await tx.deleteFrom("agreement_parties").where("agreement_id", "=", id).execute();
  await tx.deleteFrom("agreement_signatories").where("agreement_id", "=", id).execute();
  await tx.deleteFrom("agreement_areas").where("agreement_id", "=", id).execute();
  await tx.insertInto("agreement_parties").values(f.parties.map((p) => ({ agreement_id: id, country: p.country, organisation_id: p.organisationId ?? null }))).execute();
  const people = [...new Set(f.signatoryIds)];
  if (people.length) await tx.insertInto("agreement_signatories").values(people.map((person_id) => ({ agreement_id: id, person_id }))).execute();
  const areas = [...new Set(f.areas)];
  if (areas.length) await tx.insertInto("agreement_areas").values(areas.map((area) => ({ agreement_id: id, area }))).execute();
}

export async function createAgreement(tx: Tx, scope: Scope, input: AgreementCreate) {
  const { marking: mIn, ...f } = input;
  const marking = await resolveMarking(tx, mIn, scope.requireViewer().nationality);
  await checkFields(tx, scope, f);
  const { id } = await createRecord(tx, scope, "agreement", { title: f.title, marking, searchText: searchText(f), snapshot: f });
  await tx.insertInto("agreements").values({ id, ...columns(f) }).execute();
  await writeLinks(tx, id, f);
  return { id, marking };
}

export async function updateAgreement(tx: Tx, scope: Scope, id: string, current: { marking: Marking }, patch: AgreementUpdate) {
  const [existing] = await agreementsById(tx, scope, [{ ...(await tx.selectFrom("records").selectAll().where("id", "=", id).executeTakeFirstOrThrow()), marking: current.marking }]);
  const a = existing!;
  const { marking: mIn, version, ...p } = patch;
  const f: Fields = {
    kind: p.kind ?? a.agreementKind, title: p.title ?? a.title, status: p.status ?? a.status,
    parties: p.parties ?? (await tx.selectFrom("agreement_parties").selectAll().where("agreement_id", "=", id).execute()).map((x) => ({ country: x.country, organisationId: x.organisation_id })),
    signatoryIds: p.signatoryIds ?? (await tx.selectFrom("agreement_signatories").select("person_id").where("agreement_id", "=", id).execute()).map((x) => x.person_id),
    signedOn: p.signedOn === undefined ? a.signedOn : p.signedOn,
    signedAt: p.signedAt === undefined ? a.signedAt : p.signedAt,
    signedDuringId: p.signedDuringId === undefined ? ((await tx.selectFrom("agreements").select("signed_during").where("id", "=", id).executeTakeFirstOrThrow()).signed_during) : p.signedDuringId,
    areas: p.areas ?? a.areas,
    validFrom: p.validFrom === undefined ? a.validFrom : p.validFrom,
    validTo: p.validTo === undefined ? a.validTo : p.validTo,
    validityYears: p.validityYears === undefined ? a.validityYears : p.validityYears,
    renewalTerms: p.renewalTerms === undefined ? a.renewalTerms : p.renewalTerms,
  };
  if (f.validFrom && f.validTo && f.validFrom > f.validTo) throw invalid("validTo", "custom", "must not end before it starts");
  await checkFields(tx, scope, p);
  const marking = mIn ? await resolveMarking(tx, mIn, current.marking.originator) : current.marking;
  await updateRecord(tx, scope, "agreement", id, { title: f.title, marking, searchText: searchText(f), snapshot: f }, version);
  await tx.updateTable("agreements").set(columns(f)).where("id", "=", id).execute();
  await writeLinks(tx, id, f);
  return { marking };
}

export const agreementFilter = {
  status: (s: string) => sql<boolean>`r.id in (select id from agreements where status = ${s})`,
  area: (a: string) => sql<boolean>`r.id in (select agreement_id from agreement_areas where area = ${a})`,
  country: (c: string) => sql<boolean>`r.id in (select agreement_id from agreement_parties where country = ${c})`,
};
