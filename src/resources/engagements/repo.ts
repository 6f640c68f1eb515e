// Engagements: visits, calls-on, delegations, exercises, conferences and industry events.
// Leader, hosts and meeting are references resolved through the access layer: one the
// caller may not read shows as withheld.
import { sql } from "kysely";
import { invalid } from "../../domain/errors.ts";
import type { Marking } from "../../domain/markings.ts";
import type { Scope } from "../../store/access.ts";
import type { Conn, Tx } from "../../store/db.ts";
import { resolveMarking } from "../../store/markings.ts";
import { createRecord, isReadable, readableRecords, updateRecord } from "../../store/records.ts";
import type { EngagementTable, RecordTable } from "../../store/schema.ts";
import { meta, refOf, resolveRefs } from "../common.ts";
import { datesInOrder, type Engagement, type EngagementCreate, type EngagementUpdate } from "./schema.ts";

type Fields = Omit<EngagementCreate, "marking">;
type Loaded = RecordTable & { marking: Marking };

function fieldsOf(title: string, e: EngagementTable, hostIds: string[], areas: string[]): Fields {
  return {
    kind: e.engagement_kind as Fields["kind"], title, dateStart: e.date_start, dateEnd: e.date_end, place: e.place, leaderId: e.leader_id,
    delegationCountry: e.delegation_country, hostCountry: e.host_country, hostIds, purpose: e.purpose, areas, outcomes: e.outcomes,
    meetingId: e.meeting_id, sourceId: e.source_id,
  };
}

export async function engagementsById(conn: Conn, scope: Scope, records: Loaded[]): Promise<Engagement[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const [rows, hosts, areas] = await Promise.all([
    conn.selectFrom("engagements").selectAll().where("id", "in", ids).execute(),
    conn.selectFrom("engagement_hosts").selectAll().where("engagement_id", "in", ids).orderBy("host_id").execute(),
    conn.selectFrom("engagement_areas").selectAll().where("engagement_id", "in", ids).orderBy("area").execute(),
  ]);
  const refs = await resolveRefs(conn, scope, [...rows.flatMap((e) => [e.leader_id, e.meeting_id]), ...hosts.map((h) => h.host_id)]);
  const byId = new Map(rows.map((e) => [e.id, e]));
  return records.map((r) => {
    const e = byId.get(r.id)!;
    return {
      ...meta(r, r.marking),
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
    };
  });
}

async function checkCountry(tx: Tx, field: string, code: string | null | undefined): Promise<void> {
  if (code && !(await tx.selectFrom("countries").select("code").where("code", "=", code).executeTakeFirst())) throw invalid(field, "known_country", `unknown country ${code}`);
}

async function checkFields(tx: Tx, scope: Scope, f: Partial<Fields>): Promise<void> {
  await checkCountry(tx, "delegationCountry", f.delegationCountry);
  await checkCountry(tx, "hostCountry", f.hostCountry);
  if (f.leaderId && !(await isReadable(tx, scope, f.leaderId, "person"))) throw invalid("leaderId", "known_record", "no such person");
  if (f.meetingId && !(await isReadable(tx, scope, f.meetingId, "meeting"))) throw invalid("meetingId", "known_record", "no such meeting");
  const hostIds = [...new Set(f.hostIds ?? [])];
  if (hostIds.length) {
    const readable = await readableRecords(tx, scope).select("r.id").where("r.id", "in", hostIds).where("r.kind", "in", ["organisation", "person"]).execute();
    const ok = new Set(readable.map((r) => r.id));
    for (const [i, id] of (f.hostIds ?? []).entries()) if (!ok.has(id)) throw invalid(`hostIds.${i}`, "known_record", "no such organisation or person");
  }
  if (f.areas?.length) {
    const known = new Set((await tx.selectFrom("cooperation_areas").select("code").where("code", "in", f.areas).execute()).map((a) => a.code));
    for (const [i, a] of f.areas.entries()) if (!known.has(a)) throw invalid(`areas.${i}`, "known_area", `unknown cooperation area ${a}`);
  }
}

