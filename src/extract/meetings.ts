// Meetings of bilateral forums: which forum, which edition, when, where, between whom,
// and who co-chaired.
import type { Doc, Sent } from './doc.ts';
import { findForums, forumKey, type ForumMention } from './forums.ts';
import { TITLE_HEADS } from './lexicon.ts';
import type { People, Person } from './people.ts';
import { dateNear, precedingDated, venueIn } from './places.ts';
import type { RoleFinder } from './roles.ts';

export interface MeetingDraft {
  forum: string;
  keys: Set<string>;
  sequence: number | null;
  dateStart: string | null;
  dateEnd: string | null;
  venue: string | null;
  countries: Set<string>;
  chairs: Person[];
  sentences: number[];
}

const TRIGGER = /\b(?:meeting|met|held|co-chair(?:ed|s)?|chaired|convened|led|hosted|took place|concluded|sidelines|session)\b/i;
const FUTURE = /\b(?:next|will|shall|to be held|to hold|upcoming|proposed|expected|scheduled|slated)\b/i;
const CHAIR_VERB = /^(?:co-chaired|co-chair|co-chairs|chaired|led)$/i;

export function extractMeetings(doc: Doc, roles: RoleFinder, people: People): MeetingDraft[] {
  const drafts: MeetingDraft[] = [];
  const forums = findForums(doc).filter((f) => !isPost(f, people));
  for (const f of forums) {
    const s = doc.sentences[f.sent];
    if (!s || future(s, f) || !(triggered(s, f) || f.sequence !== null)) continue;
    const key = forumKey(f.name);
    let d = drafts.find((x) => (f.sequence === null || x.sequence === null || x.sequence === f.sequence) && [...x.keys].some((k) => related(k, key)));
    if (!d) {
      d = newDraft(f.name);
      drafts.push(d);
    }
    absorb(doc, d, f, s, key, roles);
  }
  attachAnaphora(doc, drafts, roles, forums);
  for (const d of drafts) fillIn(doc, d, forums);
  return drafts;
}

/** "Chairman Joint Chiefs of Staff Committee General X": the name of a post, not a meeting. */
function isPost(f: ForumMention, people: People): boolean {
  if (TITLE_HEADS.has(f.name.split(/\s+/)[0]?.toLowerCase() ?? '')) return true;
  return (people.bySentence[f.sent] ?? []).some(({ mention: m }) => m.titleFrom >= 0 && f.from < m.titleTo && m.titleFrom < f.to);
}

function newDraft(forum: string): MeetingDraft {
  return { forum, keys: new Set(), sequence: null, dateStart: null, dateEnd: null, venue: null, countries: new Set(), chairs: [], sentences: [] };
}

/** A meeting word near the forum name ("the JDCC meeting", "meeting of the JWG", "DPAG ... convened"). */
function triggered(s: Sent, f: ForumMention): boolean {
  const start = s.tokens[f.from]?.start ?? 0;
  const end = s.tokens[f.to - 1]?.end ?? start;
  const before = s.text.slice(Math.max(0, start - 80), start).split(';').pop() ?? '';
  const after = s.text.slice(end, end + 80).split(/[;.]/)[0] ?? '';
  return TRIGGER.test(before) || TRIGGER.test(after);
}

/** The fullest name any mention gives the forum; a date from the sentence before when none was stated. */
function fillIn(doc: Doc, d: MeetingDraft, forums: ForumMention[]): void {
  for (const f of forums) {
    const key = forumKey(f.name);
    if ([...d.keys].some((k) => related(k, key)) && f.name.split(/\s+/).length > d.forum.split(/\s+/).length) d.forum = f.name;
  }
  const first = doc.sentences[Math.min(...d.sentences)];
  const context = first && !d.dateStart ? precedingDated(doc, first) : null;
  if (context) {
    const date = context.dates.find((x) => !x.reporting);
    d.dateStart = date?.start ?? null;
    d.dateEnd = date?.end ?? null;
  }
}

/** "the next meeting of the JDCC", "The 16th DPD will be hosted": the clause around the mention looks ahead. */
function future(s: Sent, f: ForumMention): boolean {
  const start = s.tokens[f.from]?.start ?? 0;
  const end = s.tokens[f.to - 1]?.end ?? start;
  const before = s.text.slice(Math.max(0, start - 50), start).split(/[,;]/).pop() ?? '';
  const after = s.text.slice(end, end + 50).split(/[,;.]/)[0] ?? '';
  return FUTURE.test(before) || FUTURE.test(after);
}

