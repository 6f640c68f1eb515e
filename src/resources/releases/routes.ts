// Releases (SPEC 3.3): lowering or widening a marking takes effect only when a security officer
// of the originator country approves the request. Refusals are kept; nobody decides their own.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { ulid } from "ulid";
import { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { isRelease, markingKey, MarkingInput, toOutput } from "../../domain/markings.ts";
import { grantByRole } from "../../domain/policy.ts";
import { readerOf } from "../../http/auth.ts";
import { REGISTRY, type Kind } from "../../kinds.ts";
import { internMarking, loadMarking, resolveMarking } from "../../store/markings.ts";
import { auditMarking } from "../../store/reader.ts";
import { writeVersion } from "../../store/records.ts";
import { notify } from "../../notify/notify.ts";
import { Id, IdParams } from "../common.ts";
import { RELEASE_STATUSES } from "./statuses.ts";

const tags = ["releases"];
const ReleaseIn = z.strictObject({ recordId: Id, marking: MarkingInput, reason: z.string().trim().min(5).max(2000) });
const DecisionIn = z.strictObject({ decision: z.enum(["approve", "refuse"]), note: z.string().trim().max(2000).optional() });
const ListQuery = z.strictObject({ status: z.enum(RELEASE_STATUSES).optional() });

export async function releaseRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post("/releases", { schema: { tags, summary: "Ask for a record's marking to be lowered or widened", body: ReleaseIn } }, async (req, reply) => {
    const id = await readerOf(req).transaction("release.request", req.body.recordId, async (w) => {
      const rec = await w.get(null, req.body.recordId);
      // Who may edit a record may ask for its release: its kind's policy.
      grantByRole(REGISTRY[rec.kind as Kind].policy, w.actor, "release", rec.kind);
      const from = rec.marking;
      const to = await resolveMarking(w.tx, { ...req.body.marking, originator: req.body.marking.originator ?? from.originator }, from.originator);
      if (to.originator !== from.originator) throw new AccordError("validation_failed", "marking.originator: the originator of a record never changes", [{ field: "marking.originator", rule: "unchanged", message: "cannot change" }]);
      if (markingKey(to) === markingKey(from) || !isRelease(from, to)) {
        throw new AccordError("validation_failed", "marking: this does not lower or widen the marking; edit the record to raise it", [{ field: "marking", rule: "is_release", message: "must lower or widen the current marking" }]);
      }
      const id = ulid();
      await w.tx.insertInto("release_requests").values({
        id, record_id: rec.id, requested_by: w.viewer.id, reason: req.body.reason, from_marking_id: rec.marking_id, to_marking_id: await internMarking(w.tx, to),
        status: "pending", decided_by: null, decided_at: null, decision_note: null, created_at: new Date().toISOString(),
      }).execute();
      await notify(w.tx, { event: "release_requested", record: rec, audience: { officersOf: from.originator }, actor: w.viewer.id });
      return { result: id, event: { target: rec.id, marking: auditMarking(from), outcome: "success", details: { request: id, to: toOutput(to).banner } } };
    });
    return reply.code(201).send({ id, status: "pending" });
  });

  r.get("/releases", { config: { checkAfterReads: true }, schema: { tags, summary: "Release requests on records you may read: your own, and for security officers those of your country", querystring: ListQuery } }, async (req) => {
    const reader = readerOf(req);
    const v = reader.viewer;
    const isOfficer = v.roles.includes("security_officer");
    let q = reader.records().innerJoin("release_requests as rr", "rr.record_id", "r.id").innerJoin("markings as m", "m.id", "r.marking_id")
      .select(["rr.id", "rr.record_id", "r.kind", "r.title", "rr.requested_by", "rr.reason", "rr.from_marking_id", "rr.to_marking_id", "rr.status", "rr.decided_by", "rr.decided_at", "rr.decision_note", "rr.created_at"])
      .where((eb) => (isOfficer ? eb.or([eb("rr.requested_by", "=", v.id), eb("m.originator", "=", v.nationality)]) : eb("rr.requested_by", "=", v.id)));
    if (req.query.status) q = q.where("rr.status", "=", req.query.status);
    const rows = await q.orderBy("rr.created_at", "desc").limit(200).execute();
    const ms = await reader.markings(rows.flatMap((x) => [x.from_marking_id, x.to_marking_id]));
    await reader.auditList("release.list", rows.map((x) => ({ id: x.record_id, marking: ms.get(x.from_marking_id)! })));
    return {
      items: rows.map((x) => ({
        id: x.id, record: { id: x.record_id, kind: x.kind, title: x.title }, requestedBy: x.requested_by, reason: x.reason,
        from: toOutput(ms.get(x.from_marking_id)!), to: toOutput(ms.get(x.to_marking_id)!), status: x.status,
        decidedBy: x.decided_by, decidedAt: x.decided_at, note: x.decision_note, createdAt: x.created_at,
      })),
    };
  });

  r.post("/releases/:id/decision", { schema: { tags, summary: "Security officers of the originator country: approve or refuse", params: IdParams, body: DecisionIn } }, async (req) =>
    readerOf(req).transaction("release.decide", req.params.id, async (w) => {
      const v = w.viewer;
      const [rec] = await w.read(w.records().innerJoin("release_requests as rr", "rr.record_id", "r.id").selectAll("r")
        .select(["rr.id as request_id", "rr.requested_by", "rr.status as request_status", "rr.from_marking_id", "rr.to_marking_id"]).where("rr.id", "=", req.params.id));
      if (!rec) throw new AccordError("not_found", "No such release request.");
      const current = rec.marking;
      if (!v.roles.includes("security_officer") || v.nationality !== current.originator) {
        throw new AccordError("forbidden", `Only a security officer of ${current.originator} may decide this release.`);
      }
      if (rec.requested_by === v.id) throw new AccordError("forbidden", "You may not decide your own release request.");
      if (rec.request_status !== "pending") throw new AccordError("conflict", `This request was ${rec.request_status} already.`);
      if (rec.marking_id !== rec.from_marking_id) throw new AccordError("conflict", "The record's marking changed since the request; ask for a new request.");
      const now = new Date().toISOString();
      const status = req.body.decision === "approve" ? "approved" : "refused";
      await w.tx.updateTable("release_requests").set({ status, decided_by: v.id, decided_at: now, decision_note: req.body.note ?? null }).where("id", "=", rec.request_id).where("status", "=", "pending").execute();
      const to = await loadMarking(w.tx, rec.to_marking_id);
      if (status === "approved") {
        const last = await w.children("record_versions", [rec.id]).select("data").where("version", "=", rec.version).executeTakeFirstOrThrow();
        await writeVersion(w.tx, w, rec, { markingId: rec.to_marking_id, marking: to, actor: v.id }, { title: rec.title, snapshot: JSON.parse(last.data) });
      }
      await notify(w.tx, { event: "release_decided", record: w.current(rec), audience: { users: [rec.requested_by] }, actor: v.id });
      return {
        result: { id: rec.request_id, status },
        event: { target: rec.id, marking: auditMarking(current), outcome: "success", details: { request: rec.request_id, decision: status, to: toOutput(to).banner } },
      };
    }));
}
