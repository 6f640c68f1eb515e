// Releases (SPEC 3.3): lowering or widening a marking takes effect only when a security officer
// of the originator country approves the request. Refusals are kept; nobody decides their own.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "kysely";
import { ulid } from "ulid";
import { z } from "zod";
import { AccordError } from "../../domain/errors.ts";
import { isRelease, markingKey, MarkingInput, toOutput } from "../../domain/markings.ts";
import { mayEdit, type Kind } from "../../domain/roles.ts";
import { readableBy } from "../../store/access.ts";
import { internMarking, loadMarking, loadMarkings, resolveMarking } from "../../store/markings.ts";
import { readableRecords, writeVersion } from "../../store/records.ts";
import { scopeOf, viewerOf } from "../../http/auth.ts";
import { audited, auditListRead, auditMarking, db, Id, IdParams, readRecord } from "../common.ts";

const tags = ["releases"];
const ReleaseIn = z.strictObject({ recordId: Id, marking: MarkingInput, reason: z.string().trim().min(5).max(2000) });
const DecisionIn = z.strictObject({ decision: z.enum(["approve", "refuse"]), note: z.string().trim().max(2000).optional() });
const ListQuery = z.strictObject({ status: z.enum(["pending", "approved", "refused"]).optional() });

export async function releaseRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post("/releases", { schema: { tags, summary: "Ask for a record's marking to be lowered or widened", body: ReleaseIn } }, async (req, reply) => {
    const v = viewerOf(req);
    const { row, marking: from } = await readRecord(req, null, req.body.recordId);
    const id = await audited(req, "release.request", async (tx) => {
      if (!mayEdit(v.roles, row.kind as Kind)) throw new AccordError("forbidden", `Your roles do not allow editing ${row.kind} records.`);
      const to = await resolveMarking(tx, { ...req.body.marking, originator: req.body.marking.originator ?? from.originator }, from.originator);
      if (to.originator !== from.originator) throw new AccordError("validation_failed", "marking.originator: the originator of a record never changes", [{ field: "marking.originator", rule: "unchanged", message: "cannot change" }]);
      if (markingKey(to) === markingKey(from) || !isRelease(from, to)) {
        throw new AccordError("validation_failed", "marking: this does not lower or widen the marking; edit the record to raise it", [{ field: "marking", rule: "is_release", message: "must lower or widen the current marking" }]);
      }
      const id = ulid();
      await tx.insertInto("release_requests").values({
        id, record_id: row.id, requested_by: v.id, reason: req.body.reason, from_marking_id: row.marking_id, to_marking_id: await internMarking(tx, to),
        status: "pending", decided_by: null, decided_at: null, decision_note: null, created_at: new Date().toISOString(),
      }).execute();
      return { result: id, event: { target: row.id, marking: auditMarking(from), outcome: "success", details: { request: id, to: toOutput(to).banner } } };
    });
    return reply.code(201).send({ id, status: "pending" });
  });

  r.get("/releases", { schema: { tags, summary: "Release requests on records you may read: your own, and for security officers those of your country", querystring: ListQuery } }, async (req) => {
    const v = viewerOf(req);
    const isOfficer = v.roles.includes("security_officer");
    let q = db(req).selectFrom("release_requests as rr").innerJoin("records as r", "r.id", "rr.record_id").innerJoin("markings as m", "m.id", "r.marking_id")
      .select(["rr.id", "rr.record_id", "r.kind", "r.title", "rr.requested_by", "rr.reason", "rr.from_marking_id", "rr.to_marking_id", "rr.status", "rr.decided_by", "rr.decided_at", "rr.decision_note", "rr.created_at"])
      .where(readableBy(scopeOf(req), "r.marking_id"))
      .where((eb) => (isOfficer ? eb.or([eb("rr.requested_by", "=", v.id), eb("m.originator", "=", v.nationality)]) : eb("rr.requested_by", "=", v.id)));
    if (req.query.status) q = q.where("rr.status", "=", req.query.status);
    const rows = await q.orderBy("rr.created_at", "desc").limit(200).execute();
    const ms = await loadMarkings(db(req), rows.flatMap((x) => [x.from_marking_id, x.to_marking_id]));
    await auditListRead(req, "release.list", rows.map((x) => ({ id: x.record_id, marking: ms.get(x.from_marking_id)! })));
    return {
      items: rows.map((x) => ({
        id: x.id, record: { id: x.record_id, kind: x.kind, title: x.title }, requestedBy: x.requested_by, reason: x.reason,
        from: toOutput(ms.get(x.from_marking_id)!), to: toOutput(ms.get(x.to_marking_id)!), status: x.status,
        decidedBy: x.decided_by, decidedAt: x.decided_at, note: x.decision_note, createdAt: x.created_at,
      })),
    };
  });

  r.post("/releases/:id/decision", { schema: { tags, summary: "Security officers of the originator country: approve or refuse", params: IdParams, body: DecisionIn } }, async (req) => {
    const v = viewerOf(req);
    return audited(req, "release.decide", async (tx) => {
      const rr = await tx.selectFrom("release_requests").selectAll().where("id", "=", req.params.id).executeTakeFirst();
      const rec = rr && (await readableRecords(tx, scopeOf(req)).selectAll("r").where("r.id", "=", rr.record_id).executeTakeFirst());
      if (!rr || !rec) throw new AccordError("not_found", "No such release request.");
      const current = await loadMarking(tx, rec.marking_id);
      if (!v.roles.includes("security_officer") || v.nationality !== current.originator) {
        throw new AccordError("forbidden", `Only a security officer of ${current.originator} may decide this release.`);
      }
      if (rr.requested_by === v.id) throw new AccordError("forbidden", "You may not decide your own release request.");
      if (rr.status !== "pending") throw new AccordError("conflict", `This request was ${rr.status} already.`);
      if (rec.marking_id !== rr.from_marking_id) throw new AccordError("conflict", "The record's marking changed since the request; ask for a new request.");
      const now = new Date().toISOString();
      const status = req.body.decision === "approve" ? "approved" : "refused";
      await tx.updateTable("release_requests").set({ status, decided_by: v.id, decided_at: now, decision_note: req.body.note ?? null }).where("id", "=", rr.id).where("status", "=", "pending").execute();
      if (status === "approved") {
        const last = await tx.selectFrom("record_versions").select("data").where("record_id", "=", rec.id).where("version", "=", rec.version).executeTakeFirstOrThrow();
        const search = await tx.selectFrom("search_docs").select("body").where("record_id", "=", rec.id).executeTakeFirstOrThrow();
        await writeVersion(tx, v.id, rec.id, rec.kind, rec.version, rr.to_marking_id, { title: rec.title, searchText: search.body, snapshot: JSON.parse(last.data) });
      }
      const to = await loadMarking(tx, rr.to_marking_id);
      return {
        result: { id: rr.id, status },
        event: { target: rec.id, marking: auditMarking(current), outcome: "success", details: { request: rr.id, decision: status, to: toOutput(to).banner } },
      };
    });
  });
}
