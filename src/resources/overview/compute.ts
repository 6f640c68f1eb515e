// The relationship overview for a partner country (SPEC 1, senior official): agreements by
// status and area, meetings and engagements on a timeline, the last meeting's outcomes, open and
// overdue actions, programmes by stage and indigenous content. Computed through the Reader, so
// only over what the caller may read, and carrying the derived marking of everything it draws on
// (SPEC 3.4).
import { sql } from "kysely";
import { deriveMarking, toOutput } from "../../domain/markings.ts";
import type { Reader } from "../../store/reader.ts";
import { overviewIndigenousContent } from "./ic.ts";

/** How many open actions the overview lists (it counts them all). */
export const OPEN_ACTIONS_LISTED = 12;

const involves = (own: boolean, condition: ReturnType<typeof sql<boolean>>) => (own ? sql<boolean>`1 = 1` : condition);

export async function overviewFor(reader: Reader, partner: string) {
  const me = reader.viewer;
  // The records involving the partner (or, for one's own country, all of them).
  const own = partner === me.nationality;

  const agreements = await reader.read(reader.records("agreement").innerJoin("agreements as a", "a.id", "r.id").selectAll("r").select(["a.status", "a.signed_on"])
    .where(involves(own, sql<boolean>`exists (select 1 from agreement_parties p where p.agreement_id = a.id and p.country = ${partner})`))
    .orderBy("a.signed_on", "desc"));
  const areas = await reader.children("agreement_areas", agreements.map((a) => a.id))
    .select(["area", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("area").orderBy("area").execute();

  const meetings = await reader.read(reader.records("meeting").innerJoin("meetings as m", "m.id", "r.id").selectAll("r").select(["m.date_start", "m.status"])
    .where(sql<boolean>`exists (select 1 from forum_members fm where fm.forum_id = m.forum_id and fm.country = ${partner})`));
  const engagements = await reader.read(reader.records("engagement").innerJoin("engagements as e", "e.id", "r.id").selectAll("r").select(["e.date_start", "e.engagement_kind"])
    .where((eb) => eb.or([eb("e.delegation_country", "=", partner), eb("e.host_country", "=", partner)])));

  const today = new Date().toISOString().slice(0, 10);
  const actions = await reader.read(reader.records("action").innerJoin("actions as a", "a.id", "r.id").selectAll("r").select(["a.due_date", "a.status"])
    .where("a.status", "in", ["open", "in_progress"])
    .where(sql<boolean>`(a.owner_country = ${partner} or exists (select 1 from forum_members fm where fm.forum_id = a.forum_id and fm.country = ${partner}))`)
    .orderBy(sql`coalesce(a.due_date, '9999-12-31')`).orderBy("a.id"));
  const overdue = actions.filter((a) => a.due_date && a.due_date < today);

  const programmes = await reader.read(reader.records("programme").innerJoin("programmes as p", "p.id", "r.id").selectAll("r").select(["p.stage"])
    .where(sql<boolean>`(p.buyer_country = ${partner} or exists (select 1 from programme_partners pp join organisations o on o.id = pp.organisation_id
                                                             where pp.programme_id = p.id and o.country = ${partner}))`));

  const all = [...agreements, ...meetings, ...engagements, ...actions, ...programmes];
  const derived = deriveMarking(all.map((x) => x.marking), me.nationality);
  await reader.auditList("overview.read", all);
  const count = <T>(xs: T[], key: (x: T) => string) => Object.entries(xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [key(x)]: (acc[key(x)] ?? 0) + 1 }), {})).map(([value, n]) => ({ value, count: n }));
  // The last meeting held, with its outcomes (they carry the meeting's marking).
  const last = meetings.filter((m) => m.status !== "planned" && m.date_start).sort((a, b) => b.date_start!.localeCompare(a.date_start!))[0];
  const lastOutcomes = last ? await reader.children("outcomes", [last.id]).select("text").orderBy("position").execute() : [];
  return {
    derived,
    country: partner,
    marking: toOutput(derived),
    agreements: {
      total: agreements.length,
      byStatus: count(agreements, (a) => a.status),
      byArea: areas.map((a) => ({ value: a.area, count: Number(a.n) })),
      recent: agreements.slice(0, 10).map((a) => ({ id: a.id as string, title: a.title, status: a.status, signedOn: a.signed_on })),
    },
    timeline: [
      ...meetings.map((m) => ({ id: m.id as string, kind: "meeting", title: m.title, date: m.date_start, detail: m.status as string })),
      ...engagements.map((e) => ({ id: e.id as string, kind: "engagement", title: e.title, date: e.date_start, detail: e.engagement_kind })),
    ].sort((a, b) => (b.date ?? "").localeCompare(a.date ?? "")),
    actions: {
      open: actions.length,
      overdue: overdue.length,
      mostOverdue: overdue.slice(0, 10).map((a) => ({ id: a.id as string, title: a.title, dueDate: a.due_date, status: a.status as string })),
      // The open actions themselves, from the same query as the count, overdue (earliest due) first.
      list: actions.slice(0, OPEN_ACTIONS_LISTED).map((a) => ({ id: a.id as string, title: a.title, dueDate: a.due_date, status: a.status as string, overdue: Boolean(a.due_date && a.due_date < today) })),
    },
    programmes: { total: programmes.length, byStage: count(programmes, (p) => p.stage) },
    lastMeeting: last ? { id: last.id as string, title: last.title, date: last.date_start, outcomes: lastOutcomes.map((o) => o.text) } : null,
    indigenousContent: await overviewIndigenousContent(reader, programmes),
  };
}

export type Overview = Awaited<ReturnType<typeof overviewFor>>;
