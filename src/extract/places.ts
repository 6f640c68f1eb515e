// Where and when, near a given point of a sentence.
import { clauseAt, statusAt } from './clauses.ts';
import type { FoundDate } from './dates.ts';
import type { Doc, Sent } from './doc.ts';
import { creditParagraphs } from './sources.ts';

/** "in Tel Aviv", "at Muscat", "Dialogue, Hanoi on ...": the place nearest to token `at`. */
export function venueNear(s: Sent, at: number): string | null {
  let best: { text: string; dist: number } | null = null;
  for (const c of s.countries) {
    const prev = s.tokens[c.from - 1]?.lower ?? '';
    const isCity = c.kind === 'city';
    const ok = isCity ? /^(?:in|at|,)$/.test(prev) : prev === 'in' && s.tokens[c.to]?.text !== "'s";
    if (!ok) continue;
    // Cities outrank countries ("in Cairo, Egypt" is Cairo).
    const dist = Math.abs(c.from - at) + (c.from < at ? 3 : 0) + (isCity ? 0 : 100);
    if (!best || dist < best.dist) best = { text: c.text, dist };
  }
  for (const p of s.places) {
    const dist = Math.abs(p.from - at) + (p.from < at ? 3 : 0);
    if (!best || dist < best.dist) best = { text: p.text, dist };
  }
  return best?.text ?? null;
}

/** The venue in the clause of token `at`; "here" means the dateline place. */
export function placeInClause(doc: Doc, s: Sent, at: number): string | null {
  const c = clauseAt(s, at);
  let best: { text: string; dist: number } | null = null;
  const consider = (from: number, text: string, isCity: boolean) => {
    if (from < c.from || from >= c.to) return;
    const dist = Math.abs(from - at) + (from < at ? 3 : 0) + (isCity ? 0 : 100);
    if (!best || dist < best.dist) best = { text, dist };
  };
  for (const x of s.countries) {
    const prev = s.tokens[x.from - 1]?.lower ?? '';
    const isCity = x.kind === 'city';
    if (isCity ? /^(?:in|at|,)$/.test(prev) : prev === 'in' && s.tokens[x.to]?.text !== "'s") consider(x.from, x.text, isCity);
  }
  for (const p of s.places) consider(p.from, p.text, true);
  const found = best as { text: string } | null;
  return found?.text ?? (/\bhere\b/.test(s.text) ? doc.dateline : null);
}

/** "during a visit to Riyadh", "on his visit to Hanoi": the city a visit in the sentence went to. */
export function visitPlace(s: Sent): string | null {
  for (const x of s.countries) {
    if (x.kind !== 'city') continue;
    if (/\b(?:visit|trip|tour)\s+to\s+$/i.test(s.text.slice(Math.max(0, (s.tokens[x.from]?.start ?? 0) - 20), s.tokens[x.from]?.start ?? 0))) return x.text;
  }
  return null;
}

