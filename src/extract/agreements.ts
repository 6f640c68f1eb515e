// Agreements signed: MoUs, agreements, protocols, letters of intent, roadmaps and other
// instruments (terms of reference, programmes), with title, date, place, parties and areas.
import { clauseAt, stale, statusAt } from './clauses.ts';
import { isBackground } from './dates.ts';
import type { Doc, Sent } from './doc.ts';
import { complementOf, instruments, isPlural, kindOf, listedAreas, titleOf, topicOf, type AgreementKind, type Instrument } from './instruments.ts';
import { isGenericArea, splitList } from './lists.ts';
import { note, type Why } from './evidence.ts';
import { findForums, type ForumMention } from './forums.ts';
import type { MeetingDraft } from './meetings.ts';
import { buildingIn, dateInClause, ownTime, placeInClause, precedingDated, venueNear, visitPlace, type Setting } from './places.ts';
import type { RoleFinder } from './roles.ts';

export interface AgreementDraft {
  why: Why;
  /** The date is only the report's ("announced on Friday"); a signing date found later replaces it. */
  reportedDate?: boolean;
  kind: AgreementKind;
  title: string | null;
  date: string | null;
  venue: string | null;
  countries: Set<string>;
  areas: string[];
  sent: number;
}

interface Context {
  doc: Doc;
  meetings: MeetingDraft[];
  roles: RoleFinder;
  /** The article's two sides, the last resort for parties. */
  pair: string[];
  out: AgreementDraft[];
  forums: ForumMention[];
  setting: Setting;
}

const SIGNED = /\b(?:sign(?:ed|ing|s)?|ink(?:ed|s)?|exchang(?:ed|ing)|conclud(?:ed|ing))\b/i;
// Right before the signing verb: it has not happened ("will sign", "expected to sign").
const NOT_SIGNED = /\b(?:will|would|to sign|expected|plans? to|proposed|agreed to (?:form|implement)|formulate|towards)\b/i;
// Anywhere in the sentence: a call or plan for an agreement, not a signing.
const PROPOSED = /\b(?:urged?|urging|near future|called for|calls for)\b/i;
const DATE_WORD = /\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b/;
const COUNTS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8 };

export function extractAgreements(doc: Doc, meetings: MeetingDraft[], roles: RoleFinder, pair: string[], setting: Setting = { date: null, venue: null }): AgreementDraft[] {
  const ctx: Context = { doc, meetings, roles, pair, out: [], forums: findForums(doc), setting };
  // After "signed two key agreements:" the next sentences open with the instruments themselves.
  let listFollows = false;
  for (const s of doc.sentences) {
    const signed = signedHere(doc, s);
    // "ToR signed; JWG to drive a structured roadmap": only the signed clause's instruments count.
    const found = instruments(s.text).filter((m) => !signed || SIGNED.test(clauseOf(s.text, m.index)));
    const itemOfList = listFollows && found[0]?.index === 0;
    if ((signed || itemOfList) && found.length) {
      let skipUntil = -1;
      found.forEach((m, i) => {
        if (m.index < skipUntil || glossOf(s.text, m)) return;
        // Each instrument's own clause decides: "signed an MoU in 2019 and will sign a protocol".
        if (signed && signingStatus(doc, s, m) !== 'actual') return;
        if (isPlural(m)) skipUntil = listEnd(s.text, m);
        signedInstrument(ctx, s, m, found[i + 1]?.index ?? s.text.length);
      });
    }
    else {
      // "The MoU encompasses ...", "The new agreement enables ...": a definite mention refers back.
      const back = found.find((m) => /\b(?:the|this|that|these|both|the new|the latest)\s+$/i.test(s.text.slice(Math.max(0, m.index - 12), m.index)));
      if (back && ctx.out.length) refer(ctx, s, back);
    }
    if (signed && /:\s*$/.test(s.text)) listFollows = true;
    else if (!itemOfList) listFollows = false;
  }
  const earlier = signedSince(doc);
  return dedupe(ctx.out).filter((d) => !earlier.has(d.kind) || (d.date !== null && !!doc.published && !stale(d.date, doc.published)));
}

