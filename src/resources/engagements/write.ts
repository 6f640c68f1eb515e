// Engagements: visits, calls-on, delegations, exercises, conferences and industry events.
import { invalid } from "../../domain/errors.ts";
import { grant, grantCreate } from "../../domain/policy.ts";
import { resolveMarking } from "../../store/markings.ts";
import type { ReadRecord, Writer } from "../../store/reader.ts";
import { createRecord, updateRecord } from "../../store/records.ts";
import type { EngagementTable } from "../../store/schema.ts";
import { knownAreas, knownCountry } from "../checks.ts";
import { engagementPolicy } from "./policy.ts";
import { datesInOrder, type EngagementCreate, type EngagementUpdate } from "./schema.ts";

type Fields = Omit<EngagementCreate, "marking">;

function fieldsOf(title: string, e: EngagementTable, hostIds: string[], areas: string[]): Fields {
  return {
    kind: e.engagement_kind as Fields["kind"], title, dateStart: e.date_start, dateEnd: e.date_end, place: e.place, leaderId: e.leader_id,
    delegationCountry: e.delegation_country, hostCountry: e.host_country, hostIds, purpose: e.purpose, areas, outcomes: e.outcomes,
    meetingId: e.meeting_id, sourceId: e.source_id,
  };
}

async function checkFields(w: Writer, f: Partial<Fields>): Promise<void> {
  await knownCountry(w, "delegationCountry", f.delegationCountry);
  await knownCountry(w, "hostCountry", f.hostCountry);
  if (f.leaderId && !(await w.find("person", f.leaderId))) throw invalid("leaderId", "known_record", "no such person");
  if (f.meetingId && !(await w.find("meeting", f.meetingId))) throw invalid("meetingId", "known_record", "no such meeting");
  const ok = new Set((await w.readable(f.hostIds ?? [], ["organisation", "person"])).map((r) => r.id as string));
  for (const [i, id] of (f.hostIds ?? []).entries()) if (!ok.has(id)) throw invalid(`hostIds.${i}`, "known_record", "no such organisation or person");
  await knownAreas(w, "areas", f.areas);
}

const searchText = (f: Fields) => [f.title, f.kind, f.place ?? "", f.purpose ?? "", f.outcomes ?? "", f.delegationCountry ?? "", f.hostCountry ?? "", ...f.areas].join(" ");

const columns = (f: Fields) => ({
  engagement_kind: f.kind, date_start: f.dateStart ?? null, date_end: f.dateEnd ?? null, place: f.place ?? null, leader_id: f.leaderId ?? null,
  delegation_country: f.delegationCountry ?? null, host_country: f.hostCountry ?? null, purpose: f.purpose ?? null, outcomes: f.outcomes ?? null,
  meeting_id: f.meetingId ?? null, source_id: f.sourceId ?? null,
});

async function writeLinks(w: Writer, id: string, f: Fields): Promise<void> {
  await w.tx.deleteFrom("engagement_hosts").where("engagement_id", "=", id).execute();
  await w.tx.deleteFrom("engagement_areas").where("engagement_id", "=", id).execute();
  const hosts = [...new Set(f.hostIds)];
  if (hosts.length) await w.tx.insertInto("engagement_hosts").values(hosts.map((host_id) => ({ engagement_id: id, host_id }))).execute();
  const areas = [...new Set(f.areas)];
  if (areas.length) await w.tx.insertInto("engagement_areas").values(areas.map((area) => ({ engagement_id: id, area }))).execute();
}

export async function createEngagement(w: Writer, input: EngagementCreate): Promise<ReadRecord> {
  const allowed = grantCreate(engagementPolicy, w.actor, "engagement");
  const { marking: mIn, ...f } = input;
  const marking = await resolveMarking(w.tx, mIn, w.viewer.nationality);
  await checkFields(w, f);
  const rec = await createRecord(w, "engagement", { title: f.title, marking, searchText: searchText(f), snapshot: f }, { grant: allowed });
  await w.tx.insertInto("engagements").values({ id: rec.id, ...columns(f) }).execute();
  await writeLinks(w, rec.id, f);
  return rec;
}

export async function updateEngagement(w: Writer, current: ReadRecord, patch: EngagementUpdate): Promise<ReadRecord> {
  const allowed = grant(engagementPolicy, "edit", w.actor, undefined, "Your roles do not allow editing engagement records.");
  const row = await w.children("engagements", [current.id]).selectAll().executeTakeFirstOrThrow();
  const hosts = (await w.children("engagement_hosts", [current.id]).select("host_id").orderBy("host_id").execute()).map((h) => h.host_id);
  const areas = (await w.children("engagement_areas", [current.id]).select("area").orderBy("area").execute()).map((a) => a.area);
  const { marking: mIn, version, ...p } = patch;
  const f: Fields = { ...fieldsOf(current.title, row, hosts, areas), ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) };
  if (!datesInOrder(f)) throw invalid("dateEnd", "custom", "must not end before it starts");
  await checkFields(w, p);
  const marking = mIn ? await resolveMarking(w.tx, mIn, current.marking.originator) : current.marking;
  const rec = await updateRecord(w, current, { title: f.title, marking, searchText: searchText(f), snapshot: f }, { grant: allowed, expectedVersion: version });
  await w.tx.updateTable("engagements").set(columns(f)).where("id", "=", current.id).execute();
  await writeLinks(w, current.id, f);
  return rec;
}
