import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { readerOf } from "../../http/auth.ts";
import { expiresOn, presentAgreements } from "./present.ts";

export async function expiringRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get("/agreements/expiring", {
    config: { checkAfterReads: true },
    schema: { tags: ["agreements"], summary: "Agreements in force or signed whose validity ends within the given days (or has ended)", querystring: z.strictObject({ withinDays: z.coerce.number().int().min(1).max(3650).default(180) }) },
  }, async (req) => {
    const reader = readerOf(req);
    const rows = await reader.read(reader.records("agreement").innerJoin("agreements as a", "a.id", "r.id").selectAll("r")
      .select(["a.valid_to", "a.valid_from", "a.signed_on", "a.validity_years"])
      .where("a.status", "in", ["signed", "in_force"])
      .where((eb) => eb.or([eb("a.valid_to", "is not", null), eb("a.validity_years", "is not", null)])));
    const horizon = new Date(Date.now() + req.query.withinDays * 86_400_000).toISOString().slice(0, 10);
    const due = rows.map((r) => ({ r, ends: expiresOn(r.valid_to, r.valid_from, r.signed_on, r.validity_years) }))
      .filter((x) => x.ends && x.ends <= horizon).sort((a, b) => a.ends!.localeCompare(b.ends!)).map((x) => x.r);
    await reader.auditList("agreement.expiring", due);
    return { items: await presentAgreements(reader, due) };
  });
}
