// Meetings of bilateral forums: which forum, which edition, when, where, between whom,
// and who co-chaired.
import { clauseAt, statusAt } from './clauses.ts';
import type { Doc, Sent } from './doc.ts';
import { findForums, forumKey, ordinalValue, type ForumMention } from './forums.ts';
import { TITLE_HEADS } from './lexicon.ts';
import type { People, Person } from './people.ts';
import { dateInClause, durationDays, endAfter, ownTime, precedingDated, venueIn, venueNear, type Setting } from './places.ts';
import type { RoleFinder } from './roles.ts';
import { note, type Why } from './evidence.ts';
import type { Side } from './sides.ts';

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
  why: Why;
}

const TRIGGER = /\b(?:meeting|met|held|co-chair(?:ed|s)?|chaired|convened|led|hosted|took place|concluded|sidelines|session|round|presided)\b/i;
const CHAIR_VERB = /^(?:co-chaired|co-chair|co-chairs|chaired|led|presided)$/i;

export function extractMeetings(doc: Doc, roles: RoleFinder, people: People, sides: Side[] = [], setting: Setting = { date: null, venue: null }): MeetingDraft[] {
  const drafts: MeetingDraft[] = [];
  const forums = findForums(doc).filter((f) => !isPost(f, people));
  for (const f of forums) {
    const s = doc.sentences[f.sent];
    if (!s || !(triggered(s, f) || f.sequence !== null) || status(doc, s, f) !== 'actual') continue;
    const key = forumKey(f.name);
    let d = drafts.find((x) => (f.sequence === null || x.sequence === null || x.sequence === f.sequence) && [...x.keys].some((k) => related(k, key)));
    if (!d) {
      d = newDraft(f.name);
      d.why.record = 'named';
      d.why.forum = /^[a-z]/.test(f.name) ? 'descriptive' : 'named';
      drafts.push(d);
    }
    absorb(doc, d, f, s, key, roles);
  }
  ordinalMeetings(doc, drafts, roles, forums);
  attachAnaphora(doc, drafts, roles, forums);
  attachSides(doc, drafts, sides);
  meetingOfLeaders(doc, drafts, roles);
  for (const d of drafts) fillIn(doc, d, forums, setting);
  return drafts;
}

function status(doc: Doc, s: Sent, f: ForumMention) {
  return statusAt(doc, s, s.tokens[f.from]?.start ?? 0, s.tokens[f.to - 1]?.end ?? 0);
}

/**
 * "Lee and Blaszczak presided over the inaugural meeting": an ordinal meeting without a forum
 * name is a meeting of the forum named last before it.
 */
function ordinalMeetings(doc: Doc, drafts: MeetingDraft[], roles: RoleFinder, forums: ForumMention[]): void {
  for (const s of doc.sentences) {
    const m = /\b(?:the|its|their)\s+(inaugural|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th))\s+(?:meeting|session|round)\b(?!\s+of)/i.exec(s.text);
    if (!m || forums.some((f) => f.sent === s.index)) continue;
    if (statusAt(doc, s, m.index ?? 0) !== 'actual') continue;
    const forum = forums.filter((f) => f.sent < s.index).pop();
    if (!forum) continue;
    const key = forumKey(forum.name);
    const sequence = ordinalValue(m[1]);
    let d = drafts.find((x) => [...x.keys].some((k) => related(k, key)) && (x.sequence === null || x.sequence === sequence));
    if (!d) {
      d = newDraft(forum.name);
      d.why.record = 'ordinal';
      d.why.forum = 'earlier';
      drafts.push(d);
    }
    d.keys.add(key);
    d.sequence ??= sequence;
    note(d.why, 'sequence', 'stated', d.sequence);
    for (const c of forum.countries) d.countries.add(c);
    if (!d.sentences.includes(s.index)) d.sentences.push(s.index);
    const at = s.tokens.findIndex((x) => x.start >= (m.index ?? 0));
    if (!d.dateStart) {
      const date = dateInClause(s, at);
      if (date && !date.reporting) [d.dateStart, d.dateEnd] = [date.start, date.end];
      note(d.why, 'date_start', 'clause', d.dateStart);
      note(d.why, 'date_end', 'clause', d.dateEnd);
    }
    d.venue ??= venueIn(doc, s, at);
    note(d.why, 'venue', 'clause', d.venue);
    addChairs(d, s, roles, null);
  }
}

