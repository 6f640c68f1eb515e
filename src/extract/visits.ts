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
const PURPOSE = /\b(?:explor(?:e|ing) (?:avenues|opportunities|ways|prospects) for|with an aim to|with the aim of|aimed at|in order to|to explore|to discuss)\s+([^,.;]+?)(?=\s+(?:to|between|with|and to|aimed|thus)\b|[,.;]|$)/i;
const DELEGATION = /\bdelegation\b/i;

export function extractVisits(doc: Doc, roles: RoleFinder, orgs: OrgMention[]): VisitDraft[] {
  const visits: VisitDraft[] = [];
  for (const s of doc.sentences) {
    const m = VISIT.exec(s.text);
    if (!m || NOT_VISIT.test(s.text) || FIRST_PERSON.test(s.text)) continue;
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
  const verb = /^visited$/i.test(trigger.trim());
  const before = roles.inSpan(s.index, 0, at);
  const after = roles.inSpan(s.index, at, t.length);
  // "delegation led by X visited", "X visited", "the visit of X", "visit by X".
  let visitor = before[before.length - 1] ?? null;
  if (!verb && /\b(?:visit (?:of|by))\b/i.test(s.text)) visitor = after[0] ?? visitor;
  if (verb && /\bparticipants\b/i.test(s.text.slice(0, t[at]?.start ?? 0))) visitor = null;
  const v: VisitDraft = { dates: [], visitor, delegation: delegationCountry(s, at), host: null, hosts: [], purpose: null, venueCountry: null };
  const toCountry = /\bvisit(?:ed)?\s+(?:to\s+)?(?:the\s+)?([A-Z][\w-]*(?:\s[A-Z][\w-]*)*)/.exec(s.text.slice(t[at]?.start ?? 0));
  const direct = toCountry?.[1] ? countryCode(toCountry[1]) : null;
  const byTo = /\bto\s+(?:the\s+)?([A-Z][\w-]*(?:\s[A-Z][\w-]*)?)/.exec(s.text.slice(t[at]?.start ?? 0))?.[1];
  v.host = direct ?? (byTo ? countryCode(byTo) : null);
  if (verb) v.hosts = orgs.filter((o) => o.sent === s.index && o.from > at && o.kind !== 'ministry' && s.tokens[o.to]?.text !== "'s");
  const venue = venueNear(s, at);
  v.venueCountry = venue ? countryCode(venue) : null;
  const date = dateNear(s, t[at]?.start ?? 0);
  if (date) v.dates.push(date);
  v.purpose = PURPOSE.exec(s.text)?.[1]?.trim() ?? null;
  void doc;
  return v;
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
