// From an extraction to a draft: one proposal per record the text supports, each linked to an
// existing record where one matches (an update for a meeting or agreement already recorded)
// and proposed as new where none does, with the spans of text behind its fields.
import type { Confidence, Extraction, ExtractedEvent } from "../extract/index.ts";
import type { Reader } from "../store/reader.ts";
import { key, matchAgreement, matchAreas, matchForum, matchMeeting, matchOrganisation, matchPerson, type Found } from "./match.ts";
import { locate, locateDate, type Span } from "./spans.ts";
import { ordinal } from "../resources/meetings/ordinal.ts";

export type ProposalKind = "person" | "organisation" | "forum" | "meeting" | "agreement" | "engagement";

export interface Proposal {
  key: string;
  kind: ProposalKind;
  fields: Record<string, unknown>;
  /** Links to other proposals of this draft, by key. */
  refs: Record<string, string | string[] | null>;
  spans: Record<string, Span | null>;
  match: Found | null;
  suggested: "create" | "link" | "update";
  /** The extractor's calibrated confidence in the record and in each of its slots (extraction slot names). */
  confidence?: Confidence | null;
}

const ORG_KINDS: Record<string, string> = { research: "research_lab" };

export async function propose(reader: Reader, text: string, x: Extraction): Promise<Proposal[]> {
  const out: Proposal[] = [];
  const add = (p: Omit<Proposal, "key">) => {
    const k = `${p.kind}:${out.filter((o) => o.kind === p.kind).length}`;
    out.push({ ...p, key: k });
    return k;
  };
  const personKey = new Map<string, string>();
  for (const p of x.people) {
    const match = await matchPerson(reader, p.name, p.country);
    const k = add({ kind: "person", fields: { name: p.name, title: p.title, country: p.country }, refs: {}, spans: { name: locate(text, p.name), title: locate(text, p.title) }, match, suggested: match ? "link" : "create", confidence: p.confidence ?? null });
    personKey.set(key(p.name), k);
  }
  const orgKey = new Map<string, string>();
  const addOrg = async (name: string, country: string | null, kind: string, confidence: Confidence | null = null) => {
    const existing = orgKey.get(`${key(name)}|${country}`);
    if (existing) return existing;
    const match = await matchOrganisation(reader, name, country);
    const k = add({ kind: "organisation", fields: { name, country, kind: ORG_KINDS[kind] ?? kind }, refs: {}, spans: { name: locate(text, name) }, match, suggested: match ? "link" : "create", confidence });
    orgKey.set(`${key(name)}|${country}`, k);
    return k;
  };
  for (const o of x.organizations) await addOrg(o.name, o.country, o.kind, o.confidence ?? null);
  const person = (name: string | null) => {
    if (!name) return null;
    const k = key(name);
    for (const [pk, v] of personKey) if (pk === k || pk.endsWith(` ${k}`) || k.endsWith(` ${pk}`)) return v;
    return null;
  };

  const meetingKeys: { key: string; date: string | null }[] = [];
  const meetingOfEvent = new Map<number, string>();
  for (const [i, e] of x.events.entries()) {
    if (e.type !== "meeting") continue;
    const key = await proposeMeeting(reader, text, e, add, person);
    meetingKeys.push({ key, date: e.date_start });
    meetingOfEvent.set(i, key);
  }
  for (const e of x.events) {
    if (e.type === "agreement") {
      const match = await matchAgreement(reader, e.kind, e.date, e.countries);
      const areas = await matchAreas(reader, e.areas);
      // Signed at the meeting of the same day, or at the one meeting the story is about.
      const during = meetingKeys.find((m) => m.date && m.date === e.date)?.key ?? (meetingKeys.length === 1 ? meetingKeys[0]!.key : null);
      add({
        kind: "agreement",
        fields: { kind: e.kind, title: e.title, signedOn: e.date, signedAt: e.venue, countries: e.countries, areas: areas.codes, unmatchedAreas: areas.unmatched },
        refs: { signedDuring: during },
        spans: { kind: locate(text, e.kind), title: locate(text, e.title), signedOn: locateDate(text, e.date), signedAt: locate(text, e.venue), areas: locate(text, e.areas[0]) },
        match, suggested: match ? "update" : "create", confidence: e.confidence ?? null,
      });
    }
    if (e.type === "visit" || e.type === "call_on") await proposeEngagement(text, e, add, person, addOrg, e.type === "visit" && e.meeting != null ? (meetingOfEvent.get(e.meeting) ?? null) : null);
  }
  return out;
}

type Add = (p: Omit<Proposal, "key">) => string;

async function proposeMeeting(reader: Reader, text: string, e: Extract<ExtractedEvent, { type: "meeting" }>, add: Add, person: (n: string) => string | null) {
  const forum = await matchForum(reader, e.forum);
  const forumKey = add({ kind: "forum", fields: { name: e.forum, members: e.countries }, refs: {}, spans: { name: locate(text, e.forum) }, match: forum, suggested: forum ? "link" : "create" });
  const match = forum && e.sequence ? await matchMeeting(reader, forum.id, e.sequence) : null;
  return add({
    kind: "meeting",
    fields: { sequence: e.sequence, dateStart: e.date_start, dateEnd: e.date_end, venueCity: e.venue, countries: e.countries },
    refs: { forum: forumKey, coChairs: e.co_chairs.map(person).filter((k): k is string => Boolean(k)) },
    spans: { sequence: locate(text, e.sequence ? ordinal(e.sequence) : null), dateStart: locateDate(text, e.date_start), venueCity: locate(text, e.venue), coChairs: locate(text, e.co_chairs[0]) },
    match, suggested: match ? "update" : "create", confidence: e.confidence ?? null,
  });
}

async function proposeEngagement(text: string, e: Extract<ExtractedEvent, { type: "visit" | "call_on" }>, add: Add, person: (n: string) => string | null, addOrg: (n: string, c: string | null, k: string) => Promise<string>, meeting: string | null) {
  if (e.type === "visit") {
    const hosts = await Promise.all(e.hosts.map((h) => addOrg(h, e.host_country, "company")));
    add({
      kind: "engagement",
      fields: { kind: "visit", dateStart: e.date_start, dateEnd: e.date_end, delegationCountry: e.delegation_country, hostCountry: e.host_country, purpose: e.purpose, place: e.place ?? null },
      refs: { leader: person(e.visitor ?? ""), hosts, meeting },
      spans: { dateStart: locateDate(text, e.date_start), purpose: locate(text, e.purpose), hosts: locate(text, e.hosts[0]), leader: locate(text, e.visitor), place: locate(text, e.place ?? null) },
      match: null, suggested: "create", confidence: e.confidence ?? null,
    });
  } else {
    add({
      kind: "engagement",
      fields: { kind: "call_on", dateStart: e.date, dateEnd: null, delegationCountry: null, hostCountry: null, purpose: null },
      refs: { leader: person(e.visitor), hosts: [person(e.host)].filter((k): k is string => Boolean(k)) },
      spans: { dateStart: locateDate(text, e.date), leader: locate(text, e.visitor), hosts: locate(text, e.host) },
      match: null, suggested: "create", confidence: e.confidence ?? null,
    });
  }
}
