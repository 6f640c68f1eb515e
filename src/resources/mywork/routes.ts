// GET /api/my-work, the signed-in home page's data, and its count for the header's badge.
import type { FastifyInstance } from "fastify";
import { readerOf } from "../../http/auth.ts";
import { countOf, myWork } from "./compute.ts";

const tags = ["my work"];

export async function myWorkRoutes(app: FastifyInstance) {
  app.get("/my-work", { config: { checkAfterReads: true }, schema: { tags, summary: "What awaits you, over what you may read: minutes to approve, releases to decide, your actions, drafts, meetings, milestones" } }, async (req) => {
    const reader = readerOf(req);
    const { result, shown } = await myWork(reader);
    // Shown together, audited as one list read (each record once).
    await reader.auditList("mywork.list", [...new Map(shown.map((x) => [x.id, x])).values()]);
    return { count: countOf(result), ...result };
  });
  app.get("/my-work/count", { config: { checkAfterReads: true }, schema: { tags, summary: "How many items wait for you to act (the header's badge), and your unread notifications" } }, async (req) => {
    const reader = readerOf(req);
    const { result } = await myWork(reader);
    const unread = await reader.records().innerJoin("notifications as n", "n.record_id", "r.id").where("n.user_id", "=", reader.viewer.id).where("n.read_at", "is", null)
      .select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
    return { count: countOf(result), unread: Number(unread?.n ?? 0) };
  });
}
