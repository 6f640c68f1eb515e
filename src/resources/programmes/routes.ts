// Minimum indigenous content by category and table version: reference data, not content.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { readerOf, requireRole } from "../../http/auth.ts";
import { addThreshold, listThresholds } from "./ic-thresholds.ts";
import { Threshold, ThresholdIn } from "./schema.ts";

export async function icThresholdRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["indigenous content"];

  r.get("/ic/thresholds", { config: { checkAfterReads: true }, schema: { tags, summary: "Minimum indigenous content by acquisition category, every table version", response: { 200: z.object({ items: z.array(Threshold) }) } } }, async (req) =>
    ({ items: await listThresholds(readerOf(req)) }));

  r.post("/ic/thresholds", { schema: { tags, summary: "Administrators: add a category threshold to a table version", body: ThresholdIn, response: { 201: Threshold } } }, async (req, reply) => {
    await readerOf(req).transaction("ic_threshold.create", null, async (w) => {
      // Checked inside the audited work so a refused attempt is logged like any other denial.
      requireRole(req, "admin");
      if (!(await addThreshold(w, req.body))) {
        throw new AccordError("conflict", `Table ${req.body.tableVersion} already has a threshold for ${req.body.category}.`, [
          { field: "category", rule: "unique", message: "is already in this table version" },
        ]);
      }
      return { result: null, event: { target: `${req.body.tableVersion}/${req.body.category}`, outcome: "success", details: { ...req.body } } };
    });
    return reply.code(201).send(req.body);
  });
}
