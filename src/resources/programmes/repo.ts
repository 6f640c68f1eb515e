// Programmes: partners and work share, stage, milestones, technology-transfer phases, cost
// lines and the indigenous content computed from them. References to organisations and
// agreements resolve through the access layer; industry users are held to their own programmes.
import { sql } from "kysely";
import { ulid } from "ulid";
import { AccordError, invalid } from "../../domain/errors.ts";
import type { Marking } from "../../domain/markings.ts";
import { mayEdit } from "../../domain/roles.ts";
import type { Scope } from "../../store/access.ts";
import type { Conn, Tx } from "../../store/db.ts";
import { resolveMarking } from "../../store/markings.ts";
import { createRecord, isReadable, updateRecord } from "../../store/records.ts";
import type { ProgrammeTable, RecordTable } from "../../store/schema.ts";
import { meta, refOf, resolveRefs, type Reference } from "../common.ts";
import { computeIc } from "./ic.ts";
import { checkIcCategory, thresholdKey, thresholdsFor, type IcThreshold } from "./ic-thresholds.ts";
import { sharesComplete, valuePriced, type Programme, type ProgrammeCreate, type ProgrammeUpdate } from "./schema.ts";

type Fields = Omit<ProgrammeCreate, "marking">;
type Loaded = RecordTable & { marking: Marking };

/** Programmes' own rows and child rows, for many programmes in seven queries. */
async function loadRows(conn: Conn, ids: string[]) {
  const [rows, partners, milestones, tot, costs, agreements, areas] = await Promise.all([
    conn.selectFrom("programmes").selectAll().where("id", "in", ids).execute(),
    conn.selectFrom("programme_partners").selectAll().where("programme_id", "in", ids).orderBy("work_share", "desc").orderBy("organisation_id").execute(),
    conn.selectFrom("programme_milestones").selectAll().where("programme_id", "in", ids).orderBy("position").execute(),
    conn.selectFrom("programme_tot_phases").selectAll().where("programme_id", "in", ids).orderBy("position").execute(),
    conn.selectFrom("programme_cost_lines").selectAll().where("programme_id", "in", ids).orderBy("position").execute(),
    conn.selectFrom("programme_agreements").selectAll().where("programme_id", "in", ids).orderBy("agreement_id").execute(),
    conn.selectFrom("programme_areas").selectAll().where("programme_id", "in", ids).orderBy("area").execute(),
  ]);
  return { rows: new Map(rows.map((p) => [p.id, p])), partners, milestones, tot, costs, agreements, areas };
}
type Rows = Awaited<ReturnType<typeof loadRows>>;

/** The stored programme in its input form: what an edit merges into and a version keeps. */
function fieldsOf(title: string, p: ProgrammeTable, c: Rows): Fields {
  const mine = <T extends { programme_id: string }>(xs: T[]) => xs.filter((x) => x.programme_id === p.id);
  return {
    kind: p.programme_kind as Fields["kind"], title, description: p.description, stage: p.stage as Fields["stage"],
    areas: mine(c.areas).map((a) => a.area),
    partners: mine(c.partners).map((x) => ({ organisationId: x.organisation_id, role: x.role as Fields["partners"][number]["role"], workShare: Number(x.work_share) })),
    milestones: mine(c.milestones).map((m) => ({ title: m.title, plannedOn: m.planned_on, actualOn: m.actual_on, status: m.status as Fields["milestones"][number]["status"] })),
    totPhases: mine(c.tot).map((t) => ({ phase: t.phase as Fields["totPhases"][number]["phase"], plannedOn: t.planned_on, actualOn: t.actual_on, status: t.status as Fields["totPhases"][number]["status"] })),
    value: p.value === null ? null : Number(p.value), currency: p.currency,
    agreementIds: mine(c.agreements).map((a) => a.agreement_id),
    compartment: p.compartment, buyerCountry: p.buyer_country, acquisitionCategory: p.acquisition_category, icTableVersion: p.ic_table_version,
    costLines: mine(c.costs).map((l) => ({ description: l.description, kind: l.line_kind as Fields["costLines"][number]["kind"], origin: l.origin as Fields["costLines"][number]["origin"], amount: Number(l.amount) })),
  };
}

function indigenousContent(f: Fields, threshold: IcThreshold | undefined): Programme["indigenousContent"] {
  const ic = computeIc(f.costLines, threshold);
  return {
    category: f.acquisitionCategory ?? null, tableVersion: f.icTableVersion ?? null, minimumPercent: ic.minimumPercent, icPercent: ic.icPercent,
    compliant: ic.compliant, basePrice: ic.basePrice, deductions: ic.imported, basis: threshold?.basis ?? null, breakdown: ic.breakdown,
  };
}

