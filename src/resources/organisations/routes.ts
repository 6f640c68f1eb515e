import type { FastifyInstance } from "fastify";
import { recordRoutes } from "../crud.ts";
import type { Filter } from "../listing.ts";
import { createOrganisation, orgFilter, organisationsById, updateOrganisation } from "./repo.ts";
import { Organisation, OrganisationCreate, OrganisationQuery, OrganisationUpdate } from "./schema.ts";

export async function organisationRoutes(app: FastifyInstance) {
  recordRoutes(app, {
    kind: "organisation", path: "organisations", table: "organisations",
    Item: Organisation, Create: OrganisationCreate, Update: OrganisationUpdate, Query: OrganisationQuery,
    present: organisationsById, create: createOrganisation, update: updateOrganisation,
    filters: (q) => [q.country ? orgFilter.country(q.country) : null, q.kind ? orgFilter.kind(q.kind) : null].filter((f): f is Filter => f !== null),
    facets: ["country", "org_kind"],
    exportColumns: [["id", (o) => o.id], ["name", (o) => o.name], ["aliases", (o) => o.aliases.join("; ")], ["country", (o) => o.country], ["kind", (o) => o.orgKind]],
  });
}