function related(a: string, b: string): boolean {
  const ta = a.split(' ');
  const tb = b.split(' ');
  const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  return short.every((w) => long.includes(w));
}

function absorb(doc: Doc, d: MeetingDraft, f: ForumMention, s: Sent, key: string, roles: RoleFinder): void {
  d.keys.add(key);
  if (f.name.split(/\s+/).length > d.forum.split(/\s+/).length) d.forum = f.name;
  d.sequence ??= f.sequence;
  for (const c of f.countries) d.countries.add(c);
  if (!d.sentences.includes(s.index)) d.sentences.push(s.index);
  const pos = s.tokens[f.from]?.start ?? 0;
  if (!d.dateStart) {
    const date = dateNear(s, pos);
    if (date) {
      d.dateStart = date.start;
      d.dateEnd = date.end;
    }
  }
  d.venue ??= venueIn(doc, s, f.to);
  for (const c of pairCountries(s)) d.countries.add(c);
  addChairs(d, s, roles, f);
}

/** "India and Israel ...", "between Israel and Germany", "for the United States and Israel". */
function pairCountries(s: Sent): string[] {
  const out: string[] = [];
  s.countries.forEach((c, i) => {
    const next = s.countries[i + 1];
    if (!next || c.kind === 'city' || next.kind === 'city') return;
    const between = s.tokens.slice(c.to, next.from).map((t) => t.lower).join(' ');
    if (between === 'and' || between === '-' || between === '–') out.push(c.code, next.code);
  });
  return out;
}

/** Co-chairs: "co-chaired by X and Y", "X and Y co-chaired ...", "X co-chaired ... with Y", "X and Y led the ...". */
function addChairs(d: MeetingDraft, s: Sent, roles: RoleFinder, f: ForumMention | null): void {
  const t = s.tokens;
  const v = t.findIndex((tok) => CHAIR_VERB.test(tok.text));
  if (v < 0) return;
  const verb = t[v]?.lower ?? '';
  let found: Person[] = [];
  if (t[v + 1]?.lower === 'by') found = roles.inSpan(s.index, v + 2, t.length);
  else if (verb !== 'led' || (f && f.from > v && f.from - v <= 6)) {
    found = roles.inSpan(s.index, 0, v);
    const w = t.findIndex((tok, k) => k > v && tok.lower === 'with');
    if (w > 0) found.push(...roles.inSpan(s.index, w + 1, t.length));
  }
  for (const p of found.slice(0, 4)) if (!d.chairs.includes(p)) d.chairs.push(p);
}

function distance(d: MeetingDraft, sent: number): number {
  const first = Math.min(...d.sentences);
  return first <= sent ? sent - first : (first - sent) * 10;
}

/**
 * "The meeting was co-chaired by ...": a co-chair sentence without a forum name refers to the last
 * meeting, or, when none was found, to the forum the article names.
 */
function attachAnaphora(doc: Doc, drafts: MeetingDraft[], roles: RoleFinder, forums: ForumMention[]): void {
  for (const s of doc.sentences) {
    if (!/\bco-chair(?:ed)?\b|\bchaired by\b/i.test(s.text) || FUTURE.test(s.text)) continue;
    if (!drafts.length && forums[0] && /\b(?:meeting|dialogue|talks|session)\b/i.test(s.text)) {
      const d = newDraft(forums[0].name);
      d.keys.add(forumKey(d.forum));
      d.sentences.push(s.index);
      d.countries = new Set(forums[0].countries);
      drafts.push(d);
      addChairs(d, s, roles, null);
      continue;
    }
    // The latest meeting named before this sentence, or one named in the next two sentences.
    const target = drafts
      .filter((d) => Math.min(...d.sentences) <= s.index + 2)
      .sort((a, b) => distance(a, s.index) - distance(b, s.index))[0];
    if (!target || target.sentences.includes(s.index)) continue;
    const adjacent = s.index - Math.max(...target.sentences) <= 2;
    if (!/\b(?:meeting|dialogue|talks|session|consultations?)\b/i.test(s.text) && !(adjacent && /^(?:It|This)\b/.test(s.text))) continue;
    addChairs(target, s, roles, null);
  }
}
