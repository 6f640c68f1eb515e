// The audit viewer (auditors): events newest first, each target shown with its title only if
// the auditor may read it, otherwise by identifier and marking; and the chain's verification.
// On PostgreSQL events wait briefly in a queue before the sequencer chains them. The viewer,
// the export and the verification chain what is queued first (waiting for the sequencer if it is
// busy), so an auditor sees every event committed before the request, each with its place in
// the chain and its hash: never an event without a place, and `seq` cursors stay stable.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { exportEvents, loadReadSets, readSetOfEvent, recordAudit, rowToEvent } from "../../audit/log.ts";
import { sequenceAll } from "../../audit/sequencer.ts";
import { auditReport, describeReport } from "../../audit/verify.ts";
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
    await sequenceAll(conn);
    let q = conn.selectFrom("audit_events").selectAll();
    if (req.query.before) q = q.where("seq", "<", req.query.before);
    if (req.query.actor) q = q.where("actor", "=", req.query.actor);
    if (req.query.target) q = q.where("target", "=", req.query.target);
    if (req.query.action) q = q.where("action", "=", req.query.action);
    const rows = (await q.orderBy("seq", "desc").limit(req.query.limit).execute()).map(rowToEvent);
    const refs = await resolveRefs(conn, scopeOf(req), rows.map((e) => e.target));
    const sets = await loadReadSets(conn, rows.flatMap((e) => readSetOfEvent(e) ?? []));
    await recordAudit(conn, { actor: v.id, action: "audit.view", outcome: "success", client: clientOf(req), details: { count: rows.length } });
    return {
      items: rows.map((e) => {
        const set = readSetOfEvent(e);
        // A list read names the records it returned by identifier, grouped by their marking then.
        return { ...e, targetRecord: e.target ? (refs.get(e.target) ?? null) : null, ...(set ? { readSetRecords: sets.get(set) ?? null } : {}) };
      }),
      nextBefore: rows.length === req.query.limit ? rows[rows.length - 1]!.seq : null,
    };
  });

  r.get("/audit/export", { config: { tokenScope: "audit" }, schema: { tags: ["audit"], summary: "Auditors: the whole log as JSON Lines with its hashes, so anyone can re-verify the chain" } }, async (req, reply) => {
    const v = requireRole(req, "auditor");
    const conn = db(req);
    await sequenceAll(conn);
    const lines: string[] = [];
    for await (const e of exportEvents(conn)) lines.push(JSON.stringify(e));
    await recordAudit(conn, { actor: v.id, action: "audit.export", outcome: "success", client: clientOf(req), details: { events: lines.length } });
    return reply.type("application/x-ndjson; charset=utf-8").header("content-disposition", "attachment; filename=audit.jsonl").send(lines.join("\n") + "\n");
  });

  r.get("/audit/verify", { config: { tokenScope: "audit" }, schema: { tags: ["audit"], summary: "Auditors: verify the whole chain and every signed checkpoint; what no signature covers yet; what is queued" } }, async (req) => {
    requireRole(req, "auditor");
    const report = await auditReport(db(req), app.ctx.config.keys);
    const cpProblem = report.problems.find((p) => p.kind !== "chain");
    return {
      ...report,
      checkpoints: cpProblem ? { ok: false as const, badSeq: cpProblem.seq, reason: cpProblem.message } : { ok: true as const, events: report.events, checkpoints: report.checked },
      checkpointCount: report.checked,
      lines: describeReport(report),
    };
  });
}
