// Finds existing records the caller may read that an extracted mention refers to. Matching is
// by normalised name (spelling variants such as defence/defense folded), never across what the
// caller may not read.
import { sql } from "kysely";
import type { Reader } from "../store/reader.ts";

export interface Found { id: string; title: string }

export function key(name: string): string {
  return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/defense/g, "defence").replace(/organization/g, "organisation").replace(/center\b/g, "centre")
    .replace(/\b(the|of|and|ltd|limited|pvt|private|inc)\b/g, " ").replace(/[^a-z0-9]+/g, " ").trim();
}

const contains = (a: string, b: string) => a === b || ` ${a} `.includes(` ${b} `) || ` ${b} `.includes(` ${a} `);

export async function matchPerson(reader: Reader, name: string, country: string | null): Promise<Found | null> {
  const rows = await reader.records("person").innerJoin("people as p", "p.id", "r.id").select(["p.id", "p.name", "p.country"])
    .where(sql<boolean>`lower(p.name) like ${`%${name.split(/\s+/).pop()!.toLowerCase()}%`}`).limit(50).execute();
  const k = key(name);
  const exact = rows.find((p) => key(p.name) === k);
  if (exact) return { id: exact.id, title: exact.name };
  // "Singh" for "Rajesh Kumar Singh": the same surname and country, and only one such person.
  const partial = rows.filter((p) => (!country || p.country === country) && contains(key(p.name), k));
  return partial.length === 1 ? { id: partial[0]!.id, title: partial[0]!.name } : null;
}

export async function matchOrganisation(reader: Reader, name: string, country: string | null): Promise<Found | null> {
  let q = reader.records("organisation").innerJoin("organisations as o", "o.id", "r.id").select(["o.id", "o.name", "o.aliases"]);
  if (country) q = q.where("o.country", "=", country);
  const k = key(name);
  for (const o of await q.limit(5000).execute()) {
    const names = [o.name, ...(JSON.parse(o.aliases) as string[])].map(key);
    if (names.includes(k)) return { id: o.id, title: o.name };
  }
  return null;
}

/** A forum whose name contains the mention's (or the reverse), countries stripped. */
export async function matchForum(reader: Reader, name: string): Promise<Found | null> {
  const rows = await reader.records("forum").innerJoin("forums as f", "f.id", "r.id").select(["f.id", "f.name"]).limit(2000).execute();
  const k = key(name);
  const hit = rows.find((f) => key(f.name) === k) ?? rows.find((f) => contains(key(f.name), k));
  return hit ? { id: hit.id, title: hit.name } : null;
}

export async function matchMeeting(reader: Reader, forumId: string, sequence: number): Promise<Found | null> {
  const row = await reader.records("meeting").innerJoin("meetings as m", "m.id", "r.id").select(["m.id", "r.title"])
    .where("m.forum_id", "=", forumId).where("m.sequence", "=", sequence).executeTakeFirst();
  return row ? { id: row.id, title: row.title } : null;
}

export async function matchAgreement(reader: Reader, kind: string, date: string | null, countries: string[]): Promise<Found | null> {
  if (!date) return null;
  const rows = await reader.read(reader.records("agreement").innerJoin("agreements as a", "a.id", "r.id").selectAll("r")
    .where("a.agreement_kind", "=", kind).where("a.signed_on", "=", date));
  for (const a of rows) {
    const parties = (await reader.children("agreement_parties", [a.id]).select("country").execute()).map((p) => p.country);
    if (!countries.length || countries.every((c) => parties.includes(c))) return { id: a.id, title: a.title };
  }
  return null;
}

/** Cooperation-area codes for phrases as written ("research and development" → R&D and innovation). */
export async function matchAreas(reader: Reader, phrases: string[]): Promise<{ codes: string[]; unmatched: string[] }> {
  const areas = await reader.reference("cooperation_areas").select(["code", "name_en"]).execute();
  const norm = (s: string) => key(s.replace(/r\s*&\s*d/gi, "research development").replace(/\bai\b/gi, "artificial intelligence"));
  const codes: string[] = [];
  const unmatched: string[] = [];
  for (const p of phrases) {
    const k = norm(p);
    const hit = areas.find((a) => norm(a.name_en) === k) ?? areas.find((a) => contains(norm(a.name_en), k));
    if (hit) codes.push(hit.code);
    else unmatched.push(p);
  }
  return { codes: [...new Set(codes)], unmatched };
}
