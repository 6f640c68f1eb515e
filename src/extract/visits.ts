// Visits: who travelled (a person or a national delegation), to which country, which
// organisations they visited, when, and why.
import { countryCode } from './countries.ts';
import type { FoundDate } from './dates.ts';
import type { Doc, Sent } from './doc.ts';
import type { OrgMention } from './orgs.ts';
import type { Person } from './people.ts';
import { dateNear, venueNear } from './places.ts';
import type { RoleFinder } from './roles.ts';

export interface VisitDraft {
  dates: FoundDate[];
  visitor: Person | null;
  delegation: string | null;
  host: string | null;
  hosts: OrgMention[];
  purpose: string | null;
  venueCountry: string | null;
}

// "visited X", "a visit to X", "his visit", "is on a two-day official visit"; not "visiting dignitary",
// "ship visits" or "invited ... to visit".
const VISIT = /\b(?:visited|(?:on|during|concluded|of|from|his|her|the|a|current|official|formal|state|two-day|three-day|day)\s+(?:[\w-]+\s+){0,2}visit)\b(?!s)/i;
const NOT_VISIT = /\b(?:to visit|will visit|would visit|invited|invite|expected to|plans? to)\b/i;
const FIRST_PERSON = /(?:^|[\s"])(?:I|we|We|our|Our)\s/;
const PURPOSE = /\b(?:explor(?:e|ing) (?:avenues|opportunities|ways|prospects|possibilities) (?:for|of)|with an aim to|with the aim of|aimed at|in order to|to discuss)\s+([^,.;]+?)(?=\s+(?:to|between|with|and to|aimed|thus)\b|[,.;]|$)/i;
const DELEGATION = /\bdelegation\b/i;

export function extractVisits(doc: Doc, roles: RoleFinder, orgs: OrgMention[]): VisitDraft[] {
  const visits: VisitDraft[] = [];
  for (const s of doc.sentences) {
    const m = /\b(?:visited|toured)\b/i.exec(s.text) ?? VISIT.exec(s.text);
    if (!m || NOT_VISIT.test(s.text.slice(Math.max(0, (m.index ?? 0) - 30), (m.index ?? 0) + m[0].length)) || FIRST_PERSON.test(s.text) || earlierMonth(doc, s)) continue;
    const at = s.tokens.findIndex((t) => t.start >= (m.index ?? 0));
    const v = readVisit(doc, s, at, m[0], roles, orgs);
    const same = visits.find((x) => compatible(x, v));
    if (same) merge(same, v);
    else visits.push(v);
  }
  return visits.filter((v) => v.visitor || v.delegation || v.hosts.length || v.host);
}

function readVisit(doc: Doc, s: Sent, at: number, trigger: string, roles: RoleFinder, orgs: OrgMention[]): VisitDraft {
  const t = s.tokens;
  const verb = /^(?:visited|toured)$/i.test(trigger.trim());
  const before = roles.inSpan(s.index, 0, at);
  const after = roles.inSpan(s.index, at, t.length);
  // "X visited", "delegation led by X visited", "He ... during the visit": the clause subject.
  let visitor = before[0] ?? null;
  // "..., as the visiting commander is on an eight-day visit": the nearest person in that clause.
  if (/\b(?:is|was|are|were)\s+$/.test(s.text.slice(Math.max(0, (t[at]?.start ?? 0) - 12), t[at]?.start ?? 0))) {
    let c = at - 1;
    while (c > 0 && !/^(?:,|as|while|when|and|;)$/.test(t[c]?.lower ?? '')) c--;
    visitor = roles.inSpan(s.index, c, at).pop() ?? visitor;
  }
  // "On the final day of his visit to X, Defence Minister Y met ...": "his" points ahead to the subject.
  if (!visitor && /\b(?:his|her)\s+(?:[\w-]+\s+){0,3}visit\b/i.test(s.text.slice(0, (t[at]?.start ?? 0) + 40))) visitor = after[0] ?? roles.subject(s.index - 1);
  // "the visit of X", "visit by X" — but not "was joined on his visit by X".
  if (!verb && /\bvisit (?:of|by)\b/i.test(s.text) && !/\b(?:joined|accompanied)\b/i.test(s.text)) visitor = after[0] ?? visitor;
  if (verb && /\bparticipants\b/i.test(s.text.slice(0, t[at]?.start ?? 0))) visitor = null;
  const v: VisitDraft = { dates: [], visitor, delegation: delegationCountry(s, at), host: null, hosts: [], purpose: null, venueCountry: null };
  const toCountry = /\bvisit(?:ed)?\s+(?:to\s+)?(?:the\s+)?([A-Z][\w-]*(?:\s[A-Z][\w-]*)*)/.exec(s.text.slice(t[at]?.start ?? 0));
  const direct = toCountry?.[1] ? countryCode(toCountry[1]) : null;
  const byTo = /\bto\s+(?:the\s+)?([A-Z][\w-]*(?:\s[A-Z][\w-]*)?)/.exec(s.text.slice(t[at]?.start ?? 0))?.[1];
  v.host = direct ?? (byTo ? countryCode(byTo) : null);
  if (verb) {
    const end = objectEnd(s, at);
    for (const o of orgs) {
      if (o.sent !== s.index || o.from <= at || o.from >= end || o.kind === 'ministry' || t[o.to]?.text === "'s") continue;
      // One host per organisation ("Western Naval Command (WNC)").
      if (!v.hosts.some((h) => (h.record && h.record === o.record) || (t[h.to]?.text === '(' && h.to + 1 === o.from))) v.hosts.push(o);
    }
  }
  const venue = venueNear(s, at);
  v.venueCountry = venue ? countryCode(venue) : null;
  const date = dateNear(s, t[at]?.start ?? 0);
  if (date) v.dates.push(date);
  const purpose = PURPOSE.exec(s.text)?.[1]?.trim() ?? null;
  // A purpose is a short phrase; a long capture ran past the clause.
  v.purpose = purpose && purpose.split(/\s+/).length <= 8 ? purpose : null;
  void doc;
  return v;
}

/** End of the object of "visited": before a new clause (", during which", "and met", ...). */
function objectEnd(s: Sent, at: number): number {
  const t = s.tokens;
  for (let i = at + 1; i < t.length; i++) {
    const w = t[i]?.lower ?? '';
    const next = t[i + 1]?.lower ?? '';
    if (w === ',' && /^(?:during|where|which|who|while|when|after|before|he|she|they)$/.test(next)) return i;
    if (w === 'and' && /^(?:met|held|interacted|called|discussed|laid|also|he|she|they)$/.test(next)) return i;
    if (/^(?:where|during|with|to)$/.test(w) && !t[i + 1]?.cap) return i;
  }
  return t.length;
}

/** A month-only date before the publication month ("during the visit of X in Dec 2023"): background. */
function earlierMonth(doc: Doc, s: Sent): boolean {
  if (!doc.published) return false;
  const months = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');
  for (const m of s.text.matchAll(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{4})\b/g)) {
    const when = Number(m[2]) * 12 + months.indexOf((m[1] ?? '').toLowerCase());
    const pub = Number(doc.published.slice(0, 4)) * 12 + Number(doc.published.slice(5, 7)) - 1;
    if (when < pub) return true;
  }
  return false;
}

/** "The UAE delegation", "an Indian delegation", "A delegation from Germany". */
function delegationCountry(s: Sent, at: number): string | null {
  if (!DELEGATION.test(s.text)) return null;
  const d = s.tokens.findIndex((t) => t.lower === 'delegation');
  if (d < 0 || d > at) return null;
  for (let i = d - 1; i >= Math.max(0, d - 3); i--) {
    const c = s.countryAt[i];
    if (c && c.kind !== 'city') return c.code;
  }
  if (s.tokens[d + 1]?.lower === 'from') {
    const c = s.countryAt[d + 2];
    if (c) return c.code;
  }
  return null;
}

function compatible(a: VisitDraft, b: VisitDraft): boolean {
  if (a.visitor && b.visitor && a.visitor !== b.visitor) return false;
  if (a.delegation && b.delegation && a.delegation !== b.delegation) return false;
  return !(a.host && b.host && a.host !== b.host);
}

function merge(a: VisitDraft, b: VisitDraft): void {
  a.visitor ??= b.visitor;
  a.delegation ??= b.delegation;
  a.host ??= b.host;
  a.venueCountry ??= b.venueCountry;
  a.purpose ??= b.purpose;
  a.dates.push(...b.dates);
  for (const h of b.hosts) if (!a.hosts.some((x) => x.record && x.record === h.record)) a.hosts.push(h);
}