function present(r: Loaded, f: Fields, refs: Map<string, Reference>, thresholds: Map<string, IcThreshold>): Programme {
  const threshold = f.icTableVersion && f.acquisitionCategory ? thresholds.get(thresholdKey(f.icTableVersion, f.acquisitionCategory)) : undefined;
  const dated = <T extends { plannedOn?: string | null | undefined; actualOn?: string | null | undefined }>(s: T) => ({ ...s, plannedOn: s.plannedOn ?? null, actualOn: s.actualOn ?? null });
  return {
    ...meta(r, r.marking),
    programmeKind: f.kind, title: r.title, description: f.description ?? null, areas: f.areas, stage: f.stage,
    partners: f.partners.map((p) => ({ organisation: refOf(refs, p.organisationId)!, role: p.role, workShare: p.workShare })),
    milestones: f.milestones.map(dated), totPhases: f.totPhases.map(dated),
    value: f.value ?? null, currency: f.currency ?? null,
    // Withheld agreements are not even counted: their number would tell something.
    agreements: f.agreementIds.map((id) => refOf(refs, id)!).filter((a) => !a.withheld),
    compartment: f.compartment ?? null, buyerCountry: f.buyerCountry ?? null, acquisitionCategory: f.acquisitionCategory ?? null, icTableVersion: f.icTableVersion ?? null,
    costLines: f.costLines, indigenousContent: indigenousContent(f, threshold),
  };
}

export async function programmesById(conn: Conn, scope: Scope, records: Loaded[]): Promise<Programme[]> {
  if (!records.length) return [];
  const c = await loadRows(conn, records.map((r) => r.id));
  const fields = records.map((r) => fieldsOf(r.title, c.rows.get(r.id)!, c));
  const refs = await resolveRefs(conn, scope, fields.flatMap((f) => [...f.partners.map((p) => p.organisationId), ...f.agreementIds]));
  const thresholds = await thresholdsFor(conn, fields.flatMap((f) => (f.icTableVersion && f.acquisitionCategory ? [{ version: f.icTableVersion, category: f.acquisitionCategory }] : [])));
  return records.map((r, i) => present(r, fields[i]!, refs, thresholds));
}

/**
 * Industry users edit only programmes their organisation is a partner of (SPEC 3.3). A user
 * who also holds another editing role for programmes is not limited by this one.
 */
async function assertIndustryPartner(tx: Tx, scope: Scope, partnerIds: string[]): Promise<void> {
  const v = scope.requireViewer();
  if (!v.roles.includes("industry") || mayEdit(v.roles.filter((r) => r !== "industry"), "programme")) return;
  const u = await tx.selectFrom("users").select("organisation_id").where("id", "=", v.id).executeTakeFirst();
  if (!u?.organisation_id || !partnerIds.includes(u.organisation_id)) {
    throw new AccordError("forbidden", "Industry users may create and edit only programmes in which their own organisation is a partner.");
  }
}

/** The compartment is the programme's need-to-know group, so its marking must carry it. */
function assertCompartmentMarked(compartment: string | null | undefined, marking: Marking): void {
  if (compartment && !marking.compartments.includes(compartment)) {
    throw invalid("marking.compartments", "includes_compartment", `must include the programme's compartment ${compartment}`);
  }
}

async function checkFields(tx: Tx, scope: Scope, f: Partial<Fields>): Promise<void> {
  const seen = new Set<string>();
  for (const [i, p] of (f.partners ?? []).entries()) {
    if (seen.has(p.organisationId)) throw invalid(`partners.${i}.organisationId`, "unique", "the organisation is listed twice");
    seen.add(p.organisationId);
    if (!(await isReadable(tx, scope, p.organisationId, "organisation"))) throw invalid(`partners.${i}.organisationId`, "known_record", "no such organisation");
  }
  for (const [i, id] of (f.agreementIds ?? []).entries()) {
    if (!(await isReadable(tx, scope, id, "agreement"))) throw invalid(`agreementIds.${i}`, "known_record", "no such agreement");
  }
  if (f.areas?.length) {
    const known = new Set((await tx.selectFrom("cooperation_areas").select("code").where("code", "in", f.areas).execute()).map((a) => a.code));
    for (const [i, a] of f.areas.entries()) if (!known.has(a)) throw invalid(`areas.${i}`, "known_area", `unknown cooperation area ${a}`);
  }
  if (f.buyerCountry && !(await tx.selectFrom("countries").select("code").where("code", "=", f.buyerCountry).executeTakeFirst())) {
    throw invalid("buyerCountry", "known_country", `unknown country ${f.buyerCountry}`);
  }
}

const searchText = (f: Fields) => [f.title, f.kind, f.stage, f.description ?? "", f.compartment ?? "", ...f.areas].join(" ");