/** "a memorandum of understanding, or MOU,": the abbreviation glosses the instrument just named. */
function glossOf(text: string, m: Instrument): boolean {
  return /,\s*or\s+$/i.test(text.slice(Math.max(0, m.index - 6), m.index));
}

/** The status of the signing nearest to an instrument, judged in its own clause. */
function signingStatus(doc: Doc, s: Sent, m: Instrument) {
  let best = -1;
  for (const v of s.text.matchAll(new RegExp(SIGNED.source, 'gi'))) {
    const at = v.index ?? 0;
    if (best < 0 || Math.abs(at - m.index) < Math.abs(best - m.index)) best = at;
  }
  const at = best < 0 ? m.index : best;
  return statusAt(doc, s, Math.min(at, m.index), Math.max(at, m.end));
}

/**
 * "Since we signed the agreement in October, ...": what has gone on since a signing makes the
 * signing background, whatever date the story gives it.
 */
function signedSince(doc: Doc): Set<string> {
  const kinds = new Set<string>();
  for (const s of doc.sentences) {
    const m = /\bsince\b[^.;,]*?\b(?:signed|signing|inked|concluded)\b([^.;,]*)/i.exec(s.text);
    if (!m) continue;
    for (const i of instruments(m[0])) kinds.add(kindOf(i.phrase));
  }
  return kinds;
}

function clauseOf(text: string, at: number): string {
  const start = text.lastIndexOf(';', at) + 1;
  const end = text.indexOf(';', at);
  return text.slice(start, end < 0 ? text.length : end);
}

/** A signing verb that is not future or hypothetical, in a sentence that is not background. */
function signedHere(doc: Doc, s: Sent): boolean {
  const i = s.text.search(SIGNED);
  if (i < 0 || NOT_SIGNED.test(s.text.slice(Math.max(0, i - 40), i + 12)) || PROPOSED.test(s.text)) return false;
  return !historical(doc, s);
}

const RECALLED = /\b(?:recall(?:s|ed|ing)?|last (?:week|month|year)|previously|earlier this (?:year|month)|in the past)\b/i;

/**
 * Background rather than news: "signed in 1993" (a bare year before publication, or any bare year
 * without a publication date), "Recalling the signing of ... last week".
 */
function historical(doc: Doc, s: Sent): boolean {
  if (s.dates.some((d) => !isBackground(d.start, doc.published))) return false;
  if (RECALLED.test(s.text)) return true;
  const pubYear = doc.published ? Number(doc.published.slice(0, 4)) : Infinity;
  const bareYears = [...s.text.matchAll(/\b(?:in|of|since) ((?:19|20)\d{2})\b/g)].map((m) => Number(m[1]));
  return bareYears.length > 0 && bareYears.every((y) => y < pubYear);
}

function signedInstrument(ctx: Context, s: Sent, m: Instrument, nextAt: number): void {
  // "The signing of the MoU ...", "the two MoUs": a definite mention of instruments already seen.
  const definite = /\b(?:the|this|that|these|the two|the three)\s+$/i.test(s.text.slice(Math.max(0, m.index - 10), m.index));
  if (definite && isPlural(m) && ctx.out.length) {
    refer(ctx, s, m);
    return;
  }
  // "two key agreements:" announces a list; "two MoUs, one on X and another on Y" counts them.
  if (isPlural(m)) {
    ctx.out.push(...counted(ctx, s, m));
    return;
  }
  // "both sides also exchanged the finalised ToR on the establishment of Su-30 forum": a definite
  // mention with a complement of its own is another instrument of the same kind.
  const comp = complementOf(s.text, m);
  const another = !!comp && ctx.out.every((d) => !d.title || !d.title.toLowerCase().includes(comp.toLowerCase()));
  if (definite && !another && ctx.out.some((d) => d.kind === kindOf(m.phrase) || /contract|deal|agreement|pact|accord/i.test(m.phrase))) {
    refer(ctx, s, m);
    return;
  }
  ctx.out.push(draft(ctx, s, m, nextAt));
}

