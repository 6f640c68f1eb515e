import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { scopeOf } from "../../http/auth.ts";
import { readableRecords } from "../../store/records.ts";
import { auditListRead, db, withMarkings } from "../common.ts";
import { recordRoutes } from "../crud.ts";
import type { Filter } from "../listing.ts";
import { agreementFilter, agreementsById, createAgreement, expiresOn, updateAgreement } from "./repo.ts";
import { Agreement, AgreementCreate, AgreementQuery, AgreementUpdate } from "./schema.ts";

export async function agreementRoutes(app: FastifyInstance) {
  recordRoutes(app, {
    kind: "agreement", path: "agreements", table: "agreements",
    Item: Agreement, Create: AgreementCreate, Update: AgreementUpdate, Query: AgreementQuery,
    present: agreementsById, create: createAgreement, update: updateAgreement,
    filters: (q) => [q.status ? agreementFilter.status(q.status) : null, q.area ? agreementFilter.area(q.area) : null, q.country ? agreementFilter.country(q.country) : null]
      .filter((f): f is Filter => f !== null),
    facets: ["status", "agreement_kind"],
    exportColumns: [
      ["id", (a) => a.id], ["kind", (a) => a.agreementKind], ["title", (a) => a.title], ["status", (a) => a.status],
      ["parties", (a) => a.parties.map((p) => p.country).join("; ")], ["signed on", (a) => a.signedOn ?? ""], ["signed at", (a) => a.signedAt ?? ""],
      ["areas", (a) => a.areas.join("; ")], ["expires on", (a) => a.expiresOn ?? ""],
    ],
  });

  app.withTypeProvider<ZodTypeProvider>().get("/agreements/expiring", {
    schema: { tags: ["agreements"], summary: "Agreements in force or signed whose validity ends within the given days (or has ended)", querystring: z.strictObject({ withinDays: z.coerce.number().int().min(1).max(3650).default(180) }) },
  }, async (req) => {
    const conn = db(req);
    const rows = await readableRecords(conn, scopeOf(req), "agreement").innerJoin("agreements as a", "a.id", "r.id").selectAll("r")
      .select(["a.valid_to", "a.valid_from", "a.signed_on", "a.validity_years"])
      .where("a.status", "in", ["signed", "in_force"])
      .where((eb) => eb.or([eb("a.valid_to", "is not", null), eb("a.validity_years", "is not", null)]))
      .execute();
    const horizon = new Date(Date.now() + req.query.withinDays * 86_400_000).toISOString().slice(0, 10);
    const due = rows.map((r) => ({ r, ends: expiresOn(r.valid_to, r.valid_from, r.signed_on, r.validity_years) }))
      .filter((x) => x.ends && x.ends <= horizon).sort((a, b) => a.ends!.localeCompare(b.ends!));
    const records = await withMarkings(conn, due.map((x) => x.r));
    await auditListRead(req, "agreement.expiring", records);
    return { items: await agreementsById(conn, scopeOf(req), records) };
  });
}
