// Forum mentions: named bilateral mechanisms ("17th meeting of the JWG on defence
// cooperation", "India-UAE Joint Defence Cooperation Committee (JDCC)") and descriptive ones
// ("the yearly bilateral dialogue between Israel and Germany").
import { spanText, type Doc, type Sent } from './doc.ts';
import { nameKey } from './gazetteer.ts';

export interface ForumMention {
  sent: number;
  from: number;
  to: number;
  name: string;
  /** Countries in a prefix such as "India-Israel". */
  countries: string[];
  sequence: number | null;
}

const HEAD = /^(?:Group|Committee|Dialogue|Commission|Talks|Consultations?|Forum|Meeting|Conclave|Summit)$/;
// Lower case only: a capitalised "Defence Policy Dialogue" is a named forum. At least one
// modifier is needed ("the yearly bilateral dialogue", "the strategic dialogue"); a bare "the dialogue" refers back.
// It must be a noun phrase of its own ("the/an ... dialogue"), not an item in a list of areas.
const LOWER_FORUM = /\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+((?:(?:annual|yearly|bilateral|strategic|inaugural|first|high-level|ministerial|defen[cs]e|policy|security)\s+)+(?:dialogue|consultations?))\b/g;
const ORDINALS: Record<string, number> = {
  inaugural: 1, first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18,
  nineteenth: 19, twentieth: 20,
};

export function ordinalValue(word: string | undefined): number | null {
  if (!word) return null;
  const m = /^(\d{1,3})(?:st|nd|rd|th)$/i.exec(word);
  if (m?.[1]) return Number(m[1]);
  return ORDINALS[word.toLowerCase()] ?? null;
}

export function findForums(doc: Doc): ForumMention[] {
  const out: ForumMention[] = [];
  for (const s of doc.sentences) {
    const taken = new Array<boolean>(s.tokens.length).fill(false);
    for (let i = 0; i < s.tokens.length; i++) {
      const m = named(doc, s, i) ?? abbreviated(doc, s, i);
      if (!m) continue;
      out.push(m);
      for (let k = m.from; k < m.to; k++) taken[k] = true;
      i = m.to - 1;
    }
    for (const m of s.text.matchAll(LOWER_FORUM)) {
      const at = (m.index ?? 0) + m[0].length - (m[1] ?? '').length;
      const from = s.tokens.findIndex((t) => t.start >= at);
      if (from < 0 || taken[from]) continue;
      const to = from + (m[1] ?? '').split(/\s+/).length;
      out.push({ sent: s.index, from, to, name: m[1] ?? '', countries: [], sequence: sequenceBefore(s, from) });
    }
  }
  return out;
}

/** A capitalised phrase ending in a forum noun, e.g. "Joint Working Group on Bilateral Defence Cooperation". */
function named(doc: Doc, s: Sent, h: number): ForumMention | null {
  const t = s.tokens;
  const head = t[h];
  if (!head || !HEAD.test(head.text) || t[h + 1]?.text === 's') return null;
  let from = h;
  while (from > 0 && capWord(s, from - 1)) from--;
  // "2+2 Ministerial Dialogue" is tokenised as 2 + 2.
  if (t[from - 2]?.text === '+' && /^\d$/.test(t[from - 1]?.text ?? '') && /^\d$/.test(t[from - 3]?.text ?? '')) from -= 3;
  if (from === h && head.text !== 'Dialogue') return null; // a bare "Committee" or "Group" names nothing
  const { countries, start } = countryPrefix(s, from);
  let to = h + 1;
  to = tail(s, to);
  const name = spanText(s, from, to).replace(/\s*\([^)]*\)/g, '').replace(/[.,]+$/, '');
  if (/^Joint Vision/.test(name)) return null;
  return { sent: s.index, from: start, to, name: expand(doc, name), countries, sequence: sequenceBefore(s, start) };
}

/** "JWG on defence cooperation": a known abbreviation, with its "on ..." complement. */
function abbreviated(doc: Doc, s: Sent, i: number): ForumMention | null {
  const tok = s.tokens[i];
  if (!tok || !/^[A-Z][A-Za-z&+\-]{1,9}$/.test(tok.text) || !/[A-Z].*[A-Z]/.test(tok.text)) return null;
  const long = doc.abbreviations.get(tok.text) ?? doc.gazetteer.forums.get(tok.text)?.name;
  if (!long || !long.split(/\s+/).some((w) => HEAD.test(w))) return null;
  if (s.tokens[i - 1]?.text === '(') return null; // the definition itself, already part of the long form
  const to = tail(s, i + 1);
  const rest = to > i + 1 ? ` ${spanText(s, i + 1, to).replace(/[.,]+$/, '')}` : '';
  const { countries, start } = countryPrefix(s, i);
  return { sent: s.index, from: start, to, name: `${stripCountries(long)}${rest}`, countries, sequence: sequenceBefore(s, start) };
}

