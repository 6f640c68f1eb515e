import type { FastifyInstance } from "fastify";
import { recordRoutes } from "../crud.ts";
import type { Filter } from "../listing.ts";
import { agreementFilter, agreementsById, createAgreement, updateAgreement } from "./repo.ts";
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
}
