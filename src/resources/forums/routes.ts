import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { recordRoutes } from "../crud.ts";
import type { Filter } from "../listing.ts";
import { audited, auditMarking, IdParams, readRecord } from "../common.ts";
import { updateRecord } from "../../store/records.ts";
import { scopeOf } from "../../http/auth.ts";
import { createForum, forumFilter, forumsById, updateForum } from "./repo.ts";
import { Forum, ForumCreate, ForumQuery, ForumUpdate, TemplateIn } from "./schema.ts";

export async function forumRoutes(app: FastifyInstance) {
  recordRoutes(app, {
    kind: "forum", path: "forums", table: "forums",
    Item: Forum, Create: ForumCreate, Update: ForumUpdate, Query: ForumQuery,
    present: forumsById, create: createForum, update: updateForum,
    filters: (q) => [q.kind ? forumFilter.kind(q.kind) : null, q.country ? forumFilter.country(q.country) : null].filter((f): f is Filter => f !== null),
    facets: ["forum_kind"],
    exportColumns: [["id", (f) => f.id], ["name", (f) => f.name], ["kind", (f) => f.forumKind], ["members", (f) => f.members.map((m) => m.country).join("; ")]],
  });

  app.withTypeProvider<ZodTypeProvider>().put("/forums/:id/template", {
    schema: { tags: ["forums"], summary: "Set the agenda template for this forum's meetings", params: IdParams, body: TemplateIn },
  }, async (req, reply) => {
    const { row, marking } = await readRecord(req, "forum", req.params.id);
    await audited(req, "forum.template", async (tx) => {
      const last = await tx.selectFrom("record_versions").select("data").where("record_id", "=", row.id).where("version", "=", row.version).executeTakeFirstOrThrow();
      const body = await tx.selectFrom("search_docs").select("body").where("record_id", "=", row.id).executeTakeFirstOrThrow();
      // A template change is an edit of the forum: same rules, a new version.
      await updateRecord(tx, scopeOf(req), "forum", row.id, { title: row.title, marking, searchText: body.body, snapshot: { ...(JSON.parse(last.data) as object), template: req.body } });
      await tx.deleteFrom("meeting_templates").where("forum_id", "=", row.id).execute();
      await tx.insertInto("meeting_templates").values({ forum_id: row.id, agenda: JSON.stringify(req.body.agenda), duration_days: req.body.durationDays, updated_at: new Date().toISOString() }).execute();
      return { result: null, event: { target: row.id, marking: auditMarking(marking), outcome: "success" } };
    });
    return reply.code(204).send();
  });
}