/** Skips "(JWG)" and takes an "on/for ..." complement ("on Defence Cooperation", "on defence cooperation"). */
function tail(s: Sent, at: number): number {
  const t = s.tokens;
  let to = at;
  if (t[to]?.text === '(') {
    const close = t.findIndex((x, k) => k > to && x.text === ')');
    if (close > 0 && close - to <= 4) to = close + 1;
  }
  if (/^(?:on|for)$/.test(t[to]?.lower ?? '')) {
    // "on Defence Research and Materiel Cooperation" (title case) or "on defence cooperation".
    let j = to + 1;
    while (j < t.length && !s.countryAt[j] && (TAIL_WORD.test(t[j]?.text ?? '') || (t[j]?.cap && t[j]?.isWord) || (/^(?:and|&)$/.test(t[j]?.text ?? '') && t[j + 1]?.cap))) j++;
    if (j > to + 1 && /cooperation|co-operation|policy|security|affairs|issues|dialogue|technology|industry/i.test(t[j - 1]?.text ?? '')) to = j;
  }
  return to;
}

const TAIL_WORD = /^(?:bilateral|defen[cs]e|security|military|strategic|cooperation|co-operation|industry|industrial|policy|and|technical|technology|&|-)$/i;

function capWord(s: Sent, i: number): boolean {
  const t = s.tokens[i];
  if (!t || s.countryAt[i] || s.orgAt[i]) return false;
  if (/^(?:on|of|and|&|-|\+)$/.test(t.lower)) return !!s.tokens[i - 1]?.cap && !s.countryAt[i - 1];
  return t.isWord && (t.cap || /^\d\+\d$/.test(t.text)) && !/^(?:The|A|An|This|That|Its|Their)$/.test(t.text);
}

/** "India-Israel", "India - Saudi Arabia", "India-UAE" directly before the forum name. */
function countryPrefix(s: Sent, from: number): { countries: string[]; start: number } {
  const countries: string[] = [];
  let j = from - 1;
  while (j >= 0) {
    // A hyphenated token such as "India-Israel" holds two country mentions.
    const here = s.countries.filter((c) => c.from <= j && j < c.to && c.kind !== 'city');
    if (here.length) {
      countries.unshift(...here.map((c) => c.code));
      j = Math.min(...here.map((c) => c.from)) - 1;
    } else if (countries.length && /^(?:-|–|—|and|\/)$/.test(s.tokens[j]?.text ?? '')) j--;
    else break;
  }
  return { countries: [...new Set(countries)], start: countries.length ? j + 1 : from };
}

function sequenceBefore(s: Sent, from: number): number | null {
  const t = s.tokens;
  let j = from - 1;
  if (t[j]?.lower === 'the') j--;
  if (/^(?:of)$/.test(t[j]?.lower ?? '')) {
    // "17th meeting of the JWG", "inaugural meeting of the ..."
    j--;
    if (/^(?:meeting|session|edition|round)$/.test(t[j]?.lower ?? '')) j--;
    else return null;
  }
  const v = ordinalValue(t[j]?.text);
  if (v !== null) return v;
  // "the 15th India-Vietnam ..." handled above; "15th India – Saudi Arabia" too.
  return null;
}

export function stripCountries(name: string): string {
  return name.replace(/^(?:[A-Z][A-Za-z]+(?: [A-Z][a-z]+)?\s*[-–]\s*[A-Z][A-Za-z]+(?: [A-Z][a-z]+)?)\s+/, (m) => (/[-–]/.test(m) ? '' : m));
}

export function forumKey(name: string): string {
  return nameKey(name).replace(/\b(?:bilateral|the|on|of|for|and)\b/g, ' ').replace(/\s+/g, ' ').trim();
}

function expand(doc: Doc, name: string): string {
  return name.replace(/\b([A-Z][A-Za-z&]{1,8})\b/g, (w) => (/[A-Z].*[A-Z]/.test(w) && doc.abbreviations.has(w) ? (doc.abbreviations.get(w) ?? w) : w));
}
