import { sql } from "kysely";
import { defineKind, filtersOf } from "../kind.ts";
import { forumPolicy } from "./policy.ts";
import { presentForums } from "./present.ts";
import { templateRoutes } from "./routes.ts";
import { Forum, FORUM_KINDS, ForumCreate, ForumQuery, ForumUpdate } from "./schema.ts";
import { createForum, updateForum } from "./write.ts";

export const forumKind = defineKind({
  kind: "forum",
  path: "forums",
  tables: ["forums", "forum_members", "meeting_templates"],
  schemas: { Item: Forum, Create: ForumCreate, Update: ForumUpdate, Query: ForumQuery },
  policy: forumPolicy,
  present: presentForums,
  create: createForum,
  update: updateForum,
  filters: (q) => filtersOf(q, {
    kind: (k) => sql<boolean>`r.id in (select id from forums where forum_kind = ${k})`,
    country: (c) => sql<boolean>`r.id in (select forum_id from forum_members where country = ${c})`,
  }),
  facets: ["forum_kind"],
  exportColumns: [["id", (f) => f.id], ["name", (f) => f.name], ["kind", (f) => f.forumKind], ["members", (f) => f.members.map((m) => m.country).join("; ")]],
  searchable: true,
  links: [],
  parent: null,
  enums: { kind: FORUM_KINDS },
  routes: templateRoutes,
});
