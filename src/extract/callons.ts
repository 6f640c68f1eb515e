// Call-ons: a visiting official paying a call on a host ("X called on Y", "had a call-on with Y").
import type { Doc, Sent } from './doc.ts';
import type { MeetingDraft } from './meetings.ts';
import type { Person } from './people.ts';
import { dateNear } from './places.ts';
import type { RoleFinder } from './roles.ts';

export interface CallOnDraft {
  date: string | null;
  visitor: Person;
  host: Person;
}

const CALL = /\b(?:called on|called upon|call(?:ed)?-on with|call-on with|paid a (?:courtesy )?call on|courtesy call on)\b/i;
const EVENT_NOUN = /\b(talks|meeting|dialogue|discussions)\b/i;

export function extractCallOns(doc: Doc, roles: RoleFinder, meetings: MeetingDraft[]): CallOnDraft[] {
  const out: CallOnDraft[] = [];
  for (const s of doc.sentences) {
    const m = CALL.exec(s.text);
    if (!m) continue;
    const at = s.tokens.findIndex((t) => t.start >= (m.index ?? 0));
    const end = s.tokens.findIndex((t) => t.start >= (m.index ?? 0) + m[0].length);
    const visitor = roles.inSpan(s.index, 0, at).pop() ?? roles.subject(s.index - 1);
    const host = roles.inSpan(s.index, end < 0 ? s.tokens.length : end, s.tokens.length)[0];
    if (!visitor || !host || visitor === host) continue;
    out.push({ date: callDate(doc, s, m.index ?? 0, meetings), visitor, host });
  }
  return out;
}

/** Its own date; else the previous sentence's; else the date of the talks or meeting it mentions. */
function callDate(doc: Doc, s: Sent, pos: number, meetings: MeetingDraft[]): string | null {
  const own = dateNear(s, pos);
  if (own) return own.start;
  const prev = doc.sentences[s.index - 1];
  const inherited = prev && prev.paragraph >= s.paragraph - 1 ? prev.dates[0] : undefined;
  if (inherited) return inherited.start;
  const noun = EVENT_NOUN.exec(s.text)?.[1]?.toLowerCase();
  if (!noun) return null;
  const meeting = meetings.find((mt) => mt.dateStart);
  if (meeting && /meeting|dialogue/.test(noun)) return meeting.dateStart;
  const other = doc.sentences.find((x) => x.index !== s.index && new RegExp(`\\b${noun}\\b`, 'i').test(x.text) && x.dates.length);
  return other?.dates[0]?.start ?? null;
}
