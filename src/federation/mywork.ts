// Received meetings in My work (SPEC 8.4): the minutes that wait for this reader's approval as
// their country's co-chair on a meeting another instance owns. Over the replicas the reader may
// read (the read rule in the query), held, with minutes, not agreed, no approval of this
// instance's on its way; the co-chair is recognised as the approve route recognises them (the
// reader's own person record carries the name the owner gives its co-chair for the reader's
// country), and the latest version must still lack this country's approval.
import { sql } from "kysely";
import type { Reader } from "../store/reader.ts";
import type { MeetingData } from "./content.ts";
import { sameName } from "./contributions.ts";

export interface ReceivedMinutes { id: string; kind: string; title: string; marking_id: string; origin: string; version: number; dateStart: string | null }

export async function receivedMinutesToApprove(reader: Reader, limit: number): Promise<ReceivedMinutes[]> {
  const v = reader.viewer;
  if (!v.personId) return [];
  const me = await reader.records("person").innerJoin("people as p", "p.id", "r.id").select("p.name").where("r.id", "=", v.personId).executeTakeFirst();
  if (!me) return [];
  const rows = await reader.replicas().select(["fr.id", "fr.kind", "fr.title", "fr.marking_id", "fr.origin", "fr.content"])
    .where("fr.kind", "=", "meeting")
    .where(sql<boolean>`not exists (select 1 from federation_contributions c where c.record_id = fr.id and c.direction = 'out' and c.state = 'pending' and c.kind = 'minutes_approval')`)
    .orderBy("fr.received_at", "desc").orderBy("fr.id").execute();
  const out: ReceivedMinutes[] = [];
  for (const r of rows) {
    const m = (JSON.parse(r.content) as { data: Partial<MeetingData> }).data;
    const versions = m.minutes?.versions ?? [];
    if (m.status !== "held" || !versions.length || m.minutes?.agreed) continue;
    if (!m.coChairs?.some((c) => c.country === v.nationality && sameName(c.name, me.name))) continue;
    const latest = versions.reduce((a, b) => (b.version > a.version ? b : a));
    if (latest.approvals.some((a) => a.country === v.nationality)) continue;
    out.push({ id: r.id, kind: r.kind, title: r.title, marking_id: r.marking_id, origin: r.origin, version: latest.version, dateStart: m.dateStart ?? null });
    if (out.length >= limit) break;
  }
  return out;
}
