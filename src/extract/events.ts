// Turns event drafts into schema events and uses their structure to settle countries:
// co-chairs and call-on parties sit on opposite sides of a bilateral pair.
import type { AgreementDraft } from './agreements.ts';
import type { CallOnDraft } from './callons.ts';
import type { MeetingDraft } from './meetings.ts';
import type { Person } from './people.ts';
import type { ExtractedEvent } from './types.ts';
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
  if (a.country && !b.country && pair.includes(a.country)) b.country = pair.find((c) => c !== a.country) ?? null;
  else if (b.country && !a.country && pair.includes(b.country)) a.country = pair.find((c) => c !== b.country) ?? null;
}

export function settleCountries(d: Drafts, pair: string[], counterparts: [Person, Person][] = []): void {
  for (const m of d.meetings) {
    for (const p of m.chairs) if (p.country) m.countries.add(p.country);
    for (const c of pair) if (m.countries.size < 2) m.countries.add(c);
    const [a, b] = m.chairs;
    if (a && b) opposite(a, b, [...m.countries]);
  }
  for (const c of d.callOns) opposite(c.visitor, c.host, pair);
  for (const [a, b] of counterparts) opposite(a, b, pair);
  for (const v of d.visits) {
    v.delegation ??= v.visitor?.country ?? null;
    v.host ??= v.venueCountry ?? v.hosts.map((h) => h.country).find((x) => x && x !== v.delegation) ?? null;
    if (!v.delegation && v.host && pair.includes(v.host)) v.delegation = pair.find((c) => c !== v.host) ?? null;
    if (!v.host && v.delegation && pair.includes(v.delegation)) v.host = pair.find((c) => c !== v.delegation) ?? null;
    if (v.visitor && !v.visitor.country) v.visitor.country = v.delegation;
  }
}

/** After home-country defaults: a visit still missing its sides takes the visitor's and the hosts' countries. */
export function finishVisits(d: Drafts): void {
  for (const v of d.visits) {
    v.delegation ??= v.visitor?.country ?? null;
    // A visit at home ("the Army Chief visited Heavy Industries Taxila") has the same country twice.
    v.host ??= v.hosts.map((h) => h.country).find((x) => x) ?? null;
  }
}

export function toEvents(d: Drafts): ExtractedEvent[] {
  const events: ExtractedEvent[] = [];
  for (const m of d.meetings) {
    events.push({
      type: 'meeting',
      forum: m.forum,
      sequence: m.sequence,
      date_start: m.dateStart,
      date_end: m.dateEnd,
      venue: m.venue,
      countries: [...m.countries].sort(),
      co_chairs: m.chairs.map((p) => p.name),
    });
  }
  for (const a of d.agreements) {
    events.push({ type: 'agreement', kind: a.kind, title: a.title, date: a.date, venue: a.venue, countries: [...a.countries].sort(), areas: a.areas });
  }
  for (const v of d.visits) {
    // A visit of stated length with no stated start has no day: "said on Friday" is not its start.
    const main = v.dates.find((x) => !x.reporting) ?? (v.lasting ? undefined : v.dates[0]);
    events.push({
      type: 'visit',
      date_start: main?.start ?? null,
      date_end: main?.end ?? (v.endDate !== main?.start ? v.endDate : null),
      visitor: v.visitor?.name ?? null,
      delegation_country: v.delegation,
      host_country: v.host,
      hosts: dedupeNames(v.hosts.map((h) => h.name)),
      purpose: v.purpose,
    });
  }
  for (const c of d.callOns) events.push({ type: 'call_on', date: c.date, visitor: c.visitor.name, host: c.host.name });
  return events;
}

function dedupeNames(names: string[]): string[] {
  const out: string[] = [];
  for (const n of names) if (!out.some((o) => o.toLowerCase() === n.toLowerCase())) out.push(n);
  return out;
}