function draft(ctx: Context, s: Sent, m: Instrument, nextAt: number): AgreementDraft {
  const comp = complementOf(s.text, m);
  const d: AgreementDraft = { kind: kindOf(m.phrase), title: titleOf(m.phrase.trim(), comp), date: null, venue: null, countries: new Set(), areas: [], sent: s.index, why: { record: 'signed', kind: 'noun' } };
  note(d.why, 'title', comp ? 'complement' : /^[A-Z]/.test(d.title ?? '') ? 'formal' : 'type', d.title);
  const topic = comp ? topicOf(comp) : null;
  if (topic) d.areas.push(topic);
  note(d.why, 'areas', 'topic', d.areas);
  const token = s.tokens.findIndex((t) => t.start >= m.index);
  // Its own clause's date and place ("signed ... and agreed to meet in Paris" is not signed in Paris).
  const own = dateInClause(s, Math.max(0, token));
  d.date = own && !own.reporting ? own.start : null;
  note(d.why, 'date', 'clause', d.date);
  d.venue = placeInClause(ctx.doc, s, Math.max(0, token));
  note(d.why, 'venue', 'clause', d.venue);
  const meeting = meetingFor(s, ctx.meetings);
  if (meeting) {
    d.date ??= meeting.dateStart;
    d.venue ??= meeting.venue;
    note(d.why, 'date', 'meeting', d.date);
    note(d.why, 'venue', 'meeting', d.venue);
  }
  // "Both sides signed ..." right after a dated sentence about the same talks.
  const context = precedingDated(ctx.doc, s);
  if (context) {
    d.date ??= context.dates.find((x) => !x.reporting)?.start ?? null;
    d.venue ??= venueNear(context, 0);
    note(d.why, 'date', 'context', d.date);
    note(d.why, 'venue', 'context', d.venue);
  }
  // "during a visit to Riyadh by ...": signed where the visit went.
  d.venue ??= visitPlace(s);
  note(d.why, 'venue', 'visit', d.venue);
  // Else the story's day and place, unless the sentence keeps a time of its own.
  if (!d.date && !ownTime(s)) d.date = ctx.setting.date;
  note(d.why, 'date', 'setting', d.date);
  if (!d.venue && d.date && d.date === ctx.setting.date) d.venue = ctx.setting.venue;
  note(d.why, 'venue', 'setting', d.venue);
  d.venue ??= buildingIn(s, Math.max(0, token));
  note(d.why, 'venue', 'building', d.venue);
  // A reporting date ("announced on Friday") only when nothing else dates it.
  d.date ??= own?.start ?? null;
  note(d.why, 'date', 'reported', d.date);
  d.reportedDate = !!own?.reporting && d.date === own.start;
  parties(ctx, s, d, m.index, nextAt);
  note(d.why, 'countries', 'stated', [...d.countries]);
  if (meeting && d.countries.size < 2) for (const c of meeting.countries) d.countries.add(c);
  note(d.why, 'countries', 'meeting', [...d.countries]);
  const prior = ctx.out[ctx.out.length - 1];
  if (prior && d.countries.size < 2) for (const c of prior.countries) d.countries.add(c);
  for (const c of ctx.pair) if (d.countries.size < 2) d.countries.add(c);
  note(d.why, 'countries', 'pair', [...d.countries]);
  // Only the instrument's own part of the sentence lists its areas.
  const clause = clauseAt(s, Math.max(0, token));
  const clauseEnd = s.tokens[clause.to - 1]?.end ?? s.text.length;
  addAreas(d, listedAreas(withoutForums(ctx, s).slice(m.index, Math.min(clauseEnd, Math.max(nextAt, m.end)))));
  // "form an SWG on Defence Industry Cooperation and ... a Terms of Reference was signed".
  if (!d.areas.length && !comp) {
    const named = /\bon ((?:[A-Z][\w-]*\s*){2,})/.exec(s.text)?.[1]?.trim();
    if (named && !isGenericArea(named) && !DATE_WORD.test(named)) d.areas.push(named.toLowerCase());
  }
  note(d.why, 'areas', 'own', d.areas);
  return d;
}

