// The audit viewer (auditors): events newest first, each target shown with its title only if
// the auditor may read it, otherwise by identifier and marking; and the chain's verification.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { readEvents, recordAudit, rowToEvent, verifyChain } from "../../audit/log.ts";
import { readCheckpoints, verifyWithCheckpoints } from "../../audit/checkpoint.ts";
import { clientOf, requireRole, scopeOf } from "../../http/auth.ts";
import { systemDb as db } from "../../http/system.ts";
import { resolveRefs } from "../../store/refs.ts";

const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional().describe("events with a smaller seq (the cursor)"),
  actor: z.string().max(40).optional(),
  target: z.string().max(40).optional(),
  action: z.string().max(60).optional(),
});

export async function auditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get("/audit", { config: { tokenScope: "audit" }, schema: { tags: ["audit"], summary: "Auditors: the audit log, newest first", querystring: AuditQuery } }, async (req) => {
    const v = requireRole(req, "auditor");
    const conn = db(req);
    let q = conn.selectFrom("audit_events").selectAll();
    if (req.query.before) q = q.where("seq", "<", req.query.before);
    if (req.query.actor) q = q.where("actor", "=", req.query.actor);
    if (req.query.target) q = q.where("target", "=", req.query.target);
    if (req.query.action) q = q.where("action", "=", req.query.action);
    const rows = (await q.orderBy("seq", "desc").limit(req.query.limit).execute()).map(rowToEvent);
    const refs = await resolveRefs(conn, scopeOf(req), rows.map((e) => e.target));
    await recordAudit(conn, { actor: v.id, action: "audit.view", outcome: "success", client: clientOf(req), details: { count: rows.length } });
    return {
      items: rows.map((e) => ({ ...e, targetRecord: e.target ? (refs.get(e.target) ?? null) : null })),
      nextBefore: rows.length === req.query.limit ? rows[rows.length - 1]!.seq : null,
    };
  });

  r.get("/audit/export", { config: { tokenScope: "audit" }, schema: { tags: ["audit"], summary: "Auditors: the whole log as JSON Lines with its hashes, so anyone can re-verify the chain" } }, async (req, reply) => {
    const v = requireRole(req, "auditor");
    const conn = db(req);
    const lines: string[] = [];
    for await (const e of readEvents(conn)) lines.push(JSON.stringify(e));
    await recordAudit(conn, { actor: v.id, action: "audit.export", outcome: "success", client: clientOf(req), details: { events: lines.length } });
    return reply.type("application/x-ndjson; charset=utf-8").header("content-disposition", "attachment; filename=audit.jsonl").send(lines.join("\n") + "\n");
  });

  r.get("/audit/verify", { config: { tokenScope: "audit" }, schema: { tags: ["audit"], summary: "Auditors: verify the whole chain and the signed checkpoints" } }, async (req) => {
    requireRole(req, "auditor");
    const conn = db(req);
    const chain = await verifyChain(conn);
    const checkpoints = await verifyWithCheckpoints(conn, app.ctx.config.keys);
    return { chain, checkpoints, checkpointCount: readCheckpoints(app.ctx.config.keys.checkpoints).length };
  });
}
