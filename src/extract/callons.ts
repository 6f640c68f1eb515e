// Call-ons: a visiting official paying a call on a host ("X called on Y", "had a call-on with Y").
import type { Doc, Sent } from './doc.ts';
import type { MeetingDraft } from './meetings.ts';
import type { Person } from './people.ts';
import { clauseAt, statusAt } from './clauses.ts';
import { note, type Why } from './evidence.ts';
import { dateInClause, type Setting } from './places.ts';
import type { VisitDraft } from './visits.ts';
import type { RoleFinder } from './roles.ts';

export interface CallOnDraft {
  why: Why;
  date: string | null;
  visitor: Person;
  host: Person;
}

const CALL = /\b(?:called on|called upon|call(?:ed)?-on with|call-on with|paid a (?:courtesy )?call on|courtesy call on)\b/i;
const EVENT_NOUN = /\b(talks|meeting|dialogue|discussions)\b/i;

export function extractCallOns(doc: Doc, roles: RoleFinder, meetings: MeetingDraft[], visits: VisitDraft[] = [], setting: Setting = { date: null, venue: null }): CallOnDraft[] {
  // In a one-day story an undated call-on happened that day; during a visit of several days, no day is known.
  const storyDay = visits.some((v) => v.lasting || v.dates.some((d) => d.end)) ? null : setting.date;
  const out: CallOnDraft[] = [];
  for (const s of doc.sentences) {
    for (const m of s.text.matchAll(new RegExp(CALL.source, 'gi'))) {
      const index = m.index ?? 0;
      // "will call on", "is scheduled to call on", "called on ... in 2019": not a call-on of the story.
      if (statusAt(doc, s, index, index + m[0].length) !== 'actual') continue;
      const at = s.tokens.findIndex((t) => t.start >= index);
      const end = s.tokens.findIndex((t) => t.start >= index + m[0].length);
      const clause = clauseAt(s, Math.max(0, at));
      const inClause = roles.inSpan(s.index, 0, at).pop();
      const visitor = roles.inSpan(s.index, clause.from, at).pop() ?? inClause ?? roles.subject(s.index - 1);
      // "called on X and Y" is a call on each of them.
      const hosts = roles.inSpan(s.index, end < 0 ? s.tokens.length : end, objectEnd(s, end < 0 ? s.tokens.length : end));
      const found = callDate(doc, s, index, meetings);
      const date = found.date ?? storyDay;
      const why: Why = { record: 'called-on', visitor: inClause ? 'subject' : 'previous', host: 'object' };
      note(why, 'date', found.date ? found.why : 'story', date);
      for (const host of hosts.slice(0, 4)) {
        if (!visitor || host === visitor || out.some((c) => c.visitor === visitor && c.host === host)) continue;
        out.push({ date, visitor, host, why: { ...why } });
      }
    }
  }
  return out;
}

/** The persons called on end where the clause does: "and discussed", ", where", a full stop. */
function objectEnd(s: Sent, from: number): number {
  const t = s.tokens;
  for (let i = from; i < t.length; i++) {
    const w = t[i]?.lower ?? '';
    if (/^(?:;|:|where|during|who|which|while)$/.test(w)) return i;
    if (w === 'and' && /^(?:discussed|briefed|held|exchanged|reviewed|apprised|also|he|she|they|both|was|were)$/.test(t[i + 1]?.lower ?? '')) return i;
  }
  return t.length;
}

/**
 * Its own date; "Meanwhile" or "today" beside the day's events: the report's date; else the
 * previous sentence's, when that reports what happened; else the date of the talks or meeting it
 * mentions.
 */
function callDate(doc: Doc, s: Sent, pos: number, meetings: MeetingDraft[]): { date: string | null; why: string } {
  const at = s.tokens.findIndex((t) => t.start >= pos);
  const own = dateInClause(s, Math.max(0, at));
  if (own && !own.reporting) return { date: own.start, why: 'clause' };
  if (/^\s*Meanwhile\b|\bearlier today\b/i.test(s.text) && doc.published) return { date: doc.published, why: 'meanwhile' };
  // The report's own date ("New Delhi, October 21 (ANI): X called on Y").
  const reported = own ?? s.dates[0];
  if (reported) return { date: reported.start, why: 'reported' };
  const prev = doc.sentences[s.index - 1];
  // A span ("on a visit from December 4 to 8") dates no single call-on.
  const inherited = prev && prev.paragraph >= s.paragraph - 1 ? prev.dates.find((d) => !d.end && statusAt(doc, prev, d.index) === 'actual') : undefined;
  if (inherited) return { date: inherited.start, why: 'previous' };
  // "Singh later had a call-on with ...": the day of what came just before.
  if (/\b(?:later|afterwards|subsequently)\b/i.test(s.text)) {
    for (let k = s.index - 1; k >= Math.max(0, s.index - 3); k--) {
      const p = doc.sentences[k];
      const d = p?.dates.find((x) => !x.reporting && statusAt(doc, p, x.index) === 'actual');
      if (d) return { date: d.start, why: 'later' };
    }
  }
  const noun = EVENT_NOUN.exec(s.text)?.[1]?.toLowerCase();
  if (!noun) return { date: null, why: '' };
  const meeting = meetings.find((mt) => mt.dateStart);
  if (meeting && /meeting|dialogue/.test(noun)) return { date: meeting.dateStart, why: 'noun' };
  const other = doc.sentences.find((x) => x.index !== s.index && new RegExp(`\\b${noun}\\b`, 'i').test(x.text) && x.dates.length);
  return { date: other?.dates[0]?.start ?? null, why: 'noun' };
}
