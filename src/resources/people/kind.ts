import { sql } from "kysely";
import { defineKind, filtersOf } from "../kind.ts";
import { personPolicy } from "./policy.ts";
import { presentPeople } from "./present.ts";
import { Person, PersonCreate, PersonQuery, PersonUpdate } from "./schema.ts";
import { createPerson, updatePerson } from "./write.ts";

export const personKind = defineKind({
  kind: "person",
  path: "people",
  tables: ["people", "person_titles"],
  schemas: { Item: Person, Create: PersonCreate, Update: PersonUpdate, Query: PersonQuery },
  policy: personPolicy,
  present: presentPeople,
  create: createPerson,
  update: updatePerson,
  filters: (q) => filtersOf(q, { country: (c) => sql<boolean>`r.id in (select id from people where country = ${c})` }),
  facets: ["country"],
  exportColumns: [["id", (p) => p.id], ["name", (p) => p.name], ["country", (p) => p.country], ["current title", (p) => p.currentTitle ?? ""]],
  searchable: true,
  links: [{ table: "person_titles", owner: "person_id", target: "organisation_id", relation: "organisation", inverse: "holder" }],
  parent: null,
  enums: {},
});
