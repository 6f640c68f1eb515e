// The meeting workspace beyond the record itself: agenda, attendance, outcomes, minutes in
// versions with the co-chairs' approvals, and the calendar. Each change is one audited
// transaction that reads the meeting once and answers with it.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ulid } from "ulid";
import { countryCode } from "../../domain/markings.ts";
import { invalid } from "../../domain/errors.ts";
import { readerOf } from "../../http/auth.ts";
import { auditMarking, type ReadRecord, type Writer } from "../../store/reader.ts";
import { Id, IdParams, Text } from "../common.ts";
import { meetingsToIcs } from "./calendar.ts";
import { AccordError } from "../../domain/errors.ts";
import { banner } from "../../domain/markings.ts";
import { addMinutesVersion, approveMinutes, diffMinutes, editMinutesVersion, minutesHistory, reopenIfAgreed } from "./minutes.ts";
import { presentMeetings } from "./present.ts";
import { AgendaItemIn } from "./schema.ts";
import { bumpMeeting, editGrant, writeAgenda } from "./write.ts";

const tags = ["meetings"];
const MinutesIn = z.strictObject({ text: z.string().trim().min(1).max(200_000) });
const VersionParams = z.strictObject({ id: Id, version: z.coerce.number().int().positive() });
const DiffQuery = z.strictObject({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() });
/** Agreed minutes freeze the agenda, attendance and outcomes; `reopenMinutes=true` says the change opens a new version. */
const FrozenQuery = z.strictObject({ reopenMinutes: z.enum(["true", "false"]).optional() });
const Attendance = z.array(z.strictObject({ country: countryCode, personId: Id, role: Text(200).nullable().optional(), attended: z.boolean() })).max(500);

/** One audited change to a part of a meeting, answered with the meeting as changed. */
function change<T>(req: FastifyRequest, action: string, id: string, work: (w: Writer, meeting: ReadRecord) => Promise<T>, details: (t: T) => Record<string, unknown> = () => ({})) {
  return readerOf(req).transaction(action, id, async (w) => {
    const meeting = await w.get("meeting", id);
    const done = await work(w, meeting);
    const [item] = await presentMeetings(w, [w.current(meeting)]);
    return { result: item!, event: { target: id, marking: auditMarking(meeting.marking), outcome: "success", details: details(done) } };
  });
}

