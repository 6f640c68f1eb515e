// Engagements in API form. Leader, hosts and meeting are references: one the reader may not read
// shows as withheld.
import { decide } from "../../domain/policy.ts";
import type { ReadRecord, Reader } from "../../store/reader.ts";
import { meta, refOf } from "../common.ts";
import { engagementPolicy } from "./policy.ts";
import type { Engagement } from "./schema.ts";

export async function presentEngagements(reader: Reader, records: ReadRecord[]): Promise<Engagement[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const [rows, hosts, areas] = await Promise.all([
    reader.children("engagements", ids).selectAll().execute(),
    reader.children("engagement_hosts", ids).selectAll().orderBy("host_id").execute(),
    reader.children("engagement_areas", ids).selectAll().orderBy("area").execute(),
  ]);
  const refs = await reader.refs([...rows.flatMap((e) => [e.leader_id, e.meeting_id]), ...hosts.map((h) => h.host_id)]);
  const byId = new Map(rows.map((e) => [e.id, e]));
  const policies = decide(engagementPolicy, reader.actor, undefined);
  return records.map((r) => {
    const e = byId.get(r.id)!;
    return Object.assign(meta(r, policies), {
      engagementKind: e.engagement_kind as Engagement["engagementKind"],
      title: r.title, dateStart: e.date_start, dateEnd: e.date_end, place: e.place,
      leader: refOf(refs, e.leader_id),
      delegationCountry: e.delegation_country, hostCountry: e.host_country,
      // Unreadable hosts stay in the list as withheld: the visit had a host, only who is kept back.
      hosts: hosts.filter((h) => h.engagement_id === r.id).map((h) => refOf(refs, h.host_id)!),
      purpose: e.purpose,
      areas: areas.filter((a) => a.engagement_id === r.id).map((a) => a.area),
      outcomes: e.outcomes,
      meeting: refOf(refs, e.meeting_id),
      sourceId: e.source_id,
    });
  });
}
