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

const HEAD = /^(?:Group|Committee|Sub-Committee|Subcommittee|Sub-Group|Subgroup|Dialogue|Commission|Council|Talks|Consultations?|Forum|Meeting|Conclave|Summit|Roundtable|Round-table)$/;
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

const forumCache = new WeakMap<Doc, ForumMention[]>();

/** Forum mentions of the article (computed once per article; callers must not change them). */
export function findForums(doc: Doc): ForumMention[] {
  const cached = forumCache.get(doc);
  if (cached) return cached;
  const found = scanForums(doc);
  forumCache.set(doc, found);
  return found;
}

function scanForums(doc: Doc): ForumMention[] {
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
  // "Joint Korean-Polish Committee": a country pair inside the name is dropped from it.
  const inner: string[] = [];
  while (from > 0 && (capWord(s, from - 1) || innerPair(s, from - 1, h))) {
    if (innerPair(s, from - 1, h)) inner.push(...s.countries.filter((c) => c.from <= from - 1 && from - 1 < c.to).map((c) => c.code));
    from--;
  }
  // "2+2 Ministerial Dialogue" is tokenised as 2 + 2.
  if (t[from - 2]?.text === '+' && /^\d$/.test(t[from - 1]?.text ?? '') && /^\d$/.test(t[from - 3]?.text ?? '')) from -= 3;
  // A bare "Committee" or "Group" names nothing; "Sub-Group on Naval Cooperation" is named by its subject.
  if (from === h && head.text !== 'Dialogue' && !(/^Sub/.test(head.text) && tail(s, h + 1) > h + 2)) return null;
  // A leading country word is the pair prefix, not part of the name.
  while (from < h && s.countryAt[from]) from++;
  const { countries, start } = countryPrefix(s, from);
  let to = h + 1;
  to = tail(s, to);
  let name = words(s, from, to);
  if (/^Joint Vision/.test(name)) return null;
  // "Working Group on Military Cooperation of the Indian-Russian Intergovernmental Commission on ...":
  // a body of a parent forum is named with its parent.
  const parent = parentForum(doc, s, to);
  if (parent) {
    name = `${name} of the ${parent.name}`;
    to = parent.to;
    countries.push(...parent.countries);
  }
  return { sent: s.index, from: start, to, name: expand(doc, name), countries: [...new Set([...countries, ...inner])], sequence: sequenceBefore(s, start) };
}

/** The name written in tokens [from, to), without brackets and country words. */
function words(s: Sent, from: number, to: number): string {
  const kept: string[] = [];
  for (let i = from; i < to; i++) {
    if (s.countryAt[i] && i > from) continue;
    kept.push(s.tokens[i]?.text ?? '');
  }
  const joined = spanText(s, from, to);
  const text = kept.length === to - from ? joined : kept.join(' ').replace(/ ([,)])/g, '$1').replace(/\( /g, '(');
  return text.replace(/\s*\([^)]*\)/g, '').replace(/[.,]+$/, '').replace(/\s+/g, ' ').trim();
}

/** A country pair or demonym between capitalised words of a forum name ("Joint Korean-Polish Committee"). */
function innerPair(s: Sent, i: number, h: number): boolean {
  const c = s.countryAt[i];
  if (!c || c.kind === 'city' || i >= h) return false;
  return !!s.tokens[c.from - 1]?.cap && !s.countryAt[c.from - 1] && capWord(s, c.from - 1);
}

function parentForum(doc: Doc, s: Sent, at: number): ForumMention | null {
  const t = s.tokens;
  if (t[at]?.lower !== 'of') return null;
  let j = at + 1;
  if (t[j]?.lower === 'the') j++;
  for (let h = j; h < Math.min(t.length, j + 8); h++) {
    if (!HEAD.test(t[h]?.text ?? '')) continue;
    const m = named(doc, s, h);
    return m && m.from === j ? m : null;
  }
  return null;
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
    // A title-case complement names the forum's subject ("Joint Working Group on Quantum Technologies").
    const titled = j > to + 1 && t.slice(to + 1, j).every((x) => x.cap || /^(?:and|&|-)$/.test(x.text)) && !/^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)$/.test(t[to + 1]?.text ?? '');
    if (titled || (j > to + 1 && /cooperation|co-operation|policy|security|affairs|issues|dialogue|technology|industry/i.test(t[j - 1]?.text ?? ''))) {
      to = j;
      // "... Cooperation in the Fields of Defense and Defense Industry": a title-case continuation.
      let k = to;
      while (k < t.length && !s.countryAt[k] && ((t[k]?.cap && t[k]?.isWord) || (/^(?:in|the|of|and|&)$/.test(t[k]?.text ?? '') && (t[k + 1]?.cap || /^(?:the|of)$/.test(t[k + 1]?.text ?? ''))))) k++;
      while (k > to && !t[k - 1]?.cap) k--;
      if (k > to && /^(?:in|of)$/.test(t[to]?.text ?? '') && !HEAD.test(t[k - 1]?.text ?? '')) to = k;
    }
  }
  return to;
}

const TAIL_WORD = /^(?:bilateral|defen[cs]e|security|military|strategic|cooperation|co-operation|industry|industrial|policy|and|technical|technology|&|-)$/i;

function capWord(s: Sent, i: number): boolean {
  const t = s.tokens[i];
  if (!t || s.countryAt[i] || s.orgAt[i]) return false;
  // "Defence Ministers' Dialogue": a plural possessive inside the name.
  if (t.text === "'") return !!s.tokens[i - 1]?.cap && /s$/.test(s.tokens[i - 1]?.text ?? '') && s.tokens[i - 1]?.end === t.start;
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