/** Side leaders ("The Indian delegation was led by X, while ...") lead the meeting just named. */
function attachSides(doc: Doc, drafts: MeetingDraft[], sides: Side[]): void {
  for (const side of sides) {
    const s = doc.sentences[side.sent];
    if (!s || /\b(?:visited|toured|called on)\b/i.test(s.text)) continue;
    const near = drafts.filter((d) => d.sentences.some((k) => k <= side.sent && side.sent - k <= 3));
    const target = near.sort((a, b) => Math.max(...b.sentences.filter((k) => k <= side.sent)) - Math.max(...a.sentences.filter((k) => k <= side.sent)))[0];
    if (!target) continue;
    for (const p of side.leaders) if (!target.chairs.includes(p)) target.chairs.push(p);
    note(target.why, 'co_chairs', 'side', target.chairs);
    target.countries.add(side.country);
    note(target.why, 'countries', 'stated', side.country);
  }
}

/**
 * "following a meeting of Defence Secretary A and Minister of Defence B in Berlin": when the story
 * has one meeting and names no chairs for it, the leaders of the meeting it describes are its
 * chairs, and the place is its venue.
 */
function meetingOfLeaders(doc: Doc, drafts: MeetingDraft[], roles: RoleFinder): void {
  const [only] = drafts;
  if (drafts.length !== 1 || !only || only.chairs.length) return;
  const first = Math.min(...only.sentences);
  for (const s of doc.sentences) {
    // "Secretary A and Secretary B met with Philippine Secretary C and Secretary D", right after
    // the meeting's own sentence, names its delegation leaders.
    const met = s.index > first && s.index - first <= 1 ? /\bmet with\b/.exec(s.text) : null;
    if (met) {
      const at = s.tokens.findIndex((x) => x.start >= (met.index ?? 0));
      const leaders = [...roles.inSpan(s.index, 0, at), ...roles.inSpan(s.index, at + 2, clauseAt(s, at + 2).to)];
      if (leaders.length >= 2 && statusAt(doc, s, met.index ?? 0) === 'actual') {
        only.chairs.push(...leaders.slice(0, 4));
        note(only.why, 'co_chairs', 'met-with', only.chairs);
        return;
      }
    }
    const m = /\bmeeting (?:of|between)\b/i.exec(s.text);
    if (!m) continue;
    const at = s.tokens.findIndex((x) => x.start >= (m.index ?? 0) + m[0].length);
    const c = clauseAt(s, at);
    const leaders = roles.inSpan(s.index, at, c.to);
    if (leaders.length < 2) continue;
    only.chairs.push(...leaders.slice(0, 4));
    note(only.why, 'co_chairs', 'meeting-of', only.chairs);
    only.venue ??= venueNear(s, at);
    note(only.why, 'venue', 'meeting-of', only.venue);
    return;
  }
}

/** "Chairman Joint Chiefs of Staff Committee General X": the name of a post, not a meeting. */
function isPost(f: ForumMention, people: People): boolean {
  if (TITLE_HEADS.has(f.name.split(/\s+/)[0]?.toLowerCase() ?? '')) return true;
  return (people.bySentence[f.sent] ?? []).some(({ mention: m }) => m.titleFrom >= 0 && f.from < m.titleTo && m.titleFrom < f.to);
}

function newDraft(forum: string): MeetingDraft {
  return { forum, keys: new Set(), sequence: null, dateStart: null, dateEnd: null, venue: null, countries: new Set(), chairs: [], sentences: [], why: {} };
}

