// The audit viewer (auditors): events newest first, each target shown with its title only if
// the auditor may read it, otherwise by identifier and marking; and the chain's verification.
// On PostgreSQL events wait briefly in a queue before the sequencer chains them. The viewer,
// the export and the verification chain what is queued first (waiting for the sequencer if it is
// busy), so an auditor sees every event committed before the request, each with its place in
// the chain and its hash: never an event without a place, and `seq` cursors stay stable.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "kysely";
import { z } from "zod";
import { exportEvents, loadReadSets, readSetOfEvent, recordAudit, rowToEvent } from "../../audit/log.ts";
import { sequenceAll } from "../../audit/sequencer.ts";
import { auditReport, describeReport } from "../../audit/verify.ts";
import { clientOf, requireRole, scopeOf } from "../../http/auth.ts";
import { systemDb as db } from "../../http/system.ts";
import type { Conn } from "../../store/db.ts";
import { resolveRefs } from "../../store/refs.ts";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date, YYYY-MM-DD")
  .refine((d) => { const t = Date.parse(`${d}T00:00:00Z`); return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d); }, "must be a real date");
const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional().describe("events with a smaller seq (the cursor)"),
  actor: z.string().trim().min(1).max(60).optional().describe("who acted: a user's id, or part of their user name or name, any case"),
  target: z.string().trim().min(1).max(60).optional().describe("the record or object acted on, by identifier"),
  type: z.string().trim().min(1).max(60).optional().describe("one action type exactly (the list: /api/audit/actions)"),
  action: z.string().trim().min(1).max(60).optional().describe("part of the action type, any case: 'release' finds release.request and release.decide"),
  from: day.optional().describe("events on or after this day (UTC)"),
  to: day.optional().describe("events on or before this day (UTC)"),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "must not be before from" });
type AuditFilters = z.infer<typeof AuditQuery>;

/** A LIKE pattern matching `s` anywhere, with its own % and _ taken literally. */
const containing = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The users an actor filter names: by id, or by part of the user name or display name. */
async function actorsMatching(conn: Conn, q: string): Promise<string[]> {
  const rows = await conn.selectFrom("users").select("id")
    .where((eb) => eb.or([
      eb("id", "=", q),
      sql<boolean>`lower(username) like ${containing(q)} escape '\\'`,
      sql<boolean>`lower(display_name) like ${containing(q)} escape '\\'`,
    ])).execute();
  return rows.map((r) => r.id);
}

/** The log's events matching the filters, newest first, from the cursor on. */
async function filteredEvents(conn: Conn, f: AuditFilters) {
  let q = conn.selectFrom("audit_events").selectAll();
  if (f.before) q = q.where("seq", "<", f.before);
  if (f.actor) {
    const ids = await actorsMatching(conn, f.actor);
    if (!ids.length) return [];
    q = q.where("actor", "in", ids);
  }
  if (f.target) q = q.where("target", "=", f.target);
  if (f.type) q = q.where("action", "=", f.type);
  if (f.action) q = q.where(sql<boolean>`lower(action) like ${containing(f.action)} escape '\\'`);
  // `at` is an ISO timestamp in UTC, so days compare as text.
  if (f.from) q = q.where("at", ">=", f.from);
  if (f.to) q = q.where("at", "<", nextDay(f.to));
  return (await q.orderBy("seq", "desc").limit(f.limit).execute()).map(rowToEvent);
}

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** User names and display names of the actors shown. */
async function actorNames(conn: Conn, ids: string[]): Promise<Map<string, { username: string; displayName: string }>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await conn.selectFrom("users").select(["id", "username", "display_name"]).where("id", "in", unique).execute();
  return new Map(rows.map((r) => [r.id, { username: r.username, displayName: r.display_name }]));
}

export async function auditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get("/audit", { config: { tokenScope: "audit" }, schema: { tags: ["audit"], summary: "Auditors: the audit log, newest first", querystring: AuditQuery } }, async (req) => {
    const v = requireRole(req, "auditor");
    const conn = db(req);
    await sequenceAll(conn);
    const rows = await filteredEvents(conn, req.query);
    const refs = await resolveRefs(conn, scopeOf(req), rows.map((e) => e.target));
    const sets = await loadReadSets(conn, rows.flatMap((e) => readSetOfEvent(e) ?? []));
    const names = await actorNames(conn, rows.flatMap((e) => e.actor ?? []));
    const { limit: _limit, before: _before, ...filters } = req.query;
    await recordAudit(conn, { actor: v.id, action: "audit.view", outcome: "success", client: clientOf(req), details: { count: rows.length, ...filters } });
    return {
      items: rows.map((e) => {
        const set = readSetOfEvent(e);
        // A list read names the records it returned by identifier, grouped by their marking then.
        return {
          ...e, actorName: e.actor ? (names.get(e.actor) ?? null) : null,
          targetRecord: e.target ? (refs.get(e.target) ?? null) : null, ...(set ? { readSetRecords: sets.get(set) ?? null } : {}),
        };
      }),
      nextBefore: rows.length === req.query.limit ? rows[rows.length - 1]!.seq : null,
    };
  });

  r.get("/audit/actions", { config: { tokenScope: "audit" }, schema: { tags: ["audit"], summary: "Auditors: the action types the log holds, for the viewer's picker" } }, async (req) => {
    requireRole(req, "auditor");
    const conn = db(req);
    await sequenceAll(conn);
    // A loose index scan (one index probe per distinct type), not a pass over the whole log.
    const rows = await sql<{ action: string | null }>`
      with recursive types(action) as (
        select min(action) from audit_events
        union all
        select (select min(e.action) from audit_events e where e.action > types.action) from types where types.action is not null
      )
      select action from types where action is not null`.execute(conn);
    return { items: rows.rows.map((r) => r.action!) };
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
