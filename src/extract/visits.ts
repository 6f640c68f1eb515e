// Visits: who travelled (a person or a national delegation), to which country, which
// organisations they visited, where, when, and why. Only visit, trip or tour wording makes a
// visit; one that is planned, invited or long past is not reported as one, and later mentions
// of the same trip ("the visit", "his trip") share its status.
import { clauseAt, statusAt, type Status } from './clauses.ts';
import { countryCode } from './countries.ts';
import type { FoundDate } from './dates.ts';
import type { Doc, Sent } from './doc.ts';
import type { OrgMention } from './orgs.ts';
import type { People, Person } from './people.ts';
import { dateInClause, durationDays, endAfter, venueNear, type Setting } from './places.ts';
import { note, type Why } from './evidence.ts';
import type { RoleFinder } from './roles.ts';

export interface VisitDraft {
  dates: FoundDate[];
  visitor: Person | null;
  delegation: string | null;
  host: string | null;
  hosts: OrgMention[];
  purpose: string | null;
  venueCountry: string | null;
  /** The town or city visited ("Bharat Electronics Limited, Ghaziabad", "in Lorient, France"). */
  place: string | null;
  /** A stated length without a start ("is on a three-day visit"): no single day is the visit's. */
  lasting: boolean;
  /** The day it ended ("concluded his visit ... later in the day"). */
  endDate: string | null;
  sentences: number[];
  why: Why;
}

interface Trigger {
  at: number;
  index: number;
  text: string;
  verb: boolean;
}