/** A meeting word near the forum name ("the JDCC meeting", "meeting of the JWG", "DPAG ... convened"). */
function triggered(s: Sent, f: ForumMention): boolean {
  const start = s.tokens[f.from]?.start ?? 0;
  const end = s.tokens[f.to - 1]?.end ?? start;
  const before = s.text.slice(Math.max(0, start - 80), start).split(';').pop() ?? '';
  const after = s.text.slice(end, end + 80).split(/[;.]/)[0] ?? '';
  return TRIGGER.test(before) || TRIGGER.test(after);
}

/**
 * The fullest name any mention gives the forum; a date from the sentence before when none was
 * stated, else the story's; the story's place when its day is the meeting's; an end date from a
 * stated length ("two-day 12th round").
 */
function fillIn(doc: Doc, d: MeetingDraft, forums: ForumMention[], setting: Setting): void {
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
    note(d.why, 'date_start', 'context', d.dateStart);
    note(d.why, 'date_end', 'context', d.dateEnd);
  }
  if (!d.dateStart && setting.date && !d.sentences.some((k) => doc.sentences[k] && ownTime(doc.sentences[k] as Sent))) d.dateStart = setting.date;
  note(d.why, 'date_start', 'setting', d.dateStart);
  if (!d.venue && setting.venue && d.dateStart === setting.date) d.venue = setting.venue;
  note(d.why, 'venue', 'setting', d.venue);
  if (d.dateStart && !d.dateEnd) {
    for (const k of d.sentences) {
      const s = doc.sentences[k];
      const days = s ? durationDays(s.text) : null;
      if (days) {
        d.dateEnd = endAfter(d.dateStart, days);
        note(d.why, 'date_end', 'duration', d.dateEnd);
        break;
      }
    }
  }
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
  note(d.why, 'sequence', 'stated', d.sequence);
  for (const c of f.countries) d.countries.add(c);
  if (!d.sentences.includes(s.index)) d.sentences.push(s.index);
  if (!d.dateStart) {
    const date = dateInClause(s, f.from);
    if (date) {
      d.dateStart = date.start;
      d.dateEnd = date.end;
      note(d.why, 'date_start', date.reporting ? 'reported' : 'clause', d.dateStart);
      note(d.why, 'date_end', 'clause', d.dateEnd);
    }
  }
  d.venue ??= venueIn(doc, s, f.to);
  note(d.why, 'venue', 'clause', d.venue);
  for (const c of pairCountries(s)) d.countries.add(c);
  note(d.why, 'countries', 'stated', [...d.countries]);
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
  // "A hosted his counterpart B for the 16th meeting of the JWG": host and guest lead it.
  const hosted = f ? t.findIndex((tok, k) => /^(?:hosted|received|welcomed)$/.test(tok.lower) && k < f.from && f.from - k <= 25) : -1;
  if (f && hosted >= 0 && /\bfor\s+(?:the\s+)?(?:\S+\s+){0,4}$/.test(s.text.slice(t[hosted]?.end ?? 0, t[f.from]?.start ?? 0))) {
    const host = roles.inSpan(s.index, 0, hosted).pop();
    const guest = roles.inSpan(s.index, hosted + 1, f.from)[0];
    for (const p of [host, guest]) if (p && !d.chairs.includes(p)) d.chairs.push(p);
    note(d.why, 'co_chairs', 'hosted', d.chairs);
  }
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
  note(d.why, 'co_chairs', 'co-chaired', d.chairs);
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
    const chair = /\bco-chair(?:ed)?\b|\bchaired by\b|\bpresided\b/i.exec(s.text);
    if (!chair || statusAt(doc, s, chair.index ?? 0) !== 'actual') continue;
    if (!drafts.length && forums[0] && /\b(?:meeting|dialogue|talks|session)\b/i.test(s.text)) {
      const d = newDraft(forums[0].name);
      d.why.record = 'chair-anaphora';
      d.why.forum = 'earlier';
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
    // A co-chair sentence right after the meeting's own needs no meeting word ("The Japanese side was co-chaired by").
    const adjacent = s.index - Math.max(...target.sentences) <= 2 && s.index > Math.min(...target.sentences);
    if (!/\b(?:meeting|dialogue|talks|session|consultations?)\b/i.test(s.text) && !adjacent) continue;
    addChairs(target, s, roles, null);
  }
}
