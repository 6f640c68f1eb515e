import { sql } from "kysely";
import { defineKind, filtersOf } from "../kind.ts";
import { documentPolicy } from "./policy.ts";
import { getDocument, listDocuments, presentDocuments } from "./present.ts";
import { documentRoutes } from "./routes.ts";
import { Document, DOC_KINDS, DocumentQuery, DocumentUpdate } from "./schema.ts";
import { updateDocument } from "./write.ts";

export const documentKind = defineKind({
  kind: "document",
  path: "documents",
  tables: ["documents", "document_versions"],
  // Created by upload (multipart), in documentRoutes.
  schemas: { Item: Document, Create: null, Update: DocumentUpdate, Query: DocumentQuery },
  policy: documentPolicy,
  present: presentDocuments,
  page: listDocuments,
  get: getDocument,
  create: null,
  update: updateDocument,
  filters: (q) => filtersOf(q, {
    kind: (k) => sql<boolean>`r.id in (select id from documents where doc_kind = ${k})`,
    attachedTo: (id) => sql<boolean>`r.id in (select id from documents where attached_to = ${id})`,
  }),
  facets: ["doc_kind"],
  exportColumns: [["id", (d) => d.id], ["title", (d) => d.title], ["kind", (d) => d.docKind], ["version", (d) => d.currentVersion]],
  searchable: true,
  links: [{ table: "documents", owner: "id", target: "attached_to", relation: "attached_to", inverse: "document" }],
  parent: { field: "attachedToId", kind: null },
  enums: { kind: DOC_KINDS },
  routes: documentRoutes,
});
