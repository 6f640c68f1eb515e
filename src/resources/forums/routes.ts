import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { readerOf } from "../../http/auth.ts";
import { auditMarking } from "../../store/reader.ts";
import { IdParams } from "../common.ts";
import { TemplateIn } from "./schema.ts";
import { setTemplate } from "./write.ts";

export async function templateRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().put("/forums/:id/template", {
    schema: { tags: ["forums"], summary: "Set the agenda template for this forum's meetings", params: IdParams, body: TemplateIn },
  }, async (req, reply) => {
    await readerOf(req).transaction("forum.template", req.params.id, async (w) => {
      const rec = await setTemplate(w, await w.get("forum", req.params.id), req.body);
      return { result: null, event: { target: rec.id, marking: auditMarking(rec.marking), outcome: "success" } };
    });
    return reply.code(204).send();
  });
}
