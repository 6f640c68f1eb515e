import type { FastifyInstance } from "fastify";
import { recordRoutes } from "../crud.ts";
import { createPerson, peopleById, personFilter, updatePerson } from "./repo.ts";
import { Person, PersonCreate, PersonQuery, PersonUpdate } from "./schema.ts";

export async function peopleRoutes(app: FastifyInstance) {
  recordRoutes(app, {
    kind: "person", path: "people", table: "people",
    Item: Person, Create: PersonCreate, Update: PersonUpdate, Query: PersonQuery,
    present: peopleById, create: createPerson, update: updatePerson,
    filters: (q) => (q.country ? [personFilter.country(q.country)] : []),
    facets: ["country"],
    exportColumns: [["id", (p) => p.id], ["name", (p) => p.name], ["country", (p) => p.country], ["current title", (p) => p.currentTitle ?? ""]],
  });
}
