// Turns event drafts into schema events and uses their structure to settle countries:
// co-chairs and call-on parties sit on opposite sides of a bilateral pair.
import type { AgreementDraft } from './agreements.ts';
import type { CallOnDraft } from './callons.ts';
import type { MeetingDraft } from './meetings.ts';
import type { Person } from './people.ts';
import { confidenceOf } from './confidence.ts';
import { note } from './evidence.ts';
import type { AgreementEvent, CallOnEvent, ExtractedEvent, MeetingEvent, VisitEvent } from './types.ts';
import type { VisitDraft } from './visits.ts';

export interface Drafts {
  meetings: MeetingDraft[];
  agreements: AgreementDraft[];
  visits: VisitDraft[];
  callOns: CallOnDraft[];
}

/** If one of two counterparts has a country and the pair is known, the other has the other one. */
function opposite(a: Person, b: Person, pair: string[]): void {
  if (pair.length !== 2) return;
  if (a.country && !b.country && pair.includes(a.country)) [b.country, b.countrySource] = [pair.find((c) => c !== a.country) ?? null, 'structure'];
  else if (b.country && !a.country && pair.includes(b.country)) [a.country, a.countrySource] = [pair.find((c) => c !== b.country) ?? null, 'structure'];
}

export function settleCountries(d: Drafts, pair: string[], counterparts: [Person, Person][] = []): void {
  for (const m of d.meetings) {
    for (const p of m.chairs) if (p.country) m.countries.add(p.country);
    note(m.why, 'countries', 'chairs', [...m.countries]);
    for (const c of pair) if (m.countries.size < 2) m.countries.add(c);
    note(m.why, 'countries', 'pair', [...m.countries]);
    // Two co-chairs sit on opposite sides; with more, who faces whom is not said.
    const [a, b] = m.chairs;
    if (a && b && m.chairs.length === 2) opposite(a, b, [...m.countries]);
  }
  for (const c of d.callOns) opposite(c.visitor, c.host, pair);
  for (const [a, b] of counterparts) opposite(a, b, pair);
  for (const v of d.visits) {
    v.delegation ??= v.visitor?.country ?? null;
    note(v.why, 'delegation_country', 'visitor', v.delegation);
    v.host ??= v.venueCountry;
    note(v.why, 'host_country', 'venue', v.host);
    v.host ??= v.hosts.map((h) => h.country).find((x) => x && x !== v.delegation) ?? null;
    note(v.why, 'host_country', 'hosts', v.host);
    if (!v.delegation && v.host && pair.includes(v.host)) v.delegation = pair.find((c) => c !== v.host) ?? null;
    note(v.why, 'delegation_country', 'pair', v.delegation);
    if (!v.host && v.delegation && pair.includes(v.delegation)) v.host = pair.find((c) => c !== v.delegation) ?? null;
    note(v.why, 'host_country', 'pair', v.host);
    if (v.visitor && !v.visitor.country) [v.visitor.country, v.visitor.countrySource] = [v.delegation, 'structure'];
  }
}

/** After home-country defaults: a visit still missing its sides takes the visitor's and the hosts' countries. */
export function finishVisits(d: Drafts): void {
  for (const v of d.visits) {
    v.delegation ??= v.visitor?.country ?? null;
    note(v.why, 'delegation_country', 'home', v.delegation);
    // A visit at home ("the Army Chief visited Heavy Industries Taxila") has the same country twice.
    v.host ??= v.hosts.map((h) => h.country).find((x) => x) ?? null;
    note(v.why, 'host_country', 'home', v.host);
  }
}

/**
 * The meeting of the same trip: one between the visit's two countries, on a day within the
 * visit when both are dated, or the story's only such meeting.
 */
function meetingOfTrip(v: VisitDraft, start: string | null, end: string | null, meetings: MeetingDraft[]): number | null {
  const sides = [v.delegation, v.host];
  const candidates = meetings
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => sides.every((c) => !c || m.countries.has(c)) && sides.some(Boolean))
    .filter(({ m }) => !start || !m.dateStart || (m.dateStart >= start && m.dateStart <= (end ?? start)) || (!end && Math.abs(Date.parse(m.dateStart) - Date.parse(start)) <= 3 * 86_400_000));
  return candidates.length === 1 ? (candidates[0]?.i ?? null) : null;
}

export function toEvents(d: Drafts): ExtractedEvent[] {
  const events: ExtractedEvent[] = [];
  for (const m of d.meetings) {
    const e: MeetingEvent = {
      type: 'meeting',
      forum: m.forum,
      sequence: m.sequence,
      date_start: m.dateStart,
      date_end: m.dateEnd,
      venue: m.venue,
      countries: [...m.countries].sort(),
      co_chairs: m.chairs.map((p) => p.name),
    };
    events.push({ ...e, confidence: confidenceOf('meeting', m.why, e), why: m.why });
  }
  for (const a of d.agreements) {
    const e: AgreementEvent = { type: 'agreement', kind: a.kind, title: a.title, date: a.date, venue: a.venue, countries: [...a.countries].sort(), areas: a.areas };
    events.push({ ...e, confidence: confidenceOf('agreement', a.why, e), why: a.why });
  }
  for (const v of d.visits) {
    // A visit of stated length with no stated start has no day: "said on Friday" is not its start.
    const main = v.dates.find((x) => !x.reporting) ?? (v.lasting ? undefined : v.dates[0]);
    const start = main?.start ?? null;
    const end = main?.end ?? (v.endDate !== main?.start ? v.endDate : null);
    const e: VisitEvent = {
      type: 'visit',
      date_start: start,
      date_end: end,
      visitor: v.visitor?.name ?? null,
      delegation_country: v.delegation,
      host_country: v.host,
      hosts: dedupeNames(v.hosts.map((h) => h.name)),
      purpose: v.purpose,
      place: v.place,
      meeting: meetingOfTrip(v, start, end, d.meetings),
    };
    events.push({ ...e, confidence: confidenceOf('visit', v.why, e), why: v.why });
  }
  for (const c of d.callOns) {
    const e: CallOnEvent = { type: 'call_on', date: c.date, visitor: c.visitor.name, host: c.host.name };
    events.push({ ...e, confidence: confidenceOf('call_on', c.why, e), why: c.why });
  }
  return events;
}

function dedupeNames(names: string[]): string[] {
  const out: string[] = [];
  for (const n of names) if (!out.some((o) => o.toLowerCase() === n.toLowerCase())) out.push(n);
  return out;
}