/** "signed two MoUs, one on hydrography and another on training": one agreement per topic. */
function counted(ctx: Context, s: Sent, m: Instrument): AgreementDraft[] {
  if (/:\s*$/.test(s.text)) return [];
  // "signed two agreements, the Security of Supply Arrangement and an MoU on X": the instruments
  // named right after are the ones counted, and are read one by one.
  const next = instruments(s.text.slice(m.end, m.end + 120))[0];
  if (next && /^\s*,\s*(?:namely\s+)?(?:the|an?)?\s*$/i.test(s.text.slice(m.end, m.end + next.index))) return [];
  // The count sits right before the noun or one adjective earlier ("two key agreements").
  const words = s.text.slice(Math.max(0, m.index - 24), m.index).trim().split(/\s+/).slice(-2).reverse();
  const counted = words.map((w) => COUNTS[w.toLowerCase()] ?? (/^\d+$/.test(w) ? Number(w) : 0)).find((x) => x > 0) ?? 0;
  const topics = itemTopics(s.text.slice(m.end));
  // "exchanged MoUs on X and Y": without a count, one per named topic, else one.
  const n = counted || Math.max(1, topics.length);
  if (n > 8) return [];
  const single = { index: m.index, phrase: m.phrase.replace(/s$/, ''), end: m.end };
  return Array.from({ length: n }, (_, i) => {
    const d = draft(ctx, s, single, s.text.length);
    const topic = topics[i];
    d.areas = topic && !isGenericArea(topic) ? [topic.toLowerCase()] : [];
    d.title = null;
    d.why.record = 'counted';
    d.why.areas = 'counted';
    delete d.why.title;
    return d;
  });
}

// A list set off after the noun; a dash counts only with spaces around it ("co-operation" has one).
const SET_OFF = /^\s*(?:[-–—]\s|:|\()\s*(.+?)(?:\s[-–—]\s|\)|\.|$)/;

/**
 * Topics of counted instruments: "..., one on hydrography and another on training" or a list set
 * off by a dash, colon or bracket ("two MoUs - on white shipping and on hydrography - were signed").
 */
function itemTopics(after: string): string[] {
  const direct = /^\s*(?:on|in the fields? of)\s+([^.;]+?)(?=\s+(?:(?:were|was|between|during)\b|in [A-Z]|on [A-Z][a-z]+day\b)|[.;]|$)/.exec(after)?.[1];
  if (direct) return splitList(direct).filter((x) => !isGenericArea(x));
  const named = [...after.matchAll(/\b(?:one|another|the other|the second|the third)\s+on\s+([^,;.]+?)(?=,|;|\.|\s+and\s+(?:another|the other|one)\b|$)/gi)];
  if (named.length) return named.map((x) => x[1]?.trim() ?? '');
  const list = SET_OFF.exec(after)?.[1];
  if (!list) return [];
  return list
    .split(/\s*(?:,|;|\band\b)\s*/)
    .map((x) => x.replace(/^(?:an?\s+)?(?:agreement|memorandum|mou|protocol|co-?operation)?\s*(?:on|in the fields? of|for|regarding)\s+/i, '').trim())
    .filter((x) => x.length > 2);
}

/** End of a set-off list after a plural instrument, so instruments named inside it are not counted again. */
function listEnd(text: string, m: Instrument): number {
  const after = text.slice(m.end);
  const list = SET_OFF.exec(after);
  return list ? m.end + list[0].length : m.end;
}

/** The meeting an agreement was signed at: named in the same sentence, or the article's only meeting. */
function meetingFor(s: Sent, meetings: MeetingDraft[]): MeetingDraft | null {
  const here = meetings.find((m) => m.sentences.includes(s.index));
  if (here) return here;
  return meetings.length === 1 ? (meetings[0] ?? null) : null;
}

/** Parties: "A and B signed", signatories' countries, and countries named with this instrument. */
function parties(ctx: Context, s: Sent, d: AgreementDraft, at: number, nextAt: number): void {
  const token = s.tokens.findIndex((t) => t.start >= at);
  const nextToken = s.tokens.findIndex((t) => t.start >= nextAt);
  for (const c of s.countries) {
    if (c.kind === 'city' || /^(?:in|at)$/.test(s.tokens[c.from - 1]?.lower ?? '')) continue;
    // Countries before the instrument are the signatories; those after it belong to it alone.
    const inOwnPart = c.from >= token && (nextToken < 0 || c.from < nextToken);
    if (c.from < token || inOwnPart) d.countries.add(c.code);
  }
  for (const p of ctx.roles.inSpan(s.index, 0, token < 0 ? s.tokens.length : token)) if (p.country) d.countries.add(p.country);
}

