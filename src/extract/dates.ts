// Date mentions resolved against the publication date, with news-style disambiguation:
// a bare weekday means the most recent such day on or before publication, and a day
// and month without a year means the occurrence nearest to (and mostly before) publication.
import * as chrono from 'chrono-node';

export interface FoundDate {
  /** YYYY-MM-DD */
  start: string;
  end: string | null;
  /** Offset of the mention in the searched text. */
  index: number;
  text: string;
  /** "said on Thursday", "posted on X on Thursday": when it was reported, a weak event date. */
  reporting: boolean;
}

const REPORTING_BEFORE = /\b(?:said|says|stated|told|posted|tweeted|announced|added|reported|noted|shared|informed|a post|a statement|a release|a press release|a tweet)\b[^.;,]{0,30}$/i;

const WEEKDAY_RE = /^(?:on\s+)?(?:(?:earlier|later|last|this)\s+)?(?:on\s+)?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/i;
// Cheap pre-check so chrono only runs on text that can hold a date.
const DATE_HINT =
  /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\byesterday\b|\btoday\b/i;
// Casual phrases chrono reads as dates that carry no day in news ("in the day", "this week").
const JUNK_RE = /^(?:in the day|this week|the week|next week|last week|week|the day|now|tonight|this morning)$/i;

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

function parseIso(s: string): Date {
  return new Date(`${s}T12:00:00Z`);
}

function addDays(d: Date, n: number): Date {
  return new Date(d.getTime() + n * 86_400_000);
}

/** Most recent given weekday (0 = Sunday) on or before the reference date. */
export function pastWeekday(reference: string, weekday: number): string {
  const ref = parseIso(reference);
  return iso(addDays(ref, -((ref.getUTCDay() - weekday + 7) % 7)));
}

type Components = chrono.ParsedComponents;

function resolve(c: Components, text: string, published: string | null): string | null {
  const t = text.trim().toLowerCase();
  if (/\byesterday\b/.test(t)) return published ? iso(addDays(parseIso(published), -1)) : null;
  if (/\btoday\b/.test(t)) return published;
  if (c.isCertain('day') && c.isCertain('month')) {
    const day = c.get('day') ?? 1;
    const month = c.get('month') ?? 1;
    if (c.isCertain('year')) return `${c.get('year')}-${pad(month)}-${pad(day)}`;
    if (!published) return null;
    return nearestYear(published, month, day);
  }
  const wd = WEEKDAY_RE.exec(t);
  if (wd && c.isCertain('weekday') && !c.isCertain('day')) {
    if (!published) return null;
    const names = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
    return pastWeekday(published, names.indexOf((wd[1] ?? '').toLowerCase()));
  }
  return null; // month-only, year-only or vague mentions carry no day
}

/** A day and month without a year: the year putting it from ~10 months before to ~2 after. */
function nearestYear(published: string, month: number, day: number): string {
  const ref = parseIso(published);
  let year = ref.getUTCFullYear();
  const candidate = (y: number) => parseIso(`${y}-${pad(month)}-${pad(day)}`).getTime();
  const diffDays = (candidate(year) - ref.getTime()) / 86_400_000;
  if (diffDays > 60) year -= 1;
  else if (diffDays < -300) year += 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function findDates(text: string, published: string | null): FoundDate[] {
  if (!DATE_HINT.test(text)) return [];
  const reference = published ? parseIso(published) : new Date(Date.UTC(2000, 0, 1, 12));
  const results = chrono.en.parse(text, { instant: reference, timezone: 0 }, { forwardDate: false });
  const out: FoundDate[] = [];
  for (const r of results) {
    if (JUNK_RE.test(r.text.trim()) || !DATE_HINT.test(r.text)) continue;
    const start = resolve(r.start, r.text, published);
    if (!start) continue;
    const end = r.end ? resolve(r.end, r.text, published) : null;
    const reporting = REPORTING_BEFORE.test(text.slice(Math.max(0, r.index - 40), r.index));
    out.push({ start, end: end && end !== start ? end : null, index: r.index, text: r.text, reporting });
  }
  return joinPairs(text, out);
}

/** "on Tuesday and Wednesday", "on 5 and 6 March": two days joined by "and" a few days apart are one span. */
function joinPairs(text: string, dates: FoundDate[]): FoundDate[] {
  const out: FoundDate[] = [];
  for (const d of dates) {
    // "5 and 6 March": the first day shares the second's month and year.
    const first = /(\d{1,2})(?:st|nd|rd|th)?\s+(?:and|&)\s+$/.exec(text.slice(Math.max(0, d.index - 12), d.index));
    if (first?.[1] && /^\d/.test(d.text) && !d.end) {
      const day = Number(first[1]);
      const start = `${d.start.slice(0, 8)}${pad(day)}`;
      if (day >= 1 && day < Number(d.start.slice(8)) && Number(d.start.slice(8)) - day <= 6) {
        out.push({ ...d, start, end: d.start, index: d.index - first[0].length, text: text.slice(d.index - first[0].length, d.index + d.text.length) });
        continue;
      }
    }
    const prev = out[out.length - 1];
    const between = prev ? text.slice(prev.index + prev.text.length, d.index) : '';
    const gap = prev ? (parseIso(d.start).getTime() - parseIso(prev.start).getTime()) / 86_400_000 : 0;
    if (prev && !prev.end && /^\s*(?:and|&)\s*$/.test(between) && gap >= 1 && gap <= 6 && prev.reporting === d.reporting) {
      prev.end = d.start;
      prev.text = text.slice(prev.index, d.index + d.text.length);
    } else out.push(d);
  }
  return out;
}

/** Whether the date lies more than a year before publication (background, not news). */
export function isBackground(date: string | null, published: string | null): boolean {
  if (!date || !published) return false;
  return parseIso(published).getTime() - parseIso(date).getTime() > 366 * 86_400_000;
}
