// The relationship overview for a partner country (SPEC 1, senior official): agreements by
// status and area, meetings and engagements on a timeline, the last meeting's outcomes, open and
// overdue actions, programmes by stage and indigenous content. Computed only over what the
// caller may read, and carrying the derived marking of everything it draws on (SPEC 3.4).
import type { FastifyRequest } from "fastify";
import { sql } from "kysely";
import { deriveMarking, toOutput } from "../../domain/markings.ts";
import { readableMarkings } from "../../store/access.ts";
import { loadMarkings } from "../../store/markings.ts";
import { scopeOf, viewerOf } from "../../http/auth.ts";
import { auditListRead, db } from "../common.ts";
import { overviewIndigenousContent } from "./ic.ts";

export async function overviewFor(req: FastifyRequest, partner: string) {
  const conn = db(req);
  const me = viewerOf(req);
  const readable = readableMarkings(scopeOf(req));
  const ok = sql`r.marking_id in (${readable})`;
  // The records involving the partner (or, for one's own country, all of them).
  const own = partner === me.nationality;

  const agreements = (await sql<{ id: string; title: string; status: string; signed_on: string | null; marking_id: string }>`
    select r.id, r.title, a.status, a.signed_on, r.marking_id from records r join agreements a on a.id = r.id
    where ${ok} and (${own ? sql`1 = 1` : sql`exists (select 1 from agreement_parties p where p.agreement_id = a.id and p.country = ${partner})`})
    order by a.signed_on desc`.execute(conn)).rows;
  const areas = agreements.length
    ? (await conn.selectFrom("agreement_areas").select(["area", (eb) => eb.fn.countAll<number>().as("n")]).where("agreement_id", "in", agreements.map((a) => a.id)).groupBy("area").orderBy("area").execute())
    : [];

  const meetings = (await sql<{ id: string; title: string; date_start: string | null; status: string; marking_id: string }>`
    select r.id, r.title, m.date_start, m.status, r.marking_id from records r join meetings m on m.id = r.id
    where ${ok} and exists (select 1 from forum_members fm where fm.forum_id = m.forum_id and fm.country = ${partner})`.execute(conn)).rows;
  const engagements = (await sql<{ id: string; title: string; date_start: string | null; engagement_kind: string; marking_id: string }>`
    select r.id, r.title, e.date_start, e.engagement_kind, r.marking_id from records r join engagements e on e.id = r.id
    where ${ok} and (e.delegation_country = ${partner} or e.host_country = ${partner})`.execute(conn)).rows;

  const today = new Date().toISOString().slice(0, 10);
  const actions = (await sql<{ id: string; title: string; due_date: string | null; status: string; marking_id: string }>`
    select r.id, r.title, a.due_date, a.status, r.marking_id from actions a join records r on r.id = a.id
    where a.marking_id in (${readable}) and a.status in ('open', 'in_progress')
      and (a.owner_country = ${partner} or exists (select 1 from forum_members fm where fm.forum_id = a.forum_id and fm.country = ${partner}))
    order by coalesce(a.due_date, '9999-12-31'), a.id`.execute(conn)).rows;
  const overdue = actions.filter((a) => a.due_date && a.due_date < today);

  const programmes = (await sql<{ id: string; title: string; stage: string; marking_id: string }>`
    select r.id, r.title, p.stage, r.marking_id from records r join programmes p on p.id = r.id
    where ${ok} and (p.buyer_country = ${partner} or exists (select 1 from programme_partners pp join organisations o on o.id = pp.organisation_id
                                                            where pp.programme_id = p.id and o.country = ${partner}))`.execute(conn)).rows;

  const all = [...agreements, ...meetings, ...engagements, ...actions, ...programmes];
  const markings = await loadMarkings(conn, all.map((x) => x.marking_id));
  const derived = deriveMarking(all.map((x) => markings.get(x.marking_id)!), me.nationality);
  await auditListRead(req, "overview.read", all.map((x) => ({ id: x.id, marking: markings.get(x.marking_id)! })));
  const count = <T>(xs: T[], key: (x: T) => string) => Object.entries(xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [key(x)]: (acc[key(x)] ?? 0) + 1 }), {})).map(([value, n]) => ({ value, count: n }));
  // The last meeting held, with its outcomes (they carry the meeting's marking).
  const last = meetings.filter((m) => m.status !== "planned" && m.date_start).sort((a, b) => b.date_start!.localeCompare(a.date_start!))[0];
  const lastOutcomes = last ? await conn.selectFrom("outcomes").select("text").where("meeting_id", "=", last.id).orderBy("position").execute() : [];
  return {
    derived,
    country: partner,
    marking: toOutput(derived),
    agreements: {
      total: agreements.length,
      byStatus: count(agreements, (a) => a.status),
      byArea: areas.map((a) => ({ value: a.area, count: Number(a.n) })),
      recent: agreements.slice(0, 10).map((a) => ({ id: a.id, title: a.title, status: a.status, signedOn: a.signed_on })),
    },
    timeline: [
      ...meetings.map((m) => ({ id: m.id, kind: "meeting", title: m.title, date: m.date_start, detail: m.status })),
      ...engagements.map((e) => ({ id: e.id, kind: "engagement", title: e.title, date: e.date_start, detail: e.engagement_kind })),
    ].sort((a, b) => (b.date ?? "").localeCompare(a.date ?? "")),
    actions: {
      open: actions.length,
      overdue: overdue.length,
      mostOverdue: overdue.slice(0, 10).map((a) => ({ id: a.id, title: a.title, dueDate: a.due_date, status: a.status })),
    },
    programmes: { total: programmes.length, byStage: count(programmes, (p) => p.stage) },
    lastMeeting: last ? { id: last.id, title: last.title, date: last.date_start, outcomes: lastOutcomes.map((o) => o.text) } : null,
    indigenousContent: await overviewIndigenousContent(conn, scopeOf(req), programmes.map((p) => p.id)),
  };
}

export type Overview = Awaited<ReturnType<typeof overviewFor>>;
