import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { AccordError } from "../../domain/errors.ts";
import { scopeOf } from "../../http/auth.ts";
import { pageOf } from "../../http/pagination.ts";
import { recordRoutes } from "../crud.ts";
import { audited, auditListRead, auditMarking, db, IdParams, readRecord } from "../common.ts";
import { bumpMeeting, nextMeeting } from "../meetings/repo.ts";
import { loadMarking } from "../../store/markings.ts";
import { ulid } from "ulid";
import { actionsById, addProgress, createAction, listActions, updateAction } from "./repo.ts";
import { Action, ActionCreate, ActionQuery, ActionUpdate, ProgressIn } from "./schema.ts";
import { z } from "zod";

const tags = ["actions"];

export async function actionRoutes(app: FastifyInstance) {
  recordRoutes(app, {
    kind: "action", path: "actions", table: "actions", defaultList: false,
    Item: Action, Create: ActionCreate, Update: ActionUpdate, Query: ActionQuery,
    present: actionsById, create: createAction, update: updateAction,
    filters: () => [],
    facets: ["status", "owner_country"],
    exportColumns: [
      ["id", (a) => a.id], ["title", (a) => a.title], ["status", (a) => a.status], ["due", (a) => a.dueDate ?? ""], ["overdue days", (a) => a.overdueDays ?? ""],
      ["owner country", (a) => a.owner.country], ["owner organisation", (a) => (a.owner.organisation?.withheld ? "(withheld)" : (a.owner.organisation?.title ?? ""))],
      ["owner person", (a) => (a.owner.person?.withheld ? "(withheld)" : (a.owner.person?.title ?? ""))], ["meeting", (a) => (a.meeting?.withheld ? "(withheld)" : (a.meeting?.title ?? ""))],
      ["latest update", (a) => a.updates[0]?.text ?? ""],
    ],
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const present = async (req: FastifyRequest, id: string) => {
    const { row, marking } = await readRecord(req, "action", id);
    return (await actionsById(db(req), scopeOf(req), [{ ...row, marking }]))[0]!;
  };

  r.get("/actions", { schema: { tags, summary: "Actions you may read by due date; filter by forum, meeting, owner, status, overdue and age", querystring: ActionQuery, response: { 200: pageOf(Action) } } }, async (req) => {
    const page = await listActions(db(req), scopeOf(req), req.query);
    await auditListRead(req, "action.list", page.rows);
    return { items: await actionsById(db(req), scopeOf(req), page.rows), nextCursor: page.nextCursor };
  });

  r.post("/actions/:id/updates", { schema: { tags, summary: "Add a dated progress update (owners and the secretariat)", params: IdParams, body: ProgressIn } }, async (req, reply) => {
    const { marking } = await readRecord(req, "action", req.params.id);
    await audited(req, "action.progress", async (tx) => {
      await addProgress(tx, scopeOf(req), req.params.id, marking, req.body);
      return { result: null, event: { target: req.params.id, marking: auditMarking(marking), outcome: "success", details: { status: req.body.status ?? null } } };
    });
    return reply.code(201).send(await present(req, req.params.id));
  });

  r.post("/actions/:id/carry-over", {
    schema: { tags, summary: "Put this action on the agenda of its forum's next planned meeting", params: IdParams, body: z.strictObject({ fromMeetingId: z.string().max(40).optional() }).optional() },
  }, async (req) => {
    const { row, marking } = await readRecord(req, "action", req.params.id);
    await audited(req, "action.carry_over", async (tx) => {
      const a = await tx.selectFrom("actions").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
      if (a.status === "done" || a.status === "dropped") throw new AccordError("conflict", `This action is ${a.status}; only open actions are carried over.`);
      const last = await tx.selectFrom("agenda_items as ai").innerJoin("meetings as m", "m.id", "ai.meeting_id").select("m.id").where("ai.action_id", "=", row.id)
        .orderBy("m.sequence", "desc").limit(1).executeTakeFirst();
      const from = req.body?.fromMeetingId ?? last?.id ?? a.meeting_id;
      if (!from) throw new AccordError("conflict", "This action belongs to no meeting, so it has no next meeting.");
      const next = await nextMeeting(tx, scopeOf(req), from);
      if (!next) throw new AccordError("conflict", "The forum has no planned meeting after this one: create it first (it will carry open actions over by itself).");
      if (await tx.selectFrom("agenda_items").select("id").where("meeting_id", "=", next).where("action_id", "=", row.id).executeTakeFirst()) {
        throw new AccordError("conflict", "This action is on the next meeting's agenda already.");
      }
      const pos = await tx.selectFrom("agenda_items").select((eb) => eb.fn.max("position").as("p")).where("meeting_id", "=", next).executeTakeFirst();
      await bumpMeeting(tx, scopeOf(req), next, await loadMarking(tx, (await tx.selectFrom("records").select("marking_id").where("id", "=", next).executeTakeFirstOrThrow()).marking_id), { carriedAction: row.id });
      await tx.insertInto("agenda_items").values({ id: ulid(), meeting_id: next, position: Number(pos?.p ?? 0) + 1, title: "Carried-over action", notes: null, action_id: row.id }).execute();
      return { result: next, event: { target: row.id, marking: auditMarking(marking), outcome: "success", details: { to: next } } };
    });
    return present(req, req.params.id);
  });
}
