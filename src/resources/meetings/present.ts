// Meetings in API form: co-chairs, delegations, agenda (carried-over actions with their status
// when readable), outcomes, the state of the minutes, the actions raised, and the reader's policies.
import { decide } from "../../domain/policy.ts";
import type { ReadRecord, Reader } from "../../store/reader.ts";
import { byRecord, meta, refOf } from "../common.ts";
import { hasStarted, meetingPolicy } from "./policy.ts";
import type { Meeting } from "./schema.ts";

export async function presentMeetings(reader: Reader, records: ReadRecord[]): Promise<Meeting[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const [rows, chairs, people, agenda, outcomes, approvals, versions, actions] = await Promise.all([
    reader.children("meetings", ids).selectAll().execute(),
    reader.children("meeting_co_chairs", ids).selectAll().orderBy("country").execute(),
    reader.children("meeting_participants", ids).selectAll().orderBy("country").execute(),
    reader.children("agenda_items", ids).selectAll().orderBy("position").execute(),
    reader.children("outcomes", ids).selectAll().orderBy("position").execute(),
    reader.children("minutes_approvals", ids).selectAll().orderBy("approved_at").execute(),
    reader.children("minutes_versions", ids).select(["meeting_id", "version"]).execute(),
    // Only the actions the reader may read, found so in SQL.
    reader.linked("action", "actions", "meeting_id", ids),
  ]);
  const [refs, carried, forums] = await Promise.all([
    reader.refs([...rows.map((m) => m.forum_id), ...chairs.map((c) => c.person_id), ...people.map((p) => p.person_id), ...agenda.map((a) => a.action_id), ...approvals.map((a) => a.person_id)]),
    reader.readable(agenda.map((a) => a.action_id), ["action"]),
    reader.readable(rows.map((m) => m.forum_id), ["forum"]),
  ]);
  // The member countries whose approval the minutes wait for, from the forums the reader may read
  // (otherwise from the meeting's co-chairs).
  const members = byRecord(await reader.children("forum_members", forums.map((f) => f.id)).select(["forum_id", "country"]).execute(), (x) => x.forum_id);
  // Status and due date only of the carried actions the reader may read.
  const carriedRows = await reader.children("actions", carried.map((a) => a.id)).select(["id", "status", "due_date"]).execute();
  const byId = new Map(rows.map((m) => [m.id, m]));
  const actor = reader.actor;
  const grouped = {
    chairs: byRecord(chairs, (x) => x.meeting_id), people: byRecord(people, (x) => x.meeting_id), agenda: byRecord(agenda, (x) => x.meeting_id),
    outcomes: byRecord(outcomes, (x) => x.meeting_id), approvals: byRecord(approvals, (x) => x.meeting_id), versions: byRecord(versions, (x) => x.meeting_id),
  };
  const actionsOf = byRecord(actions, (a) => a.link);
  return records.map((r) => {
    const m = byId.get(r.id)!;
    const mine = <K extends keyof typeof grouped>(k: K) => (grouped[k].get(r.id) ?? []) as (typeof grouped)[K] extends Map<string, infer T> ? T : never;
    const latest = Math.max(0, ...mine("versions").map((v) => v.version)) || null;
    const myChairs = mine("chairs");
    const myApprovals = mine("approvals");
    const approvedBy = myApprovals.filter((a) => a.version === latest).map((a) => a.country);
    const policies = decide(meetingPolicy, actor, {
      status: m.status, latestVersion: latest, coChairs: myChairs.map((c) => ({ country: c.country, personId: c.person_id })),
      approvedBy, started: hasStarted(m.date_start), anyApproval: myApprovals.length > 0,
    });
    const countries = members.get(m.forum_id)?.map((x) => x.country) ?? [...new Set(myChairs.map((c) => c.country))];
    const awaiting = latest && m.status !== "minutes_agreed"
      ? countries.filter((c) => !approvedBy.includes(c)).sort().map((country) => ({ country, person: refOf(refs, myChairs.find((c) => c.country === country)?.person_id) }))
      : [];
    return Object.assign(meta(r, policies), {
      title: r.title,
      forum: refOf(refs, m.forum_id)!,
      sequence: m.sequence,
      dateStart: m.date_start,
      dateEnd: m.date_end,
      venueCity: m.venue_city,
      venueCountry: m.venue_country,
      status: m.status,
      coChairs: myChairs.map((c) => ({ country: c.country, person: refOf(refs, c.person_id)! })),
      participants: mine("people").map((p) => ({ country: p.country, person: refOf(refs, p.person_id)!, role: p.role, attended: p.attended === 1 })),
      agenda: mine("agenda").map((a) => {
        const row = carriedRows.find((x) => x.id === a.action_id);
        return {
          id: a.id, position: a.position, title: a.title, notes: a.notes,
          action: a.action_id ? { record: refOf(refs, a.action_id)!, status: row?.status ?? null, dueDate: row?.due_date ?? null } : null,
        };
      }),
      outcomes: mine("outcomes").map((o) => ({ id: o.id, position: o.position, text: o.text })),
      minutes: {
        latestVersion: latest,
        agreedVersion: m.status === "minutes_agreed" ? latest : null,
        approvals: myApprovals.map((a) => ({ version: a.version, country: a.country, person: refOf(refs, a.person_id), approvedAt: a.approved_at })),
        awaiting,
      },
      actions: (actionsOf.get(r.id) ?? []).map((a) => ({ id: a.id as string, kind: a.kind, title: a.title, withheld: false as const })),
    });
  });
}
