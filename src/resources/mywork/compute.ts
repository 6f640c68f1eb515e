// My work (issue 14): what awaits the caller, over what they may read (every query starts from the
// Reader's filtered records): minutes awaiting their approval as co-chair, release requests
// awaiting their decision (security officers) and the outcome of their own, the actions they or
// their organisation own (overdue first), drafts to review (analysts), meetings coming up that they
// attend or prepare, held meetings whose minutes are not agreed yet (the secretariat), and
// programme milestones due (programme and industry users).
import { sql } from "kysely";
import { toOutput } from "../../domain/markings.ts";
import type { Reader } from "../../store/reader.ts";
import { todayDate } from "../meetings/policy.ts";
import { receivedMinutesToApprove } from "../../federation/mywork.ts";

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** How far ahead My work looks for meetings and milestones, and how long a decided request stays. */
export const HORIZON_DAYS = { meetings: 120, milestones: 90, decidedReleases: 30 } as const;
const LIMIT = 50;


export async function myWork(reader: Reader, today = todayDate()) {
  const v = reader.viewer;
  const roles = v.roles;
  const organisation = await reader.organisation();
  const has = (role: string) => roles.includes(role);

  const minutesToApprove = v.personId
    ? await reader.records("meeting").innerJoin("meetings as mt", "mt.id", "r.id")
      .innerJoin("meeting_co_chairs as c", (j) => j.onRef("c.meeting_id", "=", "r.id").on("c.person_id", "=", v.personId!).on("c.country", "=", v.nationality))
      .select(["r.id", "r.kind", "r.title", "r.marking_id", "mt.date_start"])
      .select(sql<number>`(select max(mv.version) from minutes_versions mv where mv.meeting_id = r.id)`.as("version"))
      .where("mt.status", "=", "held")
      .where(sql<boolean>`exists (select 1 from minutes_versions mv where mv.meeting_id = r.id)`)
      .where(sql<boolean>`not exists (select 1 from minutes_approvals a where a.meeting_id = r.id and a.country = ${v.nationality}
        and a.version = (select max(mv.version) from minutes_versions mv where mv.meeting_id = r.id))`)
      .orderBy("mt.date_start").orderBy("r.id").limit(LIMIT).execute()
    : [];

  // Meetings other instances own, received here (SPEC 8.4): approved on their replica page.
  const receivedMinutes = await receivedMinutesToApprove(reader, LIMIT);

  const releases = () => reader.records().innerJoin("release_requests as rr", "rr.record_id", "r.id")
    .select(["rr.id as request_id", "rr.status", "rr.created_at as asked_at", "rr.decided_at", "r.id", "r.kind", "r.title", "r.marking_id"]);
  const [releasesToDecide, myReleases] = await Promise.all([
    has("security_officer")
      ? releases().innerJoin("markings as m", "m.id", "r.marking_id").where("rr.status", "=", "pending").where("m.originator", "=", v.nationality)
        .where("rr.requested_by", "!=", v.id).orderBy("rr.created_at").limit(LIMIT).execute()
      : [],
    releases().where("rr.requested_by", "=", v.id)
      .where((eb) => eb.or([eb("rr.status", "=", "pending"), eb("rr.decided_at", ">=", `${addDays(today, -HORIZON_DAYS.decidedReleases)}`)]))
      .orderBy("rr.created_at", "desc").limit(LIMIT).execute(),
  ]);

  const owners = [v.personId ? { col: "t.owner_person_id" as const, id: v.personId } : null, organisation ? { col: "t.owner_organisation_id" as const, id: organisation } : null].filter((x) => x !== null);
  const actions = owners.length
    ? await reader.ownRows("action").select(["r.id", "r.kind", "r.title", "r.marking_id", "t.due_date", "t.status", "t.owner_person_id"])
      .where("t.status", "in", ["open", "in_progress"])
      .where((eb) => eb.or(owners.map((o) => eb(o.col, "=", o.id))))
      // Overdue first (the earliest due), then the rest by due date, undated last.
      .orderBy(sql`case when t.due_date is null then 1 else 0 end`).orderBy("t.due_date").orderBy("r.id").limit(LIMIT).execute()
    : [];

  const drafts = has("analyst")
    ? await reader.records("draft").innerJoin("drafts as d", "d.id", "r.id").select(["r.id", "r.kind", "r.title", "r.marking_id", "r.created_at"])
      .where("d.status", "=", "open").orderBy("r.created_at", "desc").limit(LIMIT).execute()
    : [];

  const prepares = has("secretariat");
  const meetings = await reader.records("meeting").innerJoin("meetings as mt", "mt.id", "r.id")
    .select(["r.id", "r.kind", "r.title", "r.marking_id", "mt.date_start", "mt.venue_city", "mt.venue_country"])
    .select(v.personId
      ? sql<string>`case when exists (select 1 from meeting_co_chairs c where c.meeting_id = r.id and c.person_id = ${v.personId}) then 'co_chair'
          when exists (select 1 from meeting_participants p where p.meeting_id = r.id and p.person_id = ${v.personId}) then 'participant' else 'secretariat' end`.as("role")
      : sql<string>`'secretariat'`.as("role"))
    .where("mt.status", "=", "planned").where("mt.date_start", ">=", today).where("mt.date_start", "<=", addDays(today, HORIZON_DAYS.meetings))
    // The secretariat prepares every meeting it may read; others see those they attend or co-chair.
    .$if(!prepares, (q) => q.where(v.personId
      ? sql<boolean>`(exists (select 1 from meeting_co_chairs c where c.meeting_id = r.id and c.person_id = ${v.personId})
          or exists (select 1 from meeting_participants p where p.meeting_id = r.id and p.person_id = ${v.personId}))`
      : sql<boolean>`1 = 0`))
    .orderBy("mt.date_start").orderBy("r.id").limit(LIMIT).execute();

  const minutesToAgree = prepares
    ? await reader.records("meeting").innerJoin("meetings as mt", "mt.id", "r.id").select(["r.id", "r.kind", "r.title", "r.marking_id", "mt.date_start"])
      .select(sql<number | null>`(select max(mv.version) from minutes_versions mv where mv.meeting_id = r.id)`.as("version"))
      .where("mt.status", "=", "held").orderBy("mt.date_start", "desc").orderBy("r.id").limit(LIMIT).execute()
    : [];

  let milestones: { id: string; kind: string; title: string; marking_id: string; milestone: string; planned_on: string | null; status: string }[] = [];
  if (has("programme") || has("industry")) {
    let q = reader.records("programme").innerJoin("programme_milestones as pm", "pm.programme_id", "r.id")
      .select(["r.id", "r.kind", "r.title", "r.marking_id", "pm.title as milestone", "pm.planned_on", "pm.status"])
      .where("pm.status", "in", ["planned", "delayed"]).where("pm.actual_on", "is", null)
      .where("pm.planned_on", "<=", addDays(today, HORIZON_DAYS.milestones));
    // Industry users follow their own organisation's programmes.
    if (!has("programme")) q = q.where("r.id", "in", (eb) => eb.selectFrom("programme_partners").select("programme_id").where("organisation_id", "=", organisation ?? ""));
    milestones = await q.orderBy("pm.planned_on").orderBy("r.id").limit(LIMIT).execute();
  }

  const overdue = (d: string | null) => d !== null && d < today;
  const shown = [...minutesToApprove, ...receivedMinutes, ...releasesToDecide, ...myReleases, ...actions, ...drafts, ...meetings, ...minutesToAgree, ...milestones];
  const markings = await reader.markings([...new Set(shown.map((x) => x.marking_id))]);
  // Each record with its marking: the page shows it, and its banner is derived from them (SPEC 3.4).
  const ref = (x: { id: string; kind: string; title: string; marking_id: string }) => ({ id: x.id, kind: x.kind, title: x.title, marking: toOutput(markings.get(x.marking_id)!) });
  const result = {
    today,
    minutesToApprove: minutesToApprove.map((m) => ({ meeting: ref(m), version: Number(m.version), dateStart: m.date_start })),
    receivedMinutesToApprove: receivedMinutes.map((m) => ({ meeting: ref(m), version: m.version, dateStart: m.dateStart, from: m.origin })),
    releasesToDecide: releasesToDecide.map((r) => ({ id: r.request_id, record: ref(r), askedAt: r.asked_at })),
    myReleases: myReleases.map((r) => ({ id: r.request_id, record: ref(r), status: r.status, askedAt: r.asked_at, decidedAt: r.decided_at })),
    actions: actions.map((a) => ({ action: ref(a), dueDate: a.due_date, status: a.status, overdue: overdue(a.due_date), mine: a.owner_person_id !== null && a.owner_person_id === v.personId })),
    drafts: drafts.map((d) => ({ draft: ref(d), createdAt: d.created_at })),
    meetings: meetings.map((m) => ({ meeting: ref(m), dateStart: m.date_start, venueCity: m.venue_city, venueCountry: m.venue_country, role: m.role as "co_chair" | "participant" | "secretariat" })),
    minutesToAgree: minutesToAgree.map((m) => ({ meeting: ref(m), version: m.version === null ? null : Number(m.version), dateStart: m.date_start })),
    milestones: milestones.map((m) => ({ programme: ref(m), title: m.milestone, plannedOn: m.planned_on, status: m.status, overdue: overdue(m.planned_on) })),
  };
  return { result, shown: shown.map((x) => ({ id: x.id, marking: markings.get(x.marking_id)! })) };
}

/** What the header's badge counts: the items that wait for the caller to act. */
export const countOf = (w: Awaited<ReturnType<typeof myWork>>["result"]) =>
  w.minutesToApprove.length + w.receivedMinutesToApprove.length + w.releasesToDecide.length + w.actions.length + w.drafts.length;
