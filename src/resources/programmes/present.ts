// Programmes in API form: partners and agreements as references (withheld agreements not even
// counted), milestones and transfer phases, and indigenous content against its threshold.
import { decide } from "../../domain/policy.ts";
import type { ReadRecord, Reader, Refs } from "../../store/reader.ts";
import { meta, refOf } from "../common.ts";
import { computeIc } from "./ic.ts";
import { thresholdKey, thresholdsFor, type IcThreshold } from "./ic-thresholds.ts";
import { heldToOrganisation, programmePolicy } from "./policy.ts";
import { fieldsOf, loadRows, type Fields } from "./rows.ts";
import type { Programme } from "./schema.ts";

function indigenousContent(f: Fields, threshold: IcThreshold | undefined): Programme["indigenousContent"] {
  const ic = computeIc(f.costLines, threshold);
  return {
    category: f.acquisitionCategory ?? null, tableVersion: f.icTableVersion ?? null, minimumPercent: ic.minimumPercent, icPercent: ic.icPercent,
    compliant: ic.compliant, basePrice: ic.basePrice, deductions: ic.imported, basis: threshold?.basis ?? null, breakdown: ic.breakdown,
  };
}

function present(r: ReadRecord, f: Fields, refs: Refs, thresholds: Map<string, IcThreshold>, policies: Programme["policies"]): Programme {
  const threshold = f.icTableVersion && f.acquisitionCategory ? thresholds.get(thresholdKey(f.icTableVersion, f.acquisitionCategory)) : undefined;
  const dated = <T extends { plannedOn?: string | null | undefined; actualOn?: string | null | undefined }>(s: T) => ({ ...s, plannedOn: s.plannedOn ?? null, actualOn: s.actualOn ?? null });
  return Object.assign(meta(r, policies), {
    programmeKind: f.kind, title: r.title, description: f.description ?? null, areas: f.areas, stage: f.stage,
    partners: f.partners.map((p) => ({ organisation: refOf(refs, p.organisationId)!, role: p.role, workShare: p.workShare })),
    milestones: f.milestones.map(dated), totPhases: f.totPhases.map(dated),
    value: f.value ?? null, currency: f.currency ?? null,
    // Withheld agreements are not even counted: their number would tell something.
    agreements: f.agreementIds.map((id) => refOf(refs, id)!).filter((a) => !a.withheld),
    compartment: f.compartment ?? null, buyerCountry: f.buyerCountry ?? null, acquisitionCategory: f.acquisitionCategory ?? null, icTableVersion: f.icTableVersion ?? null,
    costLines: f.costLines, indigenousContent: indigenousContent(f, threshold),
  });
}

export async function presentProgrammes(reader: Reader, records: ReadRecord[]): Promise<Programme[]> {
  if (!records.length) return [];
  const c = await loadRows(reader, records);
  const fields = records.map((r) => fieldsOf(r.title, c.rows.get(r.id)!, c));
  const refs = await reader.refs(fields.flatMap((f) => [...f.partners.map((p) => p.organisationId), ...f.agreementIds]));
  const thresholds = await thresholdsFor(reader, fields.flatMap((f) => (f.icTableVersion && f.acquisitionCategory ? [{ version: f.icTableVersion, category: f.acquisitionCategory }] : [])));
  const actor = reader.actor;
  const actorOrganisation = heldToOrganisation(actor) ? await reader.organisation() : null;
  return records.map((r, i) => present(r, fields[i]!, refs, thresholds, decide(programmePolicy, actor, { partners: fields[i]!.partners.map((p) => p.organisationId), actorOrganisation })));
}