const searchText = (f: Fields) => [f.title, f.kind, f.place ?? "", f.purpose ?? "", f.outcomes ?? "", f.delegationCountry ?? "", f.hostCountry ?? "", ...f.areas].join(" ");

const columns = (f: Fields) => ({
  engagement_kind: f.kind, date_start: f.dateStart ?? null, date_end: f.dateEnd ?? null, place: f.place ?? null, leader_id: f.leaderId ?? null,
  delegation_country: f.delegationCountry ?? null, host_country: f.hostCountry ?? null, purpose: f.purpose ?? null, outcomes: f.outcomes ?? null,
  meeting_id: f.meetingId ?? null, source_id: f.sourceId ?? null,
});

async function writeLinks(tx: Tx, id: string, f: Fields): Promise<void> {
  await tx.deleteFrom("engagement_hosts").where("engagement_id", "=", id).execute();
  await tx.deleteFrom("engagement_areas").where("engagement_id", "=", id).execute();
  const hosts = [...new Set(f.hostIds)];
  if (hosts.length) await tx.insertInto("engagement_hosts").values(hosts.map((host_id) => ({ engagement_id: id, host_id }))).execute();
  const areas = [...new Set(f.areas)];
  if (areas.length) await tx.insertInto("engagement_areas").values(areas.map((area) => ({ engagement_id: id, area }))).execute();
}

export async function createEngagement(tx: Tx, scope: Scope, input: EngagementCreate) {
  const { marking: mIn, ...f } = input;
  const marking = await resolveMarking(tx, mIn, scope.requireViewer().nationality);
  await checkFields(tx, scope, f);
  const { id } = await createRecord(tx, scope, "engagement", { title: f.title, marking, searchText: searchText(f), snapshot: f });
  await tx.insertInto("engagements").values({ id, ...columns(f) }).execute();
  await writeLinks(tx, id, f);
  return { id, marking };
}

export async function updateEngagement(tx: Tx, scope: Scope, id: string, current: { marking: Marking }, patch: EngagementUpdate) {
  const rec = await tx.selectFrom("records").select("title").where("id", "=", id).executeTakeFirstOrThrow();
  const row = await tx.selectFrom("engagements").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const hosts = (await tx.selectFrom("engagement_hosts").select("host_id").where("engagement_id", "=", id).orderBy("host_id").execute()).map((h) => h.host_id);
  const areas = (await tx.selectFrom("engagement_areas").select("area").where("engagement_id", "=", id).orderBy("area").execute()).map((a) => a.area);
  const { marking: mIn, version, ...p } = patch;
  const f: Fields = { ...fieldsOf(rec.title, row, hosts, areas), ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) };
  if (!datesInOrder(f)) throw invalid("dateEnd", "custom", "must not end before it starts");
  await checkFields(tx, scope, p);
  const marking = mIn ? await resolveMarking(tx, mIn, current.marking.originator) : current.marking;
  await updateRecord(tx, scope, "engagement", id, { title: f.title, marking, searchText: searchText(f), snapshot: f }, version);
  await tx.updateTable("engagements").set(columns(f)).where("id", "=", id).execute();
  await writeLinks(tx, id, f);
  return { marking };
}

/** Filters over readable engagements; dates select those overlapping the [from, to] window. */
export const engagementFilter = {
  kind: (k: string) => sql<boolean>`r.id in (select id from engagements where engagement_kind = ${k})`,
  country: (c: string) => sql<boolean>`r.id in (select id from engagements where delegation_country = ${c} or host_country = ${c})`,
  from: (d: string) => sql<boolean>`r.id in (select id from engagements where coalesce(date_end, date_start) >= ${d})`,
  to: (d: string) => sql<boolean>`r.id in (select id from engagements where date_start <= ${d})`,
};
