// Clauses and their status. A sentence of news often reports several things: what happened, what
// will happen, and what happened long ago ("X visited Y, where he will meet Z; the two countries
// signed an agreement in 2006"). Events, their dates and places are read within one clause, and
// a clause's tense and time words say whether what it reports happened in the story's time.
import { isBackground } from './dates.ts';
import type { Doc, Sent } from './doc.ts';
import type { Span } from './doc.ts';

export type Status = 'actual' | 'future' | 'background';

// A comma followed by one of these opens a new clause.
// (", and" is left to the rule for "and": ", and exchanges in design" still continues a list.)
const AFTER_COMMA = /^(?:which|who|whom|whose|where|while|whereas|when|but|although|though|as|after|before|during|whilst|since|so|thus|however|meanwhile|even)$/;
// Subjects that start a new clause after "and" ("... to India and he laid a wreath").
const SUBJECT = /^(?:he|she|they|it|we|i|both)$/;
// Past-tense verbs that start a coordinated clause after "and" ("visited X and met Y").
const PAST_VERB = /^(?:met|held|led|laid|paid|made|gave|took|went|called|signed|visited|toured|discussed|reviewed|briefed|interacted|attended|inaugurated|exchanged|agreed|expressed|thanked|invited|received|witnessed|also)$/;

/**
 * Token bounds [from, to) of the clause around token `at`. A relative clause that describes the
 * event itself ("the 5th meeting ... that was held on June 29") stays with it.
 */
export function clauseAt(s: Sent, at: number): Span {
  const t = s.tokens;
  let from = at;
  while (from > 0 && !boundaryBefore(s, from)) from--;
  let to = at + 1;
  while (to < t.length && !boundaryBefore(s, to)) to++;
  const relative = /^(?:that|which)$/.test(t[to]?.lower ?? '');
  const passive = /^(?:was|were|is|are)$/.test(t[to + 1]?.lower ?? '') && /^(?:held|signed|convened|organised|organized|conducted)$/.test(t[to + 2]?.lower ?? '');
  // "his four-day visit to the US, which began on Thursday": when it started or ended.
  const span = /^(?:began|begun|started|commenced|concluded|ended)$/.test(t[to + 1]?.lower ?? '');
  if (relative && (passive || span)) {
    to += 1;
    while (to < t.length && !boundaryBefore(s, to)) to++;
  }
  return { from, to };
}

/** Whether a clause starts at token i (the boundary token itself opens the new clause). */
function boundaryBefore(s: Sent, i: number): boolean {
  const t = s.tokens;
  const tok = t[i];
  const prev = t[i - 1];
  if (!tok || !prev) return false;
  if (/^[;:]$/.test(prev.text) || (prev.text === '-' && t[i - 2]?.text === '-')) return true;
  if (prev.text === ',' && AFTER_COMMA.test(tok.lower) && !(tok.lower === 'as' && t[i + 1]?.lower === 'well')) return true;
  if (/^(?:while|whereas|but|whilst|that|which|who)$/.test(tok.lower)) return true;
  if (tok.lower === 'and') {
    const next = t[i + 1];
    if (next && (SUBJECT.test(next.lower) || PAST_VERB.test(next.lower))) return true;
  }
  return false;
}

// Words before an event word in its clause that put it ahead of the story's time.
const FUTURE = /\b(?:will|would|shall|won't|'ll|is to|are to|am to|was to|were to|going to|plans? to|planned|planning|expected|scheduled|slated|set to|due to|upcoming|forthcoming|next|proposed|intends? to|intended|aims? to|hopes? to|likely to|(?:may|might|could) (?:be|have|also|soon|sign|visit|hold|meet)|to be held|to hold|agreed to|decided to|invited|invites?|looks? forward|tomorrow|later this)\b/i;
// An event word right after "to" is a purpose or plan ("to sign", "to visit"), not a report.
const INFINITIVE = /\bto\s+(?:(?!(?:the|a|an|this|its|their)\s)[a-z]+\s+(?:(?:a|an|the)\s+)?)?$/i;
// Words that set what a clause reports in the past of the story.
const BACKGROUND = /\b(?:previous|previously|earlier rounds?|last (?:year|month)|already|in the past|years? ago|months? ago|recalled|recalling|since (?:then|its)|was established|were established|had been|dating back|historically)\b/i;

