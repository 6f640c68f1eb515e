// Forums in API form: member countries with each one's co-chair role, parent forum and terms of
// reference (references, withheld when unreadable), and the agenda template of their meetings.
import { decide } from "../../domain/policy.ts";
import type { ReadRecord, Reader } from "../../store/reader.ts";
import { meta, refOf } from "../common.ts";
import { forumPolicy } from "./policy.ts";
import type { Forum } from "./schema.ts";

export async function presentForums(reader: Reader, records: ReadRecord[]): Promise<Forum[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const [rows, members, templates] = await Promise.all([
    reader.children("forums", ids).selectAll().execute(),
    reader.children("forum_members", ids).selectAll().orderBy("country").execute(),
    reader.children("meeting_templates", ids).selectAll().execute(),
  ]);
  const refs = await reader.refs(rows.flatMap((f) => [f.parent_id, f.terms_of_reference_id]));
  const byId = new Map(rows.map((f) => [f.id, f]));
  const policies = decide(forumPolicy, reader.actor, undefined);
  return records.map((r) => {
    const f = byId.get(r.id)!;
    const t = templates.find((x) => x.forum_id === r.id);
    return Object.assign(meta(r, policies), {
      name: f.name,
      forumKind: f.forum_kind as Forum["forumKind"],
      members: members.filter((m) => m.forum_id === r.id).map((m) => ({ country: m.country, coChairRole: m.co_chair_role })),
      parent: refOf(refs, f.parent_id),
      establishedOn: f.established_on,
      termsOfReference: refOf(refs, f.terms_of_reference_id),
      compartment: f.compartment,
      template: t ? { agenda: JSON.parse(t.agenda) as string[], durationDays: t.duration_days } : null,
    });
  });
}
