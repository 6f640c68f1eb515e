// The analysed article: sentences with tokens, country, organisation and date mentions,
// and abbreviations defined in the text. Every extractor reads this shared view.
import { countryCode, findCountries, type CountryMentionKind } from './countries.ts';
import { findDates, type FoundDate } from './dates.ts';
import type { Gazetteer, OrgRecord } from './gazetteer.ts';
import { creditParagraphs } from './sources.ts';
import { buildSentences, type Sentence, type Token } from './text.ts';

/** Token range [from, to) within one sentence. */
export interface Span {
  from: number;
  to: number;
}

export interface CountrySpan extends Span {
  code: string;
  kind: CountryMentionKind;
  text: string;
}

export interface GazOrgSpan extends Span {
  record: OrgRecord;
  text: string;
}

export interface PlaceSpan extends Span {
  text: string;
}

export interface Sent extends Sentence {
  countries: CountrySpan[];
  /** Places named as such but not in the country table ("the city of Sacheon"). */
  places: PlaceSpan[];
  gazOrgs: GazOrgSpan[];
  dates: FoundDate[];
  /** Per token: the country mention covering it, if any. */
  countryAt: (CountrySpan | undefined)[];
  /** Per token: the gazetteer organisation covering it, if any. */
  orgAt: (GazOrgSpan | undefined)[];
}

export interface Doc {
  published: string | null;
  sentences: Sent[];
  gazetteer: Gazetteer;
  /** Abbreviation → expansion, from "Long Name (ABBR)" in the text. */
  abbreviations: Map<string, string>;
  /** The dateline place ("NEW DELHI:" → "New Delhi"), which "here" refers to. */
  dateline: string | null;
}

/** Token range covering character offsets [start, end) of the sentence. */
export function tokenSpan(tokens: Token[], start: number, end: number): Span | null {
  let from = -1;
  let to = -1;
  tokens.forEach((t, i) => {
    if (t.end > start && t.start < end) {
      if (from < 0) from = i;
      to = i + 1;
    }
  });
  return from < 0 ? null : { from, to };
}

export function spanText(s: Sent, from: number, to: number): string {
  const a = s.tokens[from];
  const b = s.tokens[to - 1];
  if (!a || !b || to <= from) return '';
  return s.text.slice(a.start, b.end + (b.dot ? 1 : 0)).replace(/\s+/g, ' ').trim();
}

function annotate(sentence: Sentence, gazetteer: Gazetteer, published: string | null): Sent {
  const n = sentence.tokens.length;
  const countryAt: (CountrySpan | undefined)[] = new Array(n);
  const orgAt: (GazOrgSpan | undefined)[] = new Array(n);
  const gazOrgs: GazOrgSpan[] = [];
  // "non-NATO" still names NATO (same length, so offsets hold).
  for (const m of gazetteer.organizations.find(sentence.text.replace(/\b([Nn]on)-(?=[A-Z])/g, '$1 '))) {
    const span = tokenSpan(sentence.tokens, m.start, m.end);
    if (!span) continue;
    const g: GazOrgSpan = { ...span, record: m.record, text: m.text };
    gazOrgs.push(g);
    for (let i = span.from; i < span.to; i++) orgAt[i] = g;
  }
  const countries: CountrySpan[] = [];
  for (const m of findCountries(sentence.text)) {
    const span = tokenSpan(sentence.tokens, m.start, m.end);
    // A country word inside a known organisation name ("Israel Aerospace Industries") is not a mention.
    if (!span || orgAt[span.from]) continue;
    const c: CountrySpan = { ...span, code: m.code, kind: m.kind, text: m.text };
    countries.push(c);
    for (let i = span.from; i < span.to; i++) countryAt[i] = c;
  }
  const places: PlaceSpan[] = [];
  for (const m of sentence.text.matchAll(/\b(?:city|town|port|port city|district) of ((?:[A-Z][\p{L}'-]+)(?: [A-Z][\p{L}'-]+)?)/gu)) {
    const start = (m.index ?? 0) + m[0].length - (m[1] ?? '').length;
    const span = tokenSpan(sentence.tokens, start, start + (m[1] ?? '').length);
    if (span && !countryAt[span.from] && !orgAt[span.from]) places.push({ ...span, text: m[1] ?? '' });
  }
  const dates = findDates(sentence.text, published);
  // "NEW DELHI, June 15 (Reuters) -": the dateline gives the filing date, not an event date.
  // "Melbourne [Australia], March 7 (ANI):" too.
  for (const d of dates) if (/^[A-Za-z .'[\]()]{2,45},\s*$/.test(sentence.text.slice(0, d.index))) d.reporting = true;
  return { ...sentence, countries, places, gazOrgs, dates, countryAt, orgAt };
}

const ABBR_RE = /\(([A-Z][A-Za-z&\-]{1,11})\)/g;
const SKIP = new Set(['of', 'the', 'and', 'on', 'for', 'in', 'to', '&', 'at']);

/** "Joint Working Group (JWG)" → JWG ↦ "Joint Working Group": initials must contain the letters in order. */
export function findAbbreviations(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(ABBR_RE)) {
    const abbr = m[1] ?? '';
    const letters = abbr.replace(/[^A-Z]/g, '');
    if (letters.length < 2) continue;
    const before = text.slice(Math.max(0, (m.index ?? 0) - 120), m.index).trimEnd();
    const words = before.split(/\s+/);
    for (let k = 1; k <= Math.min(words.length, letters.length + 6); k++) {
      const phrase = words.slice(-k);
      if (!/^\p{Lu}/u.test(phrase[0] ?? '')) continue;
      const initials = phrase
        .filter((w) => !SKIP.has(w.toLowerCase()))
        .flatMap((w) => w.split('-'))
        .map((w) => w[0] ?? '')
        .join('')
        .toUpperCase();
      if (initials[0] === letters[0] && isSubsequence(letters, initials) && initials.length <= letters.length + 2) {
        out.set(abbr, phrase.join(' ').replace(/^[^\p{L}]+|[^\p{L}\p{N})]+$/gu, ''));
        break;
      }
    }
  }
  return out;
}

function isSubsequence(needle: string, hay: string): boolean {
  let j = 0;
  for (const c of hay) if (c === needle[j]) j++;
  return j === needle.length;
}

export function buildDoc(body: string, published: string | null, gazetteer: Gazetteer): Doc {
  const sentences = buildSentences(body).map((s) => annotate(s, gazetteer, published));
  const doc: Doc = { published, sentences, gazetteer, abbreviations: findAbbreviations(body), dateline: findDateline(sentences) };
  // "Nov. 7, 2024 | BY Jim Hollis, Defence News": a byline's date is the report's.
  const credits = creditParagraphs(doc);
  for (const s of sentences) if (credits.has(s.paragraph)) for (const d of s.dates) d.reporting = true;
  return doc;
}

/** "NEW DELHI:", "Tel Aviv, Nov 6 (IANS)", "New Delhi,31st January:" opening the first or second paragraph. */
function findDateline(sentences: Sent[]): string | null {
  const openings = sentences.filter((s) => s.paragraph <= 1 && (s.index === 0 || sentences[s.index - 1]?.paragraph !== s.paragraph));
  for (const s of openings) {
    const m = /^([A-Za-z][A-Za-z .']{2,30}?)\s*(?:[,:(]|\s-\s)/.exec(s.text);
    if (!m?.[1]) continue;
    const place = m[1].trim().toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
    if (countryCode(place)) return place;
  }
  return null;
}
