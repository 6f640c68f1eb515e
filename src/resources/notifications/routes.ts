// The caller's notifications (issue 14), each about a record: listed only while the caller may
// read that record (the read rule in SQL, as for any list), newest first, read or unread.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { toOutput } from "../../domain/markings.ts";
import { readerOf } from "../../http/auth.ts";
import type { NotificationEvent } from "../../notify/events.ts";
import { Id } from "../common.ts";

const tags = ["notifications"];
const ListQuery = z.strictObject({ unread: z.enum(["true", "false"]).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
const MarkRead = z.union([z.strictObject({ ids: z.array(Id).min(1).max(200) }), z.strictObject({ all: z.literal(true) })]);

export async function notificationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get("/notifications", { config: { checkAfterReads: true }, schema: { tags, summary: "Your notifications about records you may read, newest first", querystring: ListQuery } }, async (req) => {
    const reader = readerOf(req);
    const mine = () => reader.records().innerJoin("notifications as n", "n.record_id", "r.id").where("n.user_id", "=", reader.viewer.id);
    let q = mine().select(["n.id", "n.event", "n.created_at", "n.read_at", "r.id as record_id", "r.kind", "r.title", "r.marking_id"]);
    if (req.query.unread === "true") q = q.where("n.read_at", "is", null);
    if (req.query.unread === "false") q = q.where("n.read_at", "is not", null);
    const [rows, unread] = await Promise.all([
      q.orderBy("n.created_at", "desc").orderBy("n.id", "desc").limit(req.query.limit).execute(),
      mine().select((eb) => eb.fn.countAll<number>().as("n")).where("n.read_at", "is", null).executeTakeFirst(),
    ]);
    const markings = await reader.markings(rows.map((x) => x.marking_id));
    await reader.auditList("notification.list", rows.map((x) => ({ id: x.record_id, marking: markings.get(x.marking_id)! })));
    return {
      unread: Number(unread?.n ?? 0),
      items: rows.map((x) => ({
        id: x.id, event: x.event as NotificationEvent, createdAt: x.created_at, readAt: x.read_at,
        record: { id: x.record_id, kind: x.kind, title: x.title, marking: toOutput(markings.get(x.marking_id)!) },
      })),
    };
  });

  r.post("/notifications/read", { schema: { tags, summary: "Mark some of your notifications (or all) as read", body: MarkRead } }, async (req) =>
    readerOf(req).transaction("notification.read", null, async (w) => {
      let q = w.tx.updateTable("notifications").set({ read_at: new Date().toISOString() }).where("user_id", "=", w.viewer.id).where("read_at", "is", null);
      if ("ids" in req.body) q = q.where("id", "in", req.body.ids);
      const res = await q.executeTakeFirst();
      const marked = Number(res.numUpdatedRows);
      return { result: { marked }, event: { outcome: "success", details: { marked } } };
    }));
}
