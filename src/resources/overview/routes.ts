import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { countryCode } from "../../domain/markings.ts";
import { readerOf } from "../../http/auth.ts";
import { overviewFor } from "./compute.ts";
import { briefPdf } from "./brief.ts";

const Params = z.strictObject({ country: countryCode });

export async function overviewRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get("/overview/:country", { config: { checkAfterReads: true }, schema: { tags: ["overview"], summary: "The relationship with a partner country, over what you may read", params: Params } }, async (req) => {
    const { derived: _derived, ...overview } = await overviewFor(readerOf(req), req.params.country);
    return overview;
  });
  r.get("/overview/:country/brief.pdf", { schema: { tags: ["overview"], summary: "A printable brief (PDF) of the relationship, its derived marking on every page", params: Params } }, async (req, reply) => {
    const { pdf, banner } = await briefPdf(readerOf(req), req.server.ctx.pool, req.params.country);
    return reply.type("application/pdf").header("x-accord-marking", banner).header("content-disposition", `attachment; filename="brief-${req.params.country}.pdf"`).send(pdf);
  });
}
