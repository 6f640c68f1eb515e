import { sql } from "kysely";
import { defineKind, filtersOf } from "../kind.ts";
import { organisationPolicy } from "./policy.ts";
import { presentOrganisations } from "./present.ts";
import { ORG_KINDS, Organisation, OrganisationCreate, OrganisationQuery, OrganisationUpdate } from "./schema.ts";
import { createOrganisation, updateOrganisation } from "./write.ts";

export const organisationKind = defineKind({
  kind: "organisation",
  path: "organisations",
  tables: ["organisations"],
  schemas: { Item: Organisation, Create: OrganisationCreate, Update: OrganisationUpdate, Query: OrganisationQuery },
  policy: organisationPolicy,
  present: presentOrganisations,
  create: createOrganisation,
  update: updateOrganisation,
  filters: (q) => filtersOf(q, {
    country: (c) => sql<boolean>`r.id in (select id from organisations where country = ${c})`,
    kind: (k) => sql<boolean>`r.id in (select id from organisations where org_kind = ${k})`,
  }),
  facets: ["country", "org_kind"],
  exportColumns: [["id", (o) => o.id], ["name", (o) => o.name], ["aliases", (o) => o.aliases.join("; ")], ["country", (o) => o.country], ["kind", (o) => o.orgKind]],
  searchable: true,
  links: [{ table: "organisations", owner: "id", target: "parent_id", relation: "parent", inverse: "child" }],
  parent: null,
  enums: { kind: ORG_KINDS },
});
