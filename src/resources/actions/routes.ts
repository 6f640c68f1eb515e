// Progress updates and carry-over: each one audited transaction that reads the action once and
// answers with it.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { ulid } from "ulid";
import { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { readerOf } from "../../http/auth.ts";
import { auditMarking } from "../../store/reader.ts";
import { IdParams } from "../common.ts";
import { bumpMeeting, editGrant, nextMeeting } from "../meetings/write.ts";
import { presentActions } from "./present.ts";
import { ProgressIn } from "./schema.ts";
import { addProgress } from "./write.ts";

const tags = ["actions"];

export async function actionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post("/actions/:id/updates", { schema: { tags, summary: "Add a dated progress update (owners and the secretariat)", params: IdParams, body: ProgressIn } }, async (req, reply) => {
    const item = await readerOf(req).transaction("action.progress", req.params.id, async (w) => {
      const rec = await addProgress(w, await w.get("action", req.params.id), req.body);
      const [presented] = await presentActions(w, [rec]);
      return { result: presented!, event: { target: rec.id, marking: auditMarking(rec.marking), outcome: "success", details: { status: req.body.status ?? null } } };
    });
    return reply.code(201).send(item);
  });

  r.post("/actions/:id/carry-over", {
    schema: { tags, summary: "Put this action on the agenda of its forum's next planned meeting", params: IdParams, body: z.strictObject({ fromMeetingId: z.string().max(40).optional() }).optional() },
  }, async (req) => readerOf(req).transaction("action.carry_over", req.params.id, async (w) => {
    const rec = await w.get("action", req.params.id);
    const a = await w.children("actions", [rec.id]).selectAll().executeTakeFirstOrThrow();
    if (a.status === "done" || a.status === "dropped") throw new AccordError("conflict", `This action is ${a.status}; only open actions are carried over.`);
    // The meeting whose agenda last carried it, readable or not: the forum's sequence is what counts.
    const last = await w.tx.selectFrom("agenda_items as ai").innerJoin("meetings as m", "m.id", "ai.meeting_id").select("m.id").where("ai.action_id", "=", rec.id)
      .orderBy("m.sequence", "desc").limit(1).executeTakeFirst();
    // A starting meeting the caller names must be one they may read: otherwise the answer (carried,
    // already there, nothing planned) would tell them about a meeting they cannot see.
    if (req.body?.fromMeetingId) await w.get("meeting", req.body.fromMeetingId);
    const from = req.body?.fromMeetingId ?? last?.id ?? a.meeting_id;
    if (!from) throw new AccordError("conflict", "This action belongs to no meeting, so it has no next meeting.");
    const next = await nextMeeting(w, from);
    if (!next) throw new AccordError("conflict", "The forum has no planned meeting after this one: create it first (it will carry open actions over by itself).");
    if (await w.children("agenda_items", [next.id]).select("id").where("action_id", "=", rec.id).executeTakeFirst()) {
      throw new AccordError("conflict", "This action is on the next meeting's agenda already.");
    }
    const pos = await w.children("agenda_items", [next.id]).select((eb) => eb.fn.max("position").as("p")).executeTakeFirst();
    await bumpMeeting(w, next, { carriedAction: rec.id }, { grant: editGrant(w) });
    await w.tx.insertInto("agenda_items").values({ id: ulid(), meeting_id: next.id, position: Number(pos?.p ?? 0) + 1, title: "Carried-over action", notes: null, action_id: rec.id }).execute();
    const [presented] = await presentActions(w, [rec]);
    return { result: presented!, event: { target: rec.id, marking: auditMarking(rec.marking), outcome: "success", details: { to: next.id } } };
  }));
}
