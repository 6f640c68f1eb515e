// Platform reference data: countries with their classification schemes, compartments, and
// the cooperation-area vocabulary (administrators extend it).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { readerOf, requireRole } from "../../http/auth.ts";

const Area = z.object({ code: z.string(), names: z.object({ en: z.string(), hi: z.string(), he: z.string() }) });
const AreaIn = z.strictObject({
  code: z.string().regex(/^[a-z0-9-]{2,60}$/, "must be 2-60 lower-case letters, digits or '-'"),
  names: z.strictObject({ en: z.string().trim().min(1).max(120), hi: z.string().trim().min(1).max(120), he: z.string().trim().min(1).max(120) }),
});

export async function referenceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get("/countries", { config: { checkAfterReads: true }, schema: { tags: ["reference"], summary: "Countries on the platform with their classification schemes" } }, async (req) => {
    const reader = readerOf(req);
    const [countries, levels, eqs] = await Promise.all([
      reader.reference("countries").selectAll().orderBy("code").execute(),
      reader.reference("classification_levels").selectAll().orderBy("rank").execute(),
      reader.reference("level_equivalences").selectAll().execute(),
    ]);
    return {
      items: countries.map((c) => ({
        code: c.code, nameEn: c.name_en, nameNative: c.name_native,
        levels: levels.filter((l) => l.country === c.code).map((l) => ({ rank: l.rank, name: l.name, nativeName: l.native_name })),
        equivalences: eqs.filter((e) => e.from_country === c.code).map((e) => ({ fromRank: e.from_rank, toCountry: e.to_country, toRank: e.to_rank })),
      })),
    };
  });

  r.get("/compartments", { config: { checkAfterReads: true }, schema: { tags: ["reference"], summary: "Compartments you hold (all of them for administrators and security officers)" } }, async (req) => {
    const reader = readerOf(req);
    const v = reader.viewer;
    // A compartment's name can itself be need-to-know (a programme's codeword).
    const all = v.roles.includes("admin") || v.roles.includes("security_officer");
    let q = reader.reference("compartments").select(["code", "name", "description"]);
    if (!all && !v.compartments.length) return { items: [] };
    if (!all) q = q.where("code", "in", v.compartments);
    return { items: await q.orderBy("code").execute() };
  });

  r.get("/areas", { config: { checkAfterReads: true }, schema: { tags: ["reference"], summary: "Cooperation areas", response: { 200: z.object({ items: z.array(Area) }) } } }, async (req) => {
    const rows = await readerOf(req).reference("cooperation_areas").selectAll().orderBy("name_en").execute();
    return { items: rows.map((a) => ({ code: a.code, names: { en: a.name_en, hi: a.name_hi, he: a.name_he } })) };
  });

  r.post("/areas", { schema: { tags: ["reference"], summary: "Add a cooperation area (administrators)", body: AreaIn } }, async (req, reply) => {
    requireRole(req, "admin");
    await readerOf(req).transaction("area.create", req.body.code, async (w) => {
      if (await w.reference("cooperation_areas").select("code").where("code", "=", req.body.code).executeTakeFirst()) {
        throw new AccordError("conflict", `Area ${req.body.code} exists already.`, [{ field: "code", rule: "unique", message: "is taken" }]);
      }
      const { en, hi, he } = req.body.names;
      await w.tx.insertInto("cooperation_areas").values({ code: req.body.code, name_en: en, name_hi: hi, name_he: he, created_at: new Date().toISOString() }).execute();
      return { result: null, event: { target: req.body.code, outcome: "success" } };
    });
    return reply.code(201).send(req.body);
  });
}
