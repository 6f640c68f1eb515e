// Programmes: creating and editing them, with partners and work share, milestones, transfer
// phases, linked agreements, areas and cost lines. Industry users are held to their own programmes.
import { ulid } from "ulid";
import { AccordError, invalid } from "../../domain/errors.ts";
import type { Marking } from "../../domain/markings.ts";
import { grantByRole, grantCreate } from "../../domain/policy.ts";
import { resolveMarking } from "../../store/markings.ts";
import type { ReadRecord, Writer } from "../../store/reader.ts";
import { createRecord, updateRecord } from "../../store/records.ts";
import { knownAreas, knownCountry } from "../checks.ts";
import { checkIcCategory } from "./ic-thresholds.ts";
import { heldToOrganisation, mayEditProgramme, programmePolicy } from "./policy.ts";
import { fieldsOf, loadRows, type Fields } from "./rows.ts";
import { sharesComplete, valuePriced, type ProgrammeCreate, type ProgrammeUpdate } from "./schema.ts";

/** The compartment is the programme's need-to-know group, so its marking must carry it. */
function assertCompartmentMarked(compartment: string | null | undefined, marking: Marking): void {
  if (compartment && !marking.compartments.includes(compartment)) {
    throw invalid("marking.compartments", "includes_compartment", `must include the programme's compartment ${compartment}`);
  }
}

async function checkFields(w: Writer, f: Partial<Fields>): Promise<void> {
  const seen = new Set<string>();
  for (const [i, p] of (f.partners ?? []).entries()) {
    if (seen.has(p.organisationId)) throw invalid(`partners.${i}.organisationId`, "unique", "the organisation is listed twice");
    seen.add(p.organisationId);
    if (!(await w.find("organisation", p.organisationId))) throw invalid(`partners.${i}.organisationId`, "known_record", "no such organisation");
  }
  for (const [i, id] of (f.agreementIds ?? []).entries()) {
    if (!(await w.find("agreement", id))) throw invalid(`agreementIds.${i}`, "known_record", "no such agreement");
  }
  await knownAreas(w, "areas", f.areas);
  await knownCountry(w, "buyerCountry", f.buyerCountry);
}

const searchText = (f: Fields) => [f.title, f.kind, f.stage, f.description ?? "", f.compartment ?? "", ...f.areas].join(" ");

const columns = (f: Fields) => ({
  programme_kind: f.kind, stage: f.stage, value: f.value ?? null, currency: f.currency ?? null, compartment: f.compartment ?? null,
  buyer_country: f.buyerCountry ?? null, acquisition_category: f.acquisitionCategory ?? null, ic_table_version: f.icTableVersion ?? null, description: f.description ?? null,
});

const CHILD_TABLES = ["programme_partners", "programme_milestones", "programme_tot_phases", "programme_agreements", "programme_areas", "programme_cost_lines"] as const;

/** Child rows are replaced whole: lists in the API are the programme's state, not deltas. */
async function writeChildren(w: Writer, id: string, f: Fields): Promise<void> {
  for (const t of CHILD_TABLES) await w.tx.deleteFrom(t).where("programme_id", "=", id).execute();
  const insert = async <T extends (typeof CHILD_TABLES)[number]>(t: T, rows: object[]) => {
    if (rows.length) await w.tx.insertInto(t).values(rows as never).execute();
  };
  await insert("programme_partners", f.partners.map((p) => ({ programme_id: id, organisation_id: p.organisationId, role: p.role, work_share: p.workShare })));
  await insert("programme_milestones", f.milestones.map((m, position) => ({ id: ulid(), programme_id: id, title: m.title, planned_on: m.plannedOn ?? null, actual_on: m.actualOn ?? null, status: m.status, position })));
  await insert("programme_tot_phases", f.totPhases.map((t, position) => ({ id: ulid(), programme_id: id, phase: t.phase, planned_on: t.plannedOn ?? null, actual_on: t.actualOn ?? null, status: t.status, position })));
  await insert("programme_agreements", [...new Set(f.agreementIds)].map((agreement_id) => ({ programme_id: id, agreement_id })));
  await insert("programme_areas", [...new Set(f.areas)].map((area) => ({ programme_id: id, area })));
  await insert("programme_cost_lines", f.costLines.map((l, position) => ({ id: ulid(), programme_id: id, description: l.description, line_kind: l.kind, origin: l.origin, amount: l.amount, position })));
}

/**
 * Industry users create and edit only programmes their organisation is a partner of (SPEC 3.3):
 * the programme policy's edit rule, applied to the partners before and after the change.
 */
async function assertPartner(w: Writer, partners: readonly { organisationId: string }[]): Promise<void> {
  if (!heldToOrganisation(w.actor)) return;
  if (!mayEditProgramme(w.actor, { partners: partners.map((p) => p.organisationId), actorOrganisation: await w.organisation() })) {
    throw new AccordError("forbidden", "Industry users may create and edit only programmes in which their own organisation is a partner.");
  }
}

export async function createProgramme(w: Writer, input: ProgrammeCreate): Promise<ReadRecord> {
  const allowed = grantCreate(programmePolicy, w.actor, "programme");
  const { marking: mIn, ...f } = input;
  await assertPartner(w, f.partners);
  const marking = await resolveMarking(w.tx, mIn, w.viewer.nationality);
  assertCompartmentMarked(f.compartment, marking);
  await checkFields(w, f);
  await checkIcCategory(w, f.icTableVersion ?? null, f.acquisitionCategory ?? null);
  const rec = await createRecord(w, "programme", { title: f.title, marking, searchText: searchText(f), snapshot: f }, { grant: allowed });
  await w.tx.insertInto("programmes").values({ id: rec.id, ...columns(f) }).execute();
  await writeChildren(w, rec.id, f);
  return rec;
}

export async function updateProgramme(w: Writer, current: ReadRecord, patch: ProgrammeUpdate): Promise<ReadRecord> {
  const allowed = grantByRole(programmePolicy, w.actor, "edit", "programme");
  const c = await loadRows(w, [current]);
  const was = fieldsOf(current.title, c.rows.get(current.id)!, c);
  await assertPartner(w, was.partners);
  // Nor may an industry user hand the programme to partners that exclude its own organisation.
  if (patch.partners) await assertPartner(w, patch.partners);
  const { marking: mIn, version, ...p } = patch;
  const f: Fields = { ...was, ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) };
  if (!sharesComplete(f.partners)) throw invalid("partners", "custom", "work shares must add up to 100");
  if (!valuePriced(f)) throw invalid("currency", "custom", "a value needs its currency");
  const marking = mIn ? await resolveMarking(w.tx, mIn, current.marking.originator) : current.marking;
  assertCompartmentMarked(f.compartment, marking);
  await checkFields(w, p);
  await checkIcCategory(w, f.icTableVersion ?? null, f.acquisitionCategory ?? null);
  const rec = await updateRecord(w, current, { title: f.title, marking, searchText: searchText(f), snapshot: f }, { grant: allowed, expectedVersion: version });
  await w.tx.updateTable("programmes").set(columns(f)).where("id", "=", current.id).execute();
  await writeChildren(w, current.id, f);
  return rec;
}