// Auxiliaries after an event word that put it ahead ("The 16th DPD will be hosted by India").
const FUTURE_AFTER = /^\s*(?:\S+\s+){0,2}?(?:will|would|shall|is to|are to|to be|is scheduled|are scheduled|is expected|are expected|is slated|is set to|is due to)\b/i;
// "could follow", "might sign": a possibility, not a report (lower case, so "May 2024" is no modal).
const MODAL = /\b(?:may|might|could)\s+(?!not\b)[a-z]+/;
const NEGATED = /\b(?:no|not|never|neither|nor|yet to|did not|didn't|has not|have not|hasn't|haven't|was not|were not|wasn't|weren't)\s+(?:\w+\s+){0,2}$/i;
const NEGATED_AFTER = /^\s*(?:was|were|has|have|had|is|are)?\s*(?:not|never)\b/i;
const LEAD_TOKENS = 12;
const TAIL_TOKENS = 10;

/**
 * The status of the event whose word spans characters [start, end) of the sentence, judged in its
 * clause near the word: future when the words before it look ahead ("will head to Poland to attend
 * a signing"), or an auxiliary right after it does; background when the nearby words call it
 * earlier or date it more than a month before publication; actual otherwise.
 */
export function statusAt(doc: Doc, s: Sent, start: number, end: number = start, leadOnly = false): Status {
  const t = s.tokens;
  const at = Math.max(0, t.findIndex((x) => x.end > start));
  const last = Math.max(at, t.findIndex((x) => x.end >= end));
  const c = clauseAt(s, at);
  const leadStart = t[Math.max(c.from, at - LEAD_TOKENS)]?.start ?? 0;
  const tailEnd = t[Math.min(c.to, last + TAIL_TOKENS) - 1]?.end ?? s.text.length;
  const clauseEnd = t[c.to - 1]?.end ?? s.text.length;
  const lead = s.text.slice(leadStart, start);
  const tail = s.text.slice(Math.max(start, end), leadOnly ? Math.max(start, end) : clauseEnd);
  // The words between an instrument and its verb count too ("an agreement might be signed").
  const between = s.text.slice(start, Math.max(start, end));
  if (FUTURE.test(`${lead} ${between}`) || INFINITIVE.test(lead) || FUTURE_AFTER.test(tail) || MODAL.test(`${lead} ${between} ${tail.slice(0, 40)}`)) return 'future';
  // "No agreement was signed", "did not sign": nothing happened.
  if (NEGATED.test(lead.slice(-40)) || NEGATED_AFTER.test(tail.slice(0, 30))) return 'future';
  // Background is read in the comma-delimited stretch of the event word ("..., adopted during the
  // visit in Dec 2023, the two sides signed ..." is not dated by Dec 2023), plus a fronted time
  // phrase that governs the whole clause ("On 23 October 2024, the two countries signed ...").
  const comma = s.text.lastIndexOf(',', start);
  const nearStart = comma >= leadStart ? comma + 1 : leadStart;
  const clauseStart = t[c.from]?.start ?? 0;
  const fronted = /^\s*(?:On|In|During|Since|Earlier|Last|Back in)\b[^,]{0,40},/.exec(s.text.slice(clauseStart, nearStart))?.[0] ?? '';
  const near = `${fronted} ${s.text.slice(nearStart, Math.max(tailEnd, end))}`;
  if (BACKGROUND.test(near)) return 'background';
  const inFront = (i: number) => i >= clauseStart && i < clauseStart + fronted.length;
  const dates = s.dates.filter((d) => ((d.index >= nearStart && d.index < tailEnd) || inFront(d.index)) && !d.reporting);
  if (dates.length && dates.every((d) => stale(d.start, doc.published))) return 'background';
  if (staleYearOrMonth(near, doc.published)) return 'background';
  // "..., when the two sides signed an MoU": a when-clause is at the time of the clause it follows.
  if (/^(?:when|whereupon)$/.test(t[c.from]?.lower ?? '') && c.from > 1) {
    const prev = t[c.from - 2];
    if (prev) return statusAt(doc, s, prev.start, prev.end);
  }
  return 'actual';
}

/** More than a month before publication. */
export function stale(date: string, published: string | null): boolean {
  if (!published) return false;
  return Date.parse(published) - Date.parse(date) > 31 * 86_400_000 || isBackground(date, published);
}

const MONTHS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');

/** "in 2014", "in Dec 2023", "in October 2024" before the publication month; any bare year before it. */
export function staleYearOrMonth(text: string, published: string | null): boolean {
  if (!published) return false;
  const pubYear = Number(published.slice(0, 4));
  const pubMonth = pubYear * 12 + Number(published.slice(5, 7)) - 1;
  for (const m of text.matchAll(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+((?:19|20)\d{2})\b/g)) {
    const when = Number(m[2]) * 12 + MONTHS.indexOf((m[1] ?? '').toLowerCase());
    if (when < pubMonth) return true;
  }
  for (const m of text.matchAll(/\b(?:in|of|since|during) ((?:19|20)\d{2})\b/gi)) if (Number(m[1]) < pubYear) return true;
  return false;
}
