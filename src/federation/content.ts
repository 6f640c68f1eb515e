// What a meeting or an action carries when it leaves (SPEC 8.4): what a co-chair or an action's
// owner on the other side needs to act on it, read from the owner's tables when the bundle is
// built. People and other records are named only when the peer may receive them themselves
// (the same rule for the peer principal, inside the query); otherwise they travel as null.
import { sql } from "kysely";
import { peerReadableMarkings } from "../store/access.ts";
import type { Tx } from "../store/db.ts";
import type { ActionContent, MeetingContent } from "./schema.ts";
import type { RuleOptions } from "./send.ts";

export type MeetingData = MeetingContent;
export type ActionData = ActionContent;

/** Of `ids`, those the peer may receive, with their people's names where they are people. */
async function peerVisible(tx: Tx, peerId: string, ids: readonly (string | null)[], rule: RuleOptions): Promise<Map<string, string | null>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const rows = await sql<{ id: string; name: string | null }>`
    select r.id, p.name from records r left join people p on p.id = r.id
    where r.id in (${sql.join(wanted)}) and r.marking_id in (${peerReadableMarkings(peerId, rule)})`.execute(tx);
  return new Map(rows.rows.map((r) => [r.id, r.name]));
}

export async function meetingData(tx: Tx, peerId: string, ids: readonly string[], rule: RuleOptions): Promise<Map<string, MeetingData>> {
  const out = new Map<string, MeetingData>();
  if (!ids.length) return out;
  const list = [...ids];
  const [meetings, chairs, versions, approvals] = await Promise.all([
    tx.selectFrom("meetings").selectAll().where("id", "in", list).execute(),
    tx.selectFrom("meeting_co_chairs").select(["meeting_id", "country", "person_id"]).where("meeting_id", "in", list).orderBy("country").execute(),
    tx.selectFrom("minutes_versions").select(["meeting_id", "version", "text", "content_hash", "created_at"]).where("meeting_id", "in", list).orderBy("version", "desc").execute(),
    tx.selectFrom("minutes_approvals").select(["meeting_id", "version", "country", "person_id", "approver_name", "approved_at"]).where("meeting_id", "in", list).orderBy("approved_at").orderBy("country").execute(),
  ]);
  const members = await tx.selectFrom("forum_members").select(["forum_id", "country"]).where("forum_id", "in", [...new Set(meetings.map((m) => m.forum_id)), ""]).orderBy("country").execute();
  const visible = await peerVisible(tx, peerId, [...meetings.map((m) => m.forum_id), ...chairs.map((c) => c.person_id), ...approvals.map((a) => a.person_id)], rule);
  const nameOf = (personId: string) => visible.get(personId) ?? null;
  for (const m of meetings) {
    const vs = versions.filter((v) => v.meeting_id === m.id);
    const latest = vs[0];
    out.set(m.id, {
      forumId: visible.has(m.forum_id) ? m.forum_id : null,
      sequence: Number(m.sequence),
      members: members.filter((x) => x.forum_id === m.forum_id).map((x) => x.country),
      dateStart: m.date_start, dateEnd: m.date_end, venueCity: m.venue_city, venueCountry: m.venue_country, status: m.status,
      coChairs: chairs.filter((c) => c.meeting_id === m.id).map((c) => ({ country: c.country, name: nameOf(c.person_id) })),
      minutes: {
        versions: vs.map((v) => ({
          version: Number(v.version), text: v.text, contentHash: v.content_hash, createdAt: v.created_at,
          approvals: approvals.filter((a) => a.meeting_id === m.id && Number(a.version) === Number(v.version))
            .map((a) => ({ country: a.country, name: a.approver_name ?? nameOf(a.person_id), approvedAt: a.approved_at })),
        })),
        agreed: m.status === "minutes_agreed" && latest ? { version: Number(latest.version), contentHash: latest.content_hash } : null,
      },
    });
  }
  return out;
}

export async function actionData(tx: Tx, peerId: string, ids: readonly string[], rule: RuleOptions): Promise<Map<string, ActionData>> {
  const out = new Map<string, ActionData>();
  if (!ids.length) return out;
  const list = [...ids];
  const [actions, updates] = await Promise.all([
    tx.selectFrom("actions").select(["id", "description", "owner_country", "owner_person_id", "due_date", "status", "meeting_id"]).where("id", "in", list).execute(),
    tx.selectFrom("action_updates as u").leftJoin("users", "users.id", "u.by_user")
      .select(["u.action_id", "u.on_date", "u.text", "u.status", "u.at", "u.by_name", "users.display_name"]).where("u.action_id", "in", list).orderBy("u.at", "desc").execute(),
  ]);
  const visible = await peerVisible(tx, peerId, actions.flatMap((a) => [a.meeting_id, a.owner_person_id]), rule);
  for (const a of actions) {
    out.set(a.id, {
      description: a.description, ownerCountry: a.owner_country, ownerName: a.owner_person_id ? (visible.get(a.owner_person_id) ?? null) : null, dueDate: a.due_date, status: a.status,
      meetingId: a.meeting_id && visible.has(a.meeting_id) ? a.meeting_id : null,
      progress: updates.filter((u) => u.action_id === a.id).map((u) => ({ onDate: u.on_date, text: u.text, status: u.status, by: u.by_name ?? u.display_name ?? null, at: u.at })),
    });
  }
  return out;
}