const columns = (f: Fields) => ({
  programme_kind: f.kind, stage: f.stage, value: f.value ?? null, currency: f.currency ?? null, compartment: f.compartment ?? null,
  buyer_country: f.buyerCountry ?? null, acquisition_category: f.acquisitionCategory ?? null, ic_table_version: f.icTableVersion ?? null, description: f.description ?? null,
});

const CHILD_TABLES = ["programme_partners", "programme_milestones", "programme_tot_phases", "programme_agreements", "programme_areas", "programme_cost_lines"] as const;

/** Child rows are replaced whole: lists in the API are the programme's state, not deltas. */
async function writeChildren(tx: Tx, id: string, f: Fields): Promise<void> {
  for (const t of CHILD_TABLES) await tx.deleteFrom(t).where("programme_id", "=", id).execute();
  const insert = async <T extends (typeof CHILD_TABLES)[number]>(t: T, rows: object[]) => {
    if (rows.length) await tx.insertInto(t).values(rows as never).execute();
  };
  await insert("programme_partners", f.partners.map((p) => ({ programme_id: id, organisation_id: p.organisationId, role: p.role, work_share: p.workShare })));
  await insert("programme_milestones", f.milestones.map((m, position) => ({ id: ulid(), programme_id: id, title: m.title, planned_on: m.plannedOn ?? null, actual_on: m.actualOn ?? null, status: m.status, position })));
  await insert("programme_tot_phases", f.totPhases.map((t, position) => ({ id: ulid(), programme_id: id, phase: t.phase, planned_on: t.plannedOn ?? null, actual_on: t.actualOn ?? null, status: t.status, position })));
  await insert("programme_agreements", [...new Set(f.agreementIds)].map((agreement_id) => ({ programme_id: id, agreement_id })));
  await insert("programme_areas", [...new Set(f.areas)].map((area) => ({ programme_id: id, area })));
  await insert("programme_cost_lines", f.costLines.map((l, position) => ({ id: ulid(), programme_id: id, description: l.description, line_kind: l.kind, origin: l.origin, amount: l.amount, position })));
}

export async function createProgramme(tx: Tx, scope: Scope, input: ProgrammeCreate) {
  const { marking: mIn, ...f } = input;
  await assertIndustryPartner(tx, scope, f.partners.map((p) => p.organisationId));
  const marking = await resolveMarking(tx, mIn, scope.requireViewer().nationality);
  assertCompartmentMarked(f.compartment, marking);
  await checkFields(tx, scope, f);
  await checkIcCategory(tx, f.icTableVersion ?? null, f.acquisitionCategory ?? null);
  const { id } = await createRecord(tx, scope, "programme", { title: f.title, marking, searchText: searchText(f), snapshot: f });
  await tx.insertInto("programmes").values({ id, ...columns(f) }).execute();
  await writeChildren(tx, id, f);
  return { id, marking };
}

export async function updateProgramme(tx: Tx, scope: Scope, id: string, current: { marking: Marking }, patch: ProgrammeUpdate) {
  const rec = await tx.selectFrom("records").select("title").where("id", "=", id).executeTakeFirstOrThrow();
  const c = await loadRows(tx, [id]);
  const was = fieldsOf(rec.title, c.rows.get(id)!, c);
  await assertIndustryPartner(tx, scope, was.partners.map((p) => p.organisationId));
  // Nor may an industry user hand the programme to partners that exclude its own organisation.
  if (patch.partners) await assertIndustryPartner(tx, scope, patch.partners.map((p) => p.organisationId));
  const { marking: mIn, version, ...p } = patch;
  const f: Fields = { ...was, ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) };
  if (!sharesComplete(f.partners)) throw invalid("partners", "custom", "work shares must add up to 100");
  if (!valuePriced(f)) throw invalid("currency", "custom", "a value needs its currency");
  const marking = mIn ? await resolveMarking(tx, mIn, current.marking.originator) : current.marking;
  assertCompartmentMarked(f.compartment, marking);
  await checkFields(tx, scope, p);
  await checkIcCategory(tx, f.icTableVersion ?? null, f.acquisitionCategory ?? null);
  await updateRecord(tx, scope, "programme", id, { title: f.title, marking, searchText: searchText(f), snapshot: f }, version);
  await tx.updateTable("programmes").set(columns(f)).where("id", "=", id).execute();
  await writeChildren(tx, id, f);
  return { marking };
}

export const programmeFilter = {
  kind: (k: string) => sql<boolean>`r.id in (select id from programmes where programme_kind = ${k})`,
  stage: (s: string) => sql<boolean>`r.id in (select id from programmes where stage = ${s})`,
  area: (a: string) => sql<boolean>`r.id in (select programme_id from programme_areas where area = ${a})`,
  partner: (o: string) => sql<boolean>`r.id in (select programme_id from programme_partners where organisation_id = ${o})`,
};
