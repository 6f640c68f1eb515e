import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { scopeOf } from "../../http/auth.ts";
import { pageOf } from "../../http/pagination.ts";
import { audited, auditMarking, db, IdParams, readRecord } from "../common.ts";
import { exportCsv, facetCounts, pageRecords, type Filter } from "../listing.ts";
import { createOrganisation, orgFilter, organisationsById, updateOrganisation } from "./repo.ts";
import { Organisation, OrganisationCreate, OrganisationQuery, OrganisationUpdate } from "./schema.ts";

const tags = ["organisations"];

export async function organisationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const filters = (q: { country?: string | undefined; kind?: string | undefined }): Filter[] =>
    [q.country ? orgFilter.country(q.country) : null, q.kind ? orgFilter.kind(q.kind) : null].filter((f): f is Filter => f !== null);

  r.get("/organisations", { schema: { tags, summary: "List organisations you may read, newest first", querystring: OrganisationQuery, response: { 200: pageOf(Organisation) } } }, async (req) => {
    const page = await pageRecords(req, "organisation", req.query, filters(req.query));
    return { items: await organisationsById(db(req), scopeOf(req), page.rows), nextCursor: page.nextCursor };
  });

  r.get("/organisations/facets", { schema: { tags, summary: "Counts by country and kind over what you may read", querystring: OrganisationQuery.omit({ limit: true, cursor: true }) } }, async (req) =>
    facetCounts(req, "organisation", "organisations", ["country", "org_kind"], filters(req.query)));

  r.get("/organisations/export", { schema: { tags, summary: "CSV of organisations you may read, with its derived marking" } }, async (req, reply) => {
    const { csv, marking } = await exportCsv(req, "organisation", ["id", "name", "aliases", "country", "kind", "marking"], async (records) => {
      const orgs = await organisationsById(db(req), scopeOf(req), records);
      return orgs.map((o) => [o.id, o.name, o.aliases.join("; "), o.country, o.orgKind, o.marking.banner]);
    });
    return reply.type("text/csv; charset=utf-8").header("x-accord-marking", marking.banner).header("content-disposition", "attachment; filename=organisations.csv").send(csv);
  });

  r.get("/organisations/:id", { schema: { tags, summary: "One organisation", params: IdParams, response: { 200: Organisation } } }, async (req) => {
    const { row, marking } = await readRecord(req, "organisation", req.params.id);
    return (await organisationsById(db(req), scopeOf(req), [{ ...row, marking }]))[0]!;
  });

  r.post("/organisations", { schema: { tags, summary: "Create an organisation", body: OrganisationCreate, response: { 201: Organisation } } }, async (req, reply) => {
    const id = await audited(req, "organisation.create", async (tx) => {
      const { id, marking } = await createOrganisation(tx, scopeOf(req), req.body);
      return { result: id, event: { target: id, marking: auditMarking(marking), outcome: "success" } };
    });
    const { row, marking } = await readRecord(req, "organisation", id);
    return reply.code(201).send((await organisationsById(db(req), scopeOf(req), [{ ...row, marking }]))[0]!);
  });

  r.patch("/organisations/:id", { schema: { tags, summary: "Edit an organisation (markings may only be raised here)", params: IdParams, body: OrganisationUpdate, response: { 200: Organisation } } }, async (req) => {
    const current = await readRecord(req, "organisation", req.params.id);
    await audited(req, "organisation.update", async (tx) => {
      const { marking } = await updateOrganisation(tx, scopeOf(req), req.params.id, current, req.body);
      return { result: null, event: { target: req.params.id, marking: auditMarking(marking), outcome: "success", details: { fields: Object.keys(req.body) } } };
    });
    const { row, marking } = await readRecord(req, "organisation", req.params.id);
    return (await organisationsById(db(req), scopeOf(req), [{ ...row, marking }]))[0]!;
  });
}