// Buildings that host meetings and signings.
const BUILDING = /\bat (?:the )?((?:[A-Z][\w'-]*\s){1,4}(?:House|Hall|Centre|Center|Palace|Bhawan|Bhavan|Building|Auditorium|Complex|Hotel|Convention Centre))\b/;

/** "signed the agreement at Parliament House": a building, the venue only where no city or country is stated. */
export function buildingIn(s: Sent, at: number): string | null {
  const c = clauseAt(s, at);
  const from = s.tokens[c.from]?.start ?? 0;
  const to = s.tokens[c.to - 1]?.end ?? s.text.length;
  return BUILDING.exec(s.text.slice(from, to))?.[1]?.trim() ?? null;
}

/** The venue near token `at`; "here" means the dateline place. */
export function venueIn(doc: Doc, s: Sent, at: number): string | null {
  return venueNear(s, at) ?? (/\bhere\b/.test(s.text) ? doc.dateline : null);
}

const OWN_TIME = /\b(?:today|yesterday|tonight|this (?:morning|afternoon|evening|week)|on (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b/i;

/** "Today we held ...": a time of its own, even one that cannot be resolved, is not borrowed from elsewhere. */
export function ownTime(s: Sent): boolean {
  return OWN_TIME.test(s.text);
}

/** The nearest earlier sentence (at most two back, same or previous paragraph) with an event date. */
export function precedingDated(doc: Doc, s: Sent): Sent | null {
  if (ownTime(s)) return null;
  for (let k = s.index - 1; k >= Math.max(0, s.index - 2); k--) {
    const p = doc.sentences[k];
    if (!p || p.paragraph < s.paragraph - 1) break;
    if (p.dates.some((x) => !x.reporting)) return p;
  }
  return null;
}

/** The dated mention nearest to character offset `pos`, preferring one after it and not a reporting date. */
export function dateNear(s: Sent, pos: number): FoundDate | null {
  let best: FoundDate | null = null;
  let bestDist = Infinity;
  for (const d of s.dates) {
    const dist = (d.index >= pos ? d.index - pos : (pos - d.index) * 1.5) + (d.reporting ? 10000 : 0);
    if (dist < bestDist) {
      bestDist = dist;
      best = d;
    }
  }
  return best;
}

/** The event date in the clause of token `at`, nearest to it; reporting dates ("said on Friday") only as a last resort. */
export function dateInClause(s: Sent, at: number): FoundDate | null {
  const c = clauseAt(s, Math.max(0, at));
  const start = s.tokens[c.from]?.start ?? 0;
  const end = s.tokens[c.to - 1]?.end ?? s.text.length;
  const pos = s.tokens[at]?.start ?? 0;
  let best: FoundDate | null = null;
  let bestDist = Infinity;
  for (const d of s.dates) {
    if (d.index < start || d.index >= end) continue;
    const dist = (d.index >= pos ? d.index - pos : (pos - d.index) * 1.5) + (d.reporting ? 10000 : 0);
    if (dist < bestDist) {
      bestDist = dist;
      best = d;
    }
  }
  return best;
}

const COUNT_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/** "a four-day session", "two-day 12th round": the number of days an event lasts, from its clause. */
export function durationDays(text: string): number | null {
  const m = /\b(one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})[- ]days?[- ](?!ago)/i.exec(`${text} `);
  if (!m?.[1]) return null;
  const n = COUNT_WORDS[m[1].toLowerCase()] ?? Number(m[1]);
  return n >= 1 && n <= 31 ? n : null;
}

/** The end date of an event of `days` days starting on `start`. */
export function endAfter(start: string, days: number): string | null {
  if (days <= 1) return null;
  const d = new Date(`${start}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days - 1);
  return d.toISOString().slice(0, 10);
}

// Verbs that report an encounter of the two sides.
const ENCOUNTER = /\b(?:met|meet|meets|held talks|held|co-chaired|chaired|hosted|convened|took place|presided|signed|discussed)\b/i;

export interface Setting {
  /** The story's day: the first event date of its opening paragraphs. */
  date: string | null;
  /** Where the opening encounter took place ("met at ... in the city of Sacheon"). */
  venue: string | null;
}

/**
 * The setting of the story's main encounter, from its opening paragraphs: events the story reports
 * without a date or place of their own happened then and there, unless they are dated otherwise.
 */
export function storySetting(doc: Doc): Setting {
  let date: string | null = null;
  let venue: string | null = null;
  const credits = creditParagraphs(doc);
  for (const s of doc.sentences) {
    if (s.paragraph > 3) break;
    if (credits.has(s.paragraph)) continue;
    if (!date) {
      const d = s.dates.find((x) => !x.reporting && statusAt(doc, s, x.index, x.index, true) === 'actual');
      if (d) date = d.start;
    }
    if (!venue) {
      const verb = ENCOUNTER.exec(s.text);
      if (verb && statusAt(doc, s, verb.index ?? 0) === 'actual') {
        const at = s.tokens.findIndex((x) => x.start >= (verb.index ?? 0));
        // Its own clause's place, else one the sentence gives in a clause that reports what happened
        // ("signed a Protocol and exchanged a Letter of Intent in Hanoi"; not "agreed to meet in Mombasa").
        venue = placeInClause(doc, s, Math.max(0, at));
        const other = venue ? null : s.countries.find((c) => c.kind === 'city' && /^(?:in|at)$/.test(s.tokens[c.from - 1]?.lower ?? ''));
        if (other && statusAt(doc, s, s.tokens[other.from]?.start ?? 0) === 'actual') venue = other.text;
      }
    }
  }
  return { date, venue };
}
