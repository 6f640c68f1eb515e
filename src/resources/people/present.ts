// People in API form, with their titles over time ("Director General, Ministry of Defence, from
// 2024"): each title's organisation a reference, withheld when unreadable.
import { decide } from "../../domain/policy.ts";
import type { ReadRecord, Reader } from "../../store/reader.ts";
import { meta, refOf } from "../common.ts";
import { personPolicy } from "./policy.ts";
import type { Person } from "./schema.ts";

export async function presentPeople(reader: Reader, records: ReadRecord[]): Promise<Person[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const rows = await reader.children("people", ids).selectAll().execute();
  const titles = await reader.children("person_titles", ids).selectAll().orderBy("from_date", "desc").execute();
  const refs = await reader.refs(titles.map((t) => t.organisation_id));
  const byId = new Map(rows.map((p) => [p.id, p]));
  const today = new Date().toISOString().slice(0, 10);
  const policies = decide(personPolicy, reader.actor, undefined);
  return records.map((r) => {
    const p = byId.get(r.id)!;
    const mine = titles.filter((t) => t.person_id === r.id);
    const current = mine.find((t) => (!t.from_date || t.from_date <= today) && (!t.to_date || t.to_date >= today));
    return Object.assign(meta(r, policies), {
      name: p.name,
      country: p.country,
      titles: mine.map((t) => ({ title: t.title, organisation: refOf(refs, t.organisation_id), from: t.from_date, to: t.to_date })),
      currentTitle: current?.title ?? null,
    });
  });
}
