// A programme's own row and child rows, loaded for many programmes at once, and its input form.
import type { ReadRecord, Reader } from "../../store/reader.ts";
import type { ProgrammeTable } from "../../store/schema.ts";
import type { ProgrammeCreate } from "./schema.ts";

export type Fields = Omit<ProgrammeCreate, "marking">;

/** Programmes' own rows and child rows, for many programmes in seven queries. */
export async function loadRows(reader: Reader, records: readonly ReadRecord[]) {
  const ids = records.map((r) => r.id);
  const [rows, partners, milestones, tot, costs, agreements, areas] = await Promise.all([
    reader.children("programmes", ids).selectAll().execute(),
    reader.children("programme_partners", ids).selectAll().orderBy("work_share", "desc").orderBy("organisation_id").execute(),
    reader.children("programme_milestones", ids).selectAll().orderBy("position").execute(),
    reader.children("programme_tot_phases", ids).selectAll().orderBy("position").execute(),
    reader.children("programme_cost_lines", ids).selectAll().orderBy("position").execute(),
    reader.children("programme_agreements", ids).selectAll().orderBy("agreement_id").execute(),
    reader.children("programme_areas", ids).selectAll().orderBy("area").execute(),
  ]);
  return { rows: new Map(rows.map((p) => [p.id, p])), partners, milestones, tot, costs, agreements, areas };
}
export type Rows = Awaited<ReturnType<typeof loadRows>>;

/** The stored programme in its input form: what an edit merges into and a version keeps. */
export function fieldsOf(title: string, p: ProgrammeTable, c: Rows): Fields {
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
