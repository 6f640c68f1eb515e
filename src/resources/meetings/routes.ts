import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ulid } from "ulid";
import { recordAudit } from "../../audit/log.ts";
import { countryCode } from "../../domain/markings.ts";
import type { Marking } from "../../domain/markings.ts";
import { invalid } from "../../domain/errors.ts";
import { clientOf, scopeOf, viewerOf } from "../../http/auth.ts";
import { isReadable, readableRecords } from "../../store/records.ts";
import type { Tx } from "../../store/db.ts";
import { recordRoutes } from "../crud.ts";
import type { Filter } from "../listing.ts";
import { audited, auditMarking, db, Id, IdParams, readRecord, Text, withMarkings } from "../common.ts";
import { meetingsToIcs } from "./calendar.ts";
import { addMinutesVersion, approveMinutes, editMinutesVersion, minutesHistory } from "./minutes.ts";
import { bumpMeeting, createMeeting, meetingFilter, meetingsById, updateMeeting, writeAgenda } from "./repo.ts";
import { AgendaItemIn, Meeting, MeetingCreate, MeetingQuery, MeetingUpdate } from "./schema.ts";

const tags = ["meetings"];
const MinutesIn = z.strictObject({ text: z.string().trim().min(1).max(200_000) });
const VersionParams = z.strictObject({ id: Id, version: z.coerce.number().int().positive() });