export async function meetingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.put("/meetings/:id/agenda", { schema: { tags, summary: "Replace the agenda (carried-over actions included as items with actionId)", params: IdParams, querystring: FrozenQuery, body: z.array(AgendaItemIn).max(100) } }, async (req) =>
    change(req, "meeting.agenda", req.params.id, async (w, meeting) => {
      const allowed = editGrant(w);
      await reopenIfAgreed(w, meeting, "agenda", req.query.reopenMinutes === "true");
      const readable = new Set((await w.readable(req.body.map((a) => a.actionId), ["action"])).map((a) => a.id as string));
      for (const [i, a] of req.body.entries()) if (a.actionId && !readable.has(a.actionId)) throw invalid(`${i}.actionId`, "known_record", "no such action");
      await bumpMeeting(w, meeting, { agenda: req.body.length }, { grant: allowed });
      await writeAgenda(w, meeting.id, req.body);
    }));

  r.put("/meetings/:id/attendance", { schema: { tags, summary: "Record the delegations and who attended", params: IdParams, querystring: FrozenQuery, body: Attendance } }, async (req) =>
    change(req, "meeting.attendance", req.params.id, async (w, meeting) => {
      const allowed = editGrant(w);
      await reopenIfAgreed(w, meeting, "attendance", req.query.reopenMinutes === "true");
      const readable = new Set((await w.readable(req.body.map((p) => p.personId), ["person"])).map((p) => p.id as string));
      for (const [i, p] of req.body.entries()) if (!readable.has(p.personId)) throw invalid(`${i}.personId`, "known_record", "no such person");
      await bumpMeeting(w, meeting, { attendance: req.body.length }, { grant: allowed });
      await w.tx.deleteFrom("meeting_participants").where("meeting_id", "=", meeting.id).execute();
      const unique = [...new Map(req.body.map((p) => [p.personId, p])).values()];
      if (unique.length) await w.tx.insertInto("meeting_participants").values(unique.map((p) => ({ meeting_id: meeting.id, country: p.country, person_id: p.personId, role: p.role ?? null, attended: p.attended ? 1 : 0 }))).execute();
    }));

  r.put("/meetings/:id/outcomes", { schema: { tags, summary: "Replace the outcomes (decisions) of the meeting", params: IdParams, querystring: FrozenQuery, body: z.array(z.strictObject({ text: Text(5000) })).max(200) } }, async (req) =>
    change(req, "meeting.outcomes", req.params.id, async (w, meeting) => {
      const allowed = editGrant(w);
      await reopenIfAgreed(w, meeting, "outcomes", req.query.reopenMinutes === "true");
      await bumpMeeting(w, meeting, { outcomes: req.body.length }, { grant: allowed });
      const existing = await w.children("outcomes", [meeting.id]).select("id").orderBy("position").execute();
      // Keep identifiers by position, so actions that cite an outcome keep citing it.
      for (const [i, o] of req.body.entries()) {
        const id = existing[i]?.id;
        if (id) await w.tx.updateTable("outcomes").set({ text: o.text, position: i + 1 }).where("id", "=", id).execute();
        else await w.tx.insertInto("outcomes").values({ id: ulid(), meeting_id: meeting.id, position: i + 1, text: o.text }).execute();
      }
      const drop = existing.slice(req.body.length).map((o) => o.id);
      if (drop.length) {
        await w.tx.updateTable("actions").set({ outcome_id: null }).where("outcome_id", "in", drop).execute();
        await w.tx.deleteFrom("outcomes").where("id", "in", drop).execute();
      }
    }));

  r.get("/meetings/:id/minutes", { config: { checkAfterReads: true }, schema: { tags, summary: "Every version of the minutes with its approvals", params: IdParams } }, async (req) => {
    const reader = readerOf(req);
    const meeting = await reader.get("meeting", req.params.id);
    const [m] = await presentMeetings(reader, [meeting]);
    return { status: m!.status, agreedVersion: m!.minutes.agreedVersion, versions: await minutesHistory(reader, meeting) };
  });
  r.get("/meetings/:id/minutes/diff", { config: { checkAfterReads: true }, schema: { tags, summary: "Two versions of the minutes compared word by word", params: IdParams, querystring: DiffQuery } }, async (req) => {
    const reader = readerOf(req);
    const meeting = await reader.get("meeting", req.params.id);
    const versions = await reader.children("minutes_versions", [meeting.id]).select(["version", "text"]).where("version", "in", [req.query.from, req.query.to]).execute();
    const text = (v: number, field: "from" | "to") => {
      const found = versions.find((x) => x.version === v);
      if (!found) throw new AccordError("not_found", `No version ${v} of these minutes.`, [{ field, rule: "known_version", message: "no such version" }]);
      return found.text;
    };
    return { from: req.query.from, to: req.query.to, parts: diffMinutes(text(req.query.from, "from"), text(req.query.to, "to")) };
  });
  r.get("/meetings/:id/minutes.pdf", { schema: { tags, summary: "The agreed minutes as a PDF, marked top and bottom of every page, naming who approved them and when", params: IdParams } }, async (req, reply) => {
    const reader = readerOf(req);
    const meeting = await reader.get("meeting", req.params.id);
    const [m] = await presentMeetings(reader, [meeting]);
    const agreed = m!.minutes.agreedVersion;
    if (!agreed) throw new AccordError("conflict", "These minutes are not agreed yet: only agreed minutes are exported.", [{ field: "status", rule: "not_agreed", message: "the minutes are not agreed" }]);
    const version = (await minutesHistory(reader, meeting)).find((v) => v.version === agreed)!;
    const line = banner(meeting.marking);
    const national = await reader.nationalTerm(meeting.marking, reader.viewer.nationality);
    const pdf = await req.server.ctx.pool.minutes({
      title: m!.title, marking: national ? `${line}  (${reader.viewer.nationality}: ${national})` : line, version: agreed,
      when: [m!.dateStart && (m!.dateEnd && m!.dateEnd !== m!.dateStart ? `${m!.dateStart} to ${m!.dateEnd}` : m!.dateStart), m!.venueCity, m!.venueCountry].filter(Boolean).join(", ") || null,
      approvals: version.approvals.map((a) => ({ country: a.country, name: a.person && !a.person.withheld ? a.person.title : (a.approvedBy ?? "a co-chair"), approvedAt: a.approvedAt })),
      text: version.text, madeOn: new Date().toISOString().slice(0, 10), madeFor: reader.viewer.displayName,
    });
    await reader.audit({ action: "meeting.minutes_export", target: meeting.id, marking: line, outcome: "success", details: { version: agreed } });
    return reply.type("application/pdf").header("x-accord-marking", line).header("content-disposition", `attachment; filename="minutes-${meeting.id}-v${agreed}.pdf"`).send(pdf);
  });
  r.post("/meetings/:id/minutes", { schema: { tags, summary: "Add a new version of the minutes (agreed minutes then need agreement again)", params: IdParams, body: MinutesIn } }, async (req, reply) =>
    reply.code(201).send(await change(req, "meeting.minutes_version", req.params.id, (w, meeting) => addMinutesVersion(w, meeting, req.body.text), (v) => ({ version: v }))));
  r.put("/meetings/:id/minutes/:version", { schema: { tags, summary: "Correct the latest, unapproved version", params: VersionParams, body: MinutesIn } }, async (req) =>
    change(req, "meeting.minutes_edit", req.params.id, (w, meeting) => editMinutesVersion(w, meeting, req.params.version, req.body.text), () => ({ version: req.params.version })));
  r.post("/meetings/:id/minutes/:version/approve", { schema: { tags, summary: "Approve a version as your country's co-chair", params: VersionParams } }, async (req) =>
    change(req, "meeting.minutes_approve", req.params.id, (w, meeting) => approveMinutes(w, meeting, req.params.version), (res) => ({ version: req.params.version, ...res })));

  /** An iCalendar export of meetings, marked with what it holds and audited as an export. */
  const calendar = async (req: FastifyRequest, ids: string[] | null) => {
    const reader = readerOf(req);
    const records = await reader.all("meeting", 5000, ids ?? undefined);
    // One meeting asked for and not readable: the same answer (and audit) as for any record.
    if (ids && !records.length) await reader.get("meeting", ids[0]!);
    const meetings = await presentMeetings(reader, records);
    const out = meetingsToIcs(meetings.map((m, i) => ({ ...m, rawMarking: records[i]!.marking })), reader.viewer.nationality);
    await reader.audit({ action: "meeting.export_ics", outcome: "success", marking: out.banner, details: { count: meetings.length } });
    return out;
  };
  r.get("/meetings/calendar.ics", { schema: { tags, summary: "iCalendar of every meeting you may read" } }, async (req, reply) => {
    const { ics, banner } = await calendar(req, null);
    return reply.type("text/calendar; charset=utf-8").header("x-accord-marking", banner).header("content-disposition", "attachment; filename=meetings.ics").send(ics);
  });
  r.get("/meetings/:id/calendar.ics", { schema: { tags, summary: "iCalendar event of one meeting", params: IdParams } }, async (req, reply) => {
    const { ics, banner } = await calendar(req, [req.params.id]);
    return reply.type("text/calendar; charset=utf-8").header("x-accord-marking", banner).header("content-disposition", "attachment; filename=meeting.ics").send(ics);
  });
}
