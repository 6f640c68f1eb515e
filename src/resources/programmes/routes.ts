import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { requireRole } from "../../http/auth.ts";
import { audited, db } from "../common.ts";
import { recordRoutes } from "../crud.ts";
import type { Filter } from "../listing.ts";
import { addThreshold, listThresholds } from "./ic-thresholds.ts";
import { createProgramme, programmeFilter, programmesById, updateProgramme } from "./repo.ts";
import { Programme, ProgrammeCreate, ProgrammeQuery, ProgrammeUpdate, Threshold, ThresholdIn } from "./schema.ts";

const shown = (ref: { withheld: boolean; title?: string }) => (ref.withheld ? "(withheld)" : (ref.title ?? ""));

export async function programmeRoutes(app: FastifyInstance) {
  recordRoutes(app, {
    kind: "programme", path: "programmes", table: "programmes",
    Item: Programme, Create: ProgrammeCreate, Update: ProgrammeUpdate, Query: ProgrammeQuery,
    present: programmesById, create: createProgramme, update: updateProgramme,
    filters: (q) => [
      q.kind ? programmeFilter.kind(q.kind) : null, q.stage ? programmeFilter.stage(q.stage) : null,
      q.area ? programmeFilter.area(q.area) : null, q.partnerId ? programmeFilter.partner(q.partnerId) : null,
    ].filter((f): f is Filter => f !== null),
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
  });
}

/** Minimum indigenous content by category and table version: reference data, not content. */
export async function icThresholdRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["indigenous content"];

  r.get("/ic/thresholds", { schema: { tags, summary: "Minimum indigenous content by acquisition category, every table version", response: { 200: z.object({ items: z.array(Threshold) }) } } }, async (req) =>
    ({ items: await listThresholds(db(req)) }));

  r.post("/ic/thresholds", { schema: { tags, summary: "Administrators: add a category threshold to a table version", body: ThresholdIn, response: { 201: Threshold } } }, async (req, reply) => {
    await audited(req, "ic_threshold.create", async (tx) => {
      // Checked inside the audited work so a refused attempt is logged like any other denial.
      requireRole(req, "admin");
      if (!(await addThreshold(tx, req.body))) {
        throw new AccordError("conflict", `Table ${req.body.tableVersion} already has a threshold for ${req.body.category}.`, [
          { field: "category", rule: "unique", message: "is already in this table version" },
        ]);
      }
      return { result: null, event: { target: `${req.body.tableVersion}/${req.body.category}`, outcome: "success", details: { ...req.body } } };
    });
    return reply.code(201).send(req.body);
  });
}