/** The sentence with forum names blanked out: "Committee on Cooperation in the Fields of X" lists no areas. */
function withoutForums(ctx: Context, s: Sent): string {
  let text = s.text;
  for (const f of ctx.forums) {
    if (f.sent !== s.index) continue;
    const a = s.tokens[f.from]?.start ?? 0;
    const b = s.tokens[f.to - 1]?.end ?? a;
    text = text.slice(0, a) + ' '.repeat(b - a) + text.slice(b);
  }
  return text;
}

function addAreas(d: AgreementDraft, areas: string[]): void {
  for (const a of areas) if (!d.areas.includes(a)) d.areas.push(a);
}

/** A later sentence about "the MoU" / "the new agreement" / "both programmes" adds areas, a title, a place. */
function refer(ctx: Context, s: Sent, m: Instrument): void {
  const all = /\b(?:both|all)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:agreements|programmes|programs|mous|documents|pacts|instruments)\b/i.test(s.text);
  const kind = kindOf(m.phrase);
  // A generic noun ("the new agreement", "the document") may refer to any instrument; "the MoU" only to an MoU.
  const generic = /^(?:the\s+|this\s+|that\s+|new\s+|latest\s+)*(?:agreements?|pacts?|accords?|deals?|documents?|instruments?)$/i.test(m.phrase.trim());
  const targets = all ? ctx.out : [ctx.out.filter((d) => d.kind === kind).pop() ?? (generic ? ctx.out[ctx.out.length - 1] : undefined)];
  const areas = listedAreas(withoutForums(ctx, s));
  const comp = complementOf(s.text, m);
  for (const d of targets) {
    if (!d) continue;
    addAreas(d, areas);
    note(d.why, 'areas', 'referred', d.areas);
    // "The MoU was signed by A and B in Athens": fill what the first mention left open.
    if (SIGNED.test(s.text) && statusAt(ctx.doc, s, m.index, m.end) === 'actual') {
      const signedOn = s.dates.find((x) => !x.reporting)?.start ?? null;
      if (signedOn && (!d.date || d.reportedDate)) [d.date, d.reportedDate, d.why.date] = [signedOn, false, 'referred'];
      d.venue ??= venueNear(s, 0) ?? buildingIn(s, 0);
      note(d.why, 'venue', 'referred', d.venue);
    }
    if (!d.title && comp) d.title = titleOf(m.phrase, comp);
    note(d.why, 'title', 'complement', d.title);
  }
}

/** "MoU on hydrography" (a headline) and "MoU on Hydrography Cooperation": one name the other contains. */
function sameTitle(a: string, b: string): boolean {
  const words = (t: string) => t.toLowerCase().replace(/\([^)]*\)/g, ' ').split(/[^a-z0-9]+/).filter((w) => w && !/^(?:the|of|on|for|and|in|a|an)$/.test(w));
  const [x, y] = [words(a), words(b)];
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.every((w) => long.includes(w));
}

function dedupe(list: AgreementDraft[]): AgreementDraft[] {
  const out: AgreementDraft[] = [];
  const absorbed = new Map<AgreementDraft, Set<number>>();
  for (const d of list) {
    // Instruments listed in one sentence are distinct; a later mention repeats at most one of them.
    const same = out.find(
      (o) =>
        o.sent !== d.sent &&
        !absorbed.get(o)?.has(d.sent) &&
        o.kind === d.kind &&
        (!o.title || !d.title || sameTitle(o.title, d.title)) &&
        (o.date === d.date || !o.date || !d.date),
    );
    if (!same) out.push(d);
    else {
      absorbed.set(same, (absorbed.get(same) ?? new Set()).add(d.sent));
      // The fuller name wins ("MoU on Hydrography Cooperation" over a headline's "MoU on hydrography").
      if (d.title && same.title && d.title.length > same.title.length) {
        same.title = d.title;
        same.areas = same.areas.filter((a) => !d.title?.toLowerCase().includes(a) || d.areas.includes(a));
      }
      same.title ??= d.title;
      same.date ??= d.date;
      same.venue ??= d.venue;
      addAreas(same, d.areas);
    }
  }
  return out;
}
