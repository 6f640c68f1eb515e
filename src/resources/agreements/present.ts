// Agreements in API form: parties, signatories, areas, validity; references to people,
// organisations, the meeting they were signed at and their documents, withheld when unreadable.
import { decide } from "../../domain/policy.ts";
import type { ReadRecord, Reader } from "../../store/reader.ts";
import { meta, refOf } from "../common.ts";
import { agreementPolicy } from "./policy.ts";
import type { Agreement } from "./schema.ts";

/** The end of validity: validTo, or validFrom (else signedOn) plus validityYears. */
export function expiresOn(validTo: string | null, validFrom: string | null, signedOn: string | null, years: number | null): string | null {
  if (validTo) return validTo;
  const start = validFrom ?? signedOn;
  if (!start || !years) return null;
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export async function presentAgreements(reader: Reader, records: ReadRecord[]): Promise<Agreement[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const [rows, parties, signatories, areas, docs] = await Promise.all([
    reader.children("agreements", ids).selectAll().execute(),
    reader.children("agreement_parties", ids).selectAll().execute(),
    reader.children("agreement_signatories", ids).selectAll().execute(),
    reader.children("agreement_areas", ids).selectAll().orderBy("area").execute(),
    // Only documents the reader may read: the number of the others would tell something.
    reader.linked("document", "documents", "attached_to", ids),
  ]);
  const refs = await reader.refs([...parties.map((p) => p.organisation_id), ...signatories.map((s) => s.person_id), ...rows.map((a) => a.signed_during)]);
  const byId = new Map(rows.map((a) => [a.id, a]));
  const policies = decide(agreementPolicy, reader.actor, undefined);
  return records.map((r) => {
    const a = byId.get(r.id)!;
    return Object.assign(meta(r, policies), {
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
      documents: docs.filter((d) => d.link === r.id).map((d) => ({ id: d.id as string, kind: d.kind, title: d.title, withheld: false as const })),
    });
  });
}