// "visited X", "toured X", "a visit to X", "his visit", "is on a two-day official visit", "the trip";
// not "visiting dignitary", "ship visits" or "invited ... to visit".
const VERB = /\b(?:visited|toured|tours|paid (?:a|an) (?:[\w-]+\s+){0,2}visit)\b/gi;
const NOUN = /\b(?:visit|trip|tour)\b(?!s)/gi;
const FIRST_PERSON = /(?:^|[\s"])(?:I|we|We|our|Our)\s/;
const PURPOSE =
  /\b(?:explor(?:e|ing) (?:avenues|opportunities|ways|prospects|possibilities) (?:for|of)|with an aim to|with the aim of|aim(?:ed|ing) at|in order to|to discuss)\s+([^,.;]+?)(?=\s+(?:to|between|with|and to|aimed|thus|in|during|as)\b|[,.;"]|$)/i;
// "visited HAL on Thursday to assess the Tejas": an infinitive of purpose after the visit.
const PURPOSE_VERB = /\bto\s+((?:assess|review|study|observe|witness|inspect|see|view|learn|understand|strengthen|deepen|enhance|boost|expand|promote|advance|explore|discuss|familiari[sz]e)\b[^,.;]*?)(?=\s+(?:and to|as part|during|while)\b|[,.;"]|$)/i;
const DELEGATION = /\bdelegation\b/i;
// Places a visit takes in that are not hosts: memorials, monuments, religious and cultural sites, ships.
const NOT_HOST = /\b(?:Memorial|Monument|Church|Temple|Mosque|Cathedral|Synagogue|Shrine|Museum|Tomb|Gurudwara|Cemetery|INS|HMS|USS)\b/;

export function extractVisits(doc: Doc, roles: RoleFinder, orgs: OrgMention[], people: People, setting: Setting): VisitDraft[] {
  // An organisation named in someone's title ("MOD Director General") is not a place visited.
  const inTitle = (o: OrgMention) => (people.bySentence[o.sent] ?? []).some(({ mention: m }) => m.titleFrom >= 0 && o.from >= m.titleFrom && o.to <= m.titleTo);
  orgs = orgs.filter((o) => !inTitle(o));
  const visits: VisitDraft[] = [];
  // The status of the first mention of the trip carries to later ones ("As part of the visit, ...").
  let tripStatus: Status | null = null;
  for (const s of doc.sentences) {
    if (FIRST_PERSON.test(s.text)) continue;
    for (const trig of triggers(s)) {
      let status = statusAt(doc, s, trig.index, trig.index + trig.text.length);
      const anaphoric = !trig.verb && /\b(?:the|his|her|this|its|their|[A-Z][\w-]*'s)\s+(?:[\w'-]+\s+){0,2}$/i.test(s.text.slice(Math.max(0, trig.index - 30), trig.index));
      if (anaphoric && tripStatus && tripStatus !== 'actual') status = tripStatus;
      tripStatus ??= status;
      if (status !== 'actual') continue;
      const v = readVisit(doc, s, trig, roles, orgs, setting);
      // "The minister's visit comes ahead of ...": a later mention of the trip is that trip; a title
      // reference ("the minister") does not make it someone else's.
      const last = visits[visits.length - 1];
      if (anaphoric && last && !compatible(last, v) && (!v.host || !last.host || v.host === last.host)) {
        merge(last, { ...v, visitor: null, delegation: null });
        continue;
      }
      const same = visits.find((x) => compatible(x, v));
      if (same) merge(same, v);
      else visits.push(v);
    }
  }
  return visits;
}

const ENCOUNTER_VERB = /^(?:met|meets|held|called|arrived|visited|toured|interacted)$/;

/**
 * "the visit was an important step": a visit the story mentions without saying whose is the visit
 * of its foreign principal, the first official of another country than home who meets someone
 * in it. The visit is then on that official's first encounter day, to home, and to the
 * organisations where the official met people ("At the Ministry of Defence, X met ...").
 * Visits that remain without anyone or anywhere are dropped.
 */
export function completeVisits(doc: Doc, visits: VisitDraft[], people: People, orgs: OrgMention[], home: string | null): VisitDraft[] {
  for (const v of visits) {
    if (v.visitor || v.delegation || v.hosts.length || v.host || !home) continue;
    const found = principal(doc, people, home);
    if (!found) continue;
    const { person, sent, verb } = found;
    v.visitor = person;
    v.delegation = person.country;
    v.host = home;
    v.why = { record: 'principal', visitor: 'principal', delegation_country: 'principal', host_country: 'home' };
    const s = doc.sentences[sent];
    if (!s) continue;
    const date = dateInClause(s, verb);
    if (date && !date.reporting) v.dates.push(date);
    note(v.why, 'date_start', 'principal', v.dates[0]);
    for (const x of doc.sentences) {
      const at = /^\s*At (?:the )?/.exec(x.text);
      if (!at) continue;
      const o = orgs.find((m) => m.sent === x.index && (x.tokens[m.from]?.start ?? -1) === at[0].length);
      const subject = (people.bySentence[x.index] ?? []).some(({ person: p }) => p === person);
      if (o && subject && !v.hosts.includes(o)) v.hosts.push(o);
    }
    note(v.why, 'hosts', 'principal', v.hosts);
  }
  return visits.filter((v) => v.visitor || v.delegation || v.hosts.length || v.host);
}

function principal(doc: Doc, people: People, home: string): { person: Person; sent: number; verb: number } | null {
  for (const row of people.bySentence) {
    for (const { mention, person } of row) {
      if (!person.country || person.country === home) continue;
      const s = doc.sentences[mention.sent];
      const t = s?.tokens ?? [];
      // The person is the subject: an encounter verb follows the mention (after a comma-set title).
      for (let j = mention.to; j < Math.min(t.length, mention.to + 4); j++) {
        if (ENCOUNTER_VERB.test(t[j]?.lower ?? '')) return { person, sent: mention.sent, verb: j };
        if (t[j]?.text !== ',' && !/^(?:also|then|later|had)$/.test(t[j]?.lower ?? '')) break;
      }
    }
  }
  return null;
}

/** Visit words in a sentence, one per clause-level mention, verbs before nouns at the same place. */
function triggers(s: Sent): Trigger[] {
  const out: Trigger[] = [];
  for (const re of [VERB, NOUN]) {
    for (const m of s.text.matchAll(re)) {
      const index = m.index ?? 0;
      if (out.some((o) => index >= o.index && index < o.index + o.text.length)) continue;
      // "ship visits", "visiting" are excluded by the patterns; "a joint visit" is a visit, "state visit" too.
      const at = s.tokens.findIndex((t) => t.start >= index);
      if (at >= 0) out.push({ at, index, text: m[0], verb: re === VERB });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

function readVisit(doc: Doc, s: Sent, trig: Trigger, roles: RoleFinder, orgs: OrgMention[], setting: Setting): VisitDraft {
  const t = s.tokens;
  const at = trig.at;
  const before = roles.inSpan(s.index, 0, at);
  const after = roles.inSpan(s.index, at, t.length);
  // "X visited", "delegation led by X visited", "He ... during the visit": the clause subject; not
  // someone in a fronted phrase ("For the secretary general, the visit was ...").
  const fronted = /^\s*(?:For|According to|To|In the words of|As per)\b[^,]*,/.exec(s.text)?.[0].length ?? 0;
  let visitor = roles.inSpan(s.index, Math.max(0, s.tokens.findIndex((x) => x.start >= fronted)), at)[0] ?? null;
  if (fronted === 0) visitor = before[0] ?? null;
  const start = t[at]?.start ?? 0;
  // "..., as the visiting commander is on an eight-day visit": the nearest person in that clause.
  if (/\b(?:is|was|are|were)\s+(?:on\s+)?(?:an?\s+)?(?:[\w-]+\s+){0,3}$/.test(s.text.slice(Math.max(0, start - 40), start))) {
    let c = at - 1;
    while (c > 0 && !/^(?:,|as|while|when|and|;)$/.test(t[c]?.lower ?? '')) c--;
    visitor = roles.inSpan(s.index, c, at).pop() ?? visitor;
  }
  // "On the final day of his visit to X, Defence Minister Y met ...": "his" points ahead to the subject.
  if (!visitor && /\b(?:his|her)\s+(?:[\w-]+\s+){0,3}(?:visit|trip|tour)\b/i.test(s.text.slice(0, start + 40))) visitor = after[0] ?? roles.subject(s.index - 1);
  // "the visit of X", "the visit on Thursday by X" — but not "was joined on his visit by X".
  const by = /^(?:visit|trip|tour)(?:\s+(?:on|last|this)\s+\w+)?(?:\s+to\s+(?:the\s+)?[A-Z][\w-]*(?:\s[A-Z][\w-]*)?)?\s+(?:of|by)\s/.exec(s.text.slice(start));
  if (!trig.verb && by && !/\b(?:joined|accompanied)\b/i.test(s.text.slice(Math.max(0, start - 40), start))) {
    const from = t.findIndex((x) => x.start >= start + by[0].length);
    visitor = roles.inSpan(s.index, from, Math.min(t.length, from + 12))[0] ?? visitor;
  }
  if (trig.verb && /\bparticipants\b/i.test(s.text.slice(0, start))) visitor = null;
  const v: VisitDraft = {
    dates: [],
    visitor,
    delegation: delegationCountry(s, at),
    host: null,
    hosts: [],
    purpose: null,
    venueCountry: null,
    place: null,
    lasting: false,
    endDate: null,
    sentences: [s.index],
    why: { record: trig.verb ? 'verb' : 'noun' },
  };
  note(v.why, 'visitor', by && !trig.verb ? 'by' : 'subject', v.visitor);
  note(v.why, 'delegation_country', 'stated', v.delegation);
  const rest = s.text.slice(start);
  const toCountry = /^(?:visited|toured|(?:visit|trip|tour)(?:\s+(?:on|last|this)\s+\w+)?(?:\s+(?:of|by)\s+[^,]*?)?\s+to)\s+(?:the\s+)?([A-Z][\w-]*(?:\s[A-Z][\w-]*)*)/.exec(rest);
  const direct = toCountry?.[1] ? countryCode(toCountry[1]) : null;
  const byTo = /\bto\s+(?:the\s+)?([A-Z][\w-]*(?:\s[A-Z][\w-]*)?)/.exec(rest)?.[1];
  v.host = direct ?? (byTo ? countryCode(byTo) : null);
  note(v.why, 'host_country', 'stated', v.host);
  // The object of the visit: "visited X", "toured X", "a visit to X", "the visit ... to the shipyards of X".
  const objectFrom = trig.verb ? at : objectStart(s, at);
  if (objectFrom >= 0) {
    const end = objectEnd(s, objectFrom);
    for (const o of orgs) {
      if (o.sent !== s.index || o.from <= objectFrom || o.from >= end || t[o.to]?.text === "'s" || NOT_HOST.test(o.name)) continue;
      // One host per organisation ("Western Naval Command (WNC)").
      if (!v.hosts.some((h) => (h.record && h.record === o.record) || (t[h.to]?.text === '(' && h.to + 1 === o.from))) v.hosts.push(o);
    }
    v.place = placeIn(s, objectFrom, end);
    note(v.why, 'hosts', 'object', v.hosts);
    note(v.why, 'place', 'object', v.place);
  }
  const venue = venueNear(s, at);
  v.venueCountry = venue ? countryCode(venue) : null;
  // "held talks in Berlin on Thursday, during his first official visit": an adverbial visit phrase
  // is dated by the clause it modifies.
  const adverbial = !trig.verb && /\b(?:during|on|in the course of|as part of)\s+(?:his|her|their|the|a)\s+(?:[\w-]+\s+){0,3}$/i.test(s.text.slice(Math.max(0, start - 40), start));
  const inClause = dateInClause(s, at);
  let date = inClause ?? (adverbial ? dateInClause(s, Math.max(0, clauseAt(s, at).from - 2)) : null);
  // "Galvez later toured ...": the day of what the story reported just before.
  const laterDate = !date && /\b(?:later|afterwards|subsequently)\b/i.test(s.text.slice(Math.max(0, start - 40), start));
  if (laterDate) date = dayBefore(doc, s);
  // "arrived on Wednesday on a two-day visit": a stated length from a stated start gives the end;
  // a length with no start ("is on a three-day visit") gives the visit no day.
  const days = durationDays(s.text.slice(Math.max(0, start - 30), start + trig.text.length));
  if (days && date && !date.end && !date.reporting) date = { ...date, end: endAfter(date.start, days) };
  v.lasting = !!days && !date?.end;
  // "X concluded his visit to Japan later in the day": the day it ended, the story's day unless dated.
  if (/\b(?:concluded|ended|wrapped up|completed|winds? up)\s+(?:his|her|the|their|a)?\s*(?:[\w-]+\s+){0,2}$/i.test(s.text.slice(Math.max(0, start - 40), start))) {
    v.endDate = date && !date.reporting ? date.start : /\b(?:later (?:in|that) the day|later that day|the same day)\b/i.test(s.text) ? setting.date : null;
  } else if (date && !(v.lasting && date.reporting)) v.dates.push(date);
  note(v.why, 'date_start', date?.reporting ? 'reported' : laterDate ? 'later' : adverbial && !inClause ? 'adverbial' : 'clause', v.dates[0]);
  note(v.why, 'date_end', 'clause', v.dates[0]?.end ?? v.endDate);
  const marked = PURPOSE.exec(s.text)?.[1]?.trim();
  const purpose = marked ?? PURPOSE_VERB.exec(s.text.slice(start))?.[1]?.trim() ?? null;
  // A purpose is a short phrase; a long capture ran past the clause.
  v.purpose = purpose && purpose.split(/\s+/).length <= 8 ? purpose : null;
  note(v.why, 'purpose', marked ? 'marker' : 'infinitive', v.purpose);
  void doc;
  return v;
}

/** The latest event date in the few sentences before, when what they report happened. */
function dayBefore(doc: Doc, s: Sent): FoundDate | null {
  for (let k = s.index; k >= Math.max(0, s.index - 3); k--) {
    const p = doc.sentences[k];
    const d = p?.dates.find((x) => !x.reporting && statusAt(doc, p, x.index) === 'actual' && (k < s.index || x.index < (s.text.search(/\blater\b/i) ?? 0)));
    if (d) return { ...d, end: null };
  }
  return null;
}

/** Where the object of a visit noun starts: "visit to X", "visit on Thursday by Y to X". */
function objectStart(s: Sent, at: number): number {
  for (let i = at + 1; i < Math.min(s.tokens.length, at + 25); i++) {
    const w = s.tokens[i]?.lower ?? '';
    if (w === 'to') return i;
    if (/^(?:[,;.]|during|where|which|when)$/.test(w)) return -1;
  }
  return -1;
}

/** End of the object of "visited": before a new clause (", during which", "and met", "accompanied by", ...). */
function objectEnd(s: Sent, at: number): number {
  const t = s.tokens;
  for (let i = at + 1; i < t.length; i++) {
    const w = t[i]?.lower ?? '';
    const next = t[i + 1]?.lower ?? '';
    if (w === ',' && /^(?:during|where|which|who|while|when|after|before|he|she|they|accompanied|at|with|to)$/.test(next)) return i;
    if (w === 'and' && /^(?:met|held|interacted|called|discussed|laid|also|he|she|they|was|were)$/.test(next)) return i;
    if (/^(?:where|during|with|accompanied|aimed)$/.test(w) && !t[i + 1]?.cap) return i;
    if (w === 'at' && next === 'the' && /^(?:invitation|request)$/.test(t[i + 2]?.lower ?? '')) return i;
    if (w === ';' || w === ':') return i;
  }
  return t.length;
}

/** "Bharat Electronics Limited, Ghaziabad", "in Lorient, France", "at Gurugram": the town visited. */
function placeIn(s: Sent, from: number, to: number): string | null {
  for (const c of s.countries) {
    if (c.kind !== 'city' || c.from <= from || c.from >= to) continue;
    return c.text;
  }
  for (const p of s.places) if (p.from > from && p.from < to) return p.text;
  // A capitalised word after "in"/"at" or after a comma that closes an organisation's name.
  for (let i = from + 1; i < to - 1; i++) {
    const tok = s.tokens[i];
    const next = s.tokens[i + 1];
    if (!tok || !next || !(tok.lower === 'in' || tok.lower === 'at' || (tok.text === ',' && s.orgAt[i - 1]))) continue;
    if (next.cap && next.isWord && !s.orgAt[i + 1] && !s.countryAt[i + 1] && (s.tokens[i + 2]?.text === ',' || s.tokens[i + 2]?.text === '.' || i + 2 >= to)) return next.text;
  }
  return null;
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
  a.place ??= b.place;
  a.lasting ||= b.lasting;
  a.endDate ??= b.endDate;
  a.dates.push(...b.dates);
  a.sentences.push(...b.sentences);
  for (const [k, w] of Object.entries(b.why)) if (k !== 'record') a.why[k] ??= w;
  for (const h of b.hosts) if (!a.hosts.some((x) => (x.record && x.record === h.record) || x.name === h.name)) a.hosts.push(h);
}
