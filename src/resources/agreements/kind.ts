import { sql } from "kysely";
import { defineKind, filtersOf } from "../kind.ts";
import { agreementPolicy } from "./policy.ts";
import { presentAgreements } from "./present.ts";
import { expiringRoutes } from "./routes.ts";
import { Agreement, AGREEMENT_KINDS, AGREEMENT_STATUSES, AgreementCreate, AgreementQuery, AgreementUpdate } from "./schema.ts";
import { createAgreement, updateAgreement } from "./write.ts";

export const agreementKind = defineKind({
  kind: "agreement",
  path: "agreements",
  tables: ["agreements", "agreement_parties", "agreement_signatories", "agreement_areas"],
  schemas: { Item: Agreement, Create: AgreementCreate, Update: AgreementUpdate, Query: AgreementQuery },
  policy: agreementPolicy,
  present: presentAgreements,
  create: createAgreement,
  update: updateAgreement,
  filters: (q) => filtersOf(q, {
    status: (s) => sql<boolean>`r.id in (select id from agreements where status = ${s})`,
    area: (a) => sql<boolean>`r.id in (select agreement_id from agreement_areas where area = ${a})`,
    country: (c) => sql<boolean>`r.id in (select agreement_id from agreement_parties where country = ${c})`,
  }),
  facets: ["status", "agreement_kind"],
  exportColumns: [
    ["id", (a) => a.id], ["kind", (a) => a.agreementKind], ["title", (a) => a.title], ["status", (a) => a.status],
    ["parties", (a) => a.parties.map((p) => p.country).join("; ")], ["signed on", (a) => a.signedOn ?? ""], ["signed at", (a) => a.signedAt ?? ""],
    ["areas", (a) => a.areas.join("; ")], ["expires on", (a) => a.expiresOn ?? ""],
  ],
  searchable: true,
  links: [
    { table: "agreement_signatories", owner: "agreement_id", target: "person_id", relation: "signatory", inverse: "signed" },
    { table: "agreement_parties", owner: "agreement_id", target: "organisation_id", relation: "party", inverse: "party_to" },
    { table: "agreements", owner: "id", target: "signed_during", relation: "signed_during", inverse: "agreement_signed" },
  ],
  parent: null,
  enums: { kind: AGREEMENT_KINDS, status: AGREEMENT_STATUSES },
  routes: expiringRoutes,
});