export async function meetingRoutes(app: FastifyInstance) {
  recordRoutes(app, {
    kind: "meeting", path: "meetings", table: "meetings",
    Item: Meeting, Create: MeetingCreate, Update: MeetingUpdate, Query: MeetingQuery,
    present: meetingsById, create: createMeeting, update: updateMeeting,
    filters: (q) => [q.forumId ? meetingFilter.forum(q.forumId) : null, q.status ? meetingFilter.status(q.status) : null].filter((f): f is Filter => f !== null),
    facets: ["status"],
    exportColumns: [["id", (m) => m.id], ["title", (m) => m.title], ["sequence", (m) => m.sequence], ["start", (m) => m.dateStart ?? ""], ["end", (m) => m.dateEnd ?? ""],
      ["venue", (m) => [m.venueCity, m.venueCountry].filter(Boolean).join(", ")], ["status", (m) => m.status]],
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const present = async (req: FastifyRequest, id: string) => {
    const { row, marking } = await readRecord(req, "meeting", id);
    return (await meetingsById(db(req), scopeOf(req), [{ ...row, marking }]))[0]!;
  };
  /** Reads the meeting, runs one audited change to a part of it, answers with the meeting. */
  const change = async <T>(req: FastifyRequest, action: string, id: string, work: (tx: Tx, marking: Marking) => Promise<T>, details: (t: T) => Record<string, unknown> = () => ({})) => {
    const { marking } = await readRecord(req, "meeting", id);
    await audited(req, action, async (tx) => {
      const result = await work(tx, marking);
      return { result, event: { target: id, marking: auditMarking(marking), outcome: "success", details: details(result) } };
    });
    return present(req, id);
  };

  r.put("/meetings/:id/agenda", { schema: { tags, summary: "Replace the agenda (carried-over actions included as items with actionId)", params: IdParams, body: z.array(AgendaItemIn).max(100) } }, async (req) =>
    change(req, "meeting.agenda", req.params.id, async (tx, marking) => {
      for (const [i, a] of req.body.entries()) {
        if (a.actionId && !(await isReadable(tx, scopeOf(req), a.actionId, "action"))) throw invalid(`${i}.actionId`, "known_record", "no such action");
      }
      await bumpMeeting(tx, scopeOf(req), req.params.id, marking, { agenda: req.body.length });
      await writeAgenda(tx, req.params.id, req.body);
    }));

  const Attendance = z.array(z.strictObject({ country: countryCode, personId: Id, role: Text(200).nullable().optional(), attended: z.boolean() })).max(500);
  r.put("/meetings/:id/attendance", { schema: { tags, summary: "Record the delegations and who attended", params: IdParams, body: Attendance } }, async (req) =>
    change(req, "meeting.attendance", req.params.id, async (tx, marking) => {
      for (const [i, p] of req.body.entries()) {
        if (!(await isReadable(tx, scopeOf(req), p.personId, "person"))) throw invalid(`${i}.personId`, "known_record", "no such person");
      }
      await bumpMeeting(tx, scopeOf(req), req.params.id, marking, { attendance: req.body.length });
      await tx.deleteFrom("meeting_participants").where("meeting_id", "=", req.params.id).execute();
      const unique = [...new Map(req.body.map((p) => [p.personId, p])).values()];
      if (unique.length) await tx.insertInto("meeting_participants").values(unique.map((p) => ({ meeting_id: req.params.id, country: p.country, person_id: p.personId, role: p.role ?? null, attended: p.attended ? 1 : 0 }))).execute();
    }));

  r.put("/meetings/:id/outcomes", { schema: { tags, summary: "Replace the outcomes (decisions) of the meeting", params: IdParams, body: z.array(z.strictObject({ text: Text(5000) })).max(200) } }, async (req) =>
    change(req, "meeting.outcomes", req.params.id, async (tx, marking) => {
      await bumpMeeting(tx, scopeOf(req), req.params.id, marking, { outcomes: req.body.length });
      const existing = await tx.selectFrom("outcomes").select("id").where("meeting_id", "=", req.params.id).orderBy("position").execute();
      // Keep identifiers by position, so actions that cite an outcome keep citing it.
      for (const [i, o] of req.body.entries()) {
        const id = existing[i]?.id;
        if (id) await tx.updateTable("outcomes").set({ text: o.text, position: i + 1 }).where("id", "=", id).execute();
        else await tx.insertInto("outcomes").values({ id: ulid(), meeting_id: req.params.id, position: i + 1, text: o.text }).execute();
      }
      const drop = existing.slice(req.body.length).map((o) => o.id);
      if (drop.length) {
        await tx.updateTable("actions").set({ outcome_id: null }).where("outcome_id", "in", drop).execute();
        await tx.deleteFrom("outcomes").where("id", "in", drop).execute();
      }
    }));

  r.get("/meetings/:id/minutes", { schema: { tags, summary: "Every version of the minutes with its approvals", params: IdParams } }, async (req) => {
    const m = await present(req, req.params.id);
    return { status: m.status, agreedVersion: m.minutes.agreedVersion, versions: await minutesHistory(db(req), req.params.id) };
  });
  r.post("/meetings/:id/minutes", { schema: { tags, summary: "Add a new version of the minutes (agreed minutes then need agreement again)", params: IdParams, body: MinutesIn } }, async (req, reply) =>
    reply.code(201).send(await change(req, "meeting.minutes_version", req.params.id, (tx, marking) => addMinutesVersion(tx, scopeOf(req), req.params.id, marking, req.body.text), (v) => ({ version: v }))));
  r.put("/meetings/:id/minutes/:version", { schema: { tags, summary: "Correct the latest, unapproved version", params: VersionParams, body: MinutesIn } }, async (req) =>
    change(req, "meeting.minutes_edit", req.params.id, (tx, marking) => editMinutesVersion(tx, scopeOf(req), req.params.id, marking, req.params.version, req.body.text), () => ({ version: req.params.version })));
  r.post("/meetings/:id/minutes/:version/approve", { schema: { tags, summary: "Approve a version as your country's co-chair", params: VersionParams } }, async (req) =>
    change(req, "meeting.minutes_approve", req.params.id, (tx, marking) => approveMinutes(tx, scopeOf(req), req.params.id, marking, req.params.version), (res) => ({ version: req.params.version, ...res })));

  const calendar = async (req: FastifyRequest, ids: string[] | null) => {
    const conn = db(req);
    let q = readableRecords(conn, scopeOf(req), "meeting").selectAll("r");
    if (ids) q = q.where("r.id", "in", ids);
    const records = await withMarkings(conn, await q.orderBy("r.created_at", "desc").limit(5000).execute());
    const meetings = await meetingsById(conn, scopeOf(req), records);
    const out = meetingsToIcs(meetings.map((m, i) => ({ ...m, rawMarking: records[i]!.marking })), viewerOf(req).nationality);
    await recordAudit(conn, { actor: viewerOf(req).id, action: "meeting.export_ics", outcome: "success", client: clientOf(req), marking: out.banner, details: { count: meetings.length } });
    return out;
  };
  r.get("/meetings/calendar.ics", { schema: { tags, summary: "iCalendar of every meeting you may read" } }, async (req, reply) => {
    const { ics, banner } = await calendar(req, null);
    return reply.type("text/calendar; charset=utf-8").header("x-accord-marking", banner).header("content-disposition", "attachment; filename=meetings.ics").send(ics);
  });
  r.get("/meetings/:id/calendar.ics", { schema: { tags, summary: "iCalendar event of one meeting", params: IdParams } }, async (req, reply) => {
    await readRecord(req, "meeting", req.params.id);
    const { ics, banner } = await calendar(req, [req.params.id]);
    return reply.type("text/calendar; charset=utf-8").header("x-accord-marking", banner).header("content-disposition", "attachment; filename=meeting.ics").send(ics);
  });
}
