import { sql } from "kysely";
import { defineKind, filtersOf, shown } from "../kind.ts";
import { programmePolicy } from "./policy.ts";
import { presentProgrammes } from "./present.ts";
import { icThresholdRoutes } from "./routes.ts";
import { PARTNER_ROLES, Programme, PROGRAMME_KINDS, ProgrammeCreate, ProgrammeQuery, ProgrammeUpdate, STAGES, STEP_STATUSES, TOT_PHASES } from "./schema.ts";
import { COST_KINDS, ORIGINS } from "./ic.ts";
import { createProgramme, updateProgramme } from "./write.ts";

export const programmeKind = defineKind({
  kind: "programme",
  path: "programmes",
  tables: ["programmes", "programme_partners", "programme_milestones", "programme_tot_phases", "programme_agreements", "programme_areas", "programme_cost_lines"],
  schemas: { Item: Programme, Create: ProgrammeCreate, Update: ProgrammeUpdate, Query: ProgrammeQuery },
  policy: programmePolicy,
  present: presentProgrammes,
  create: createProgramme,
  update: updateProgramme,
  filters: (q) => filtersOf(q, {
    kind: (k) => sql<boolean>`r.id in (select id from programmes where programme_kind = ${k})`,
    stage: (s) => sql<boolean>`r.id in (select id from programmes where stage = ${s})`,
    area: (a) => sql<boolean>`r.id in (select programme_id from programme_areas where area = ${a})`,
    partnerId: (o) => sql<boolean>`r.id in (select programme_id from programme_partners where organisation_id = ${o})`,
  }),
  facets: ["stage", "programme_kind"],
  exportColumns: [
    ["id", (p) => p.id], ["kind", (p) => p.programmeKind], ["title", (p) => p.title], ["stage", (p) => p.stage], ["compartment", (p) => p.compartment ?? ""],
    ["partners", (p) => p.partners.map((x) => `${shown(x.organisation)} (${x.role}, ${x.workShare}%)`).join("; ")],
    ["value", (p) => p.value ?? ""], ["currency", (p) => p.currency ?? ""], ["buyer", (p) => p.buyerCountry ?? ""],
    ["acquisition category", (p) => p.acquisitionCategory ?? ""], ["IC table", (p) => p.icTableVersion ?? ""],
    ["IC %", (p) => p.indigenousContent.icPercent ?? ""], ["minimum IC %", (p) => p.indigenousContent.minimumPercent ?? ""],
    ["IC compliant", (p) => (p.indigenousContent.compliant === null ? "" : p.indigenousContent.compliant ? "yes" : "no")],
    ["next milestone", (p) => p.milestones.find((m) => m.status !== "achieved" && m.status !== "cancelled")?.title ?? ""],
  ],
  searchable: true,
  links: [],
  parent: null,
  enums: { kind: PROGRAMME_KINDS, stage: STAGES, partnerRole: PARTNER_ROLES, stepStatus: STEP_STATUSES, totPhase: TOT_PHASES, costKind: COST_KINDS, origin: ORIGINS },
  routes: icThresholdRoutes,
});
