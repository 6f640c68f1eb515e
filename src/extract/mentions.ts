// Person mentions in one sentence: a run of name-like words anchored by a rank or honorific,
// a job title before it, an appositive title after it, or a gazetteer entry.
import { spanText, type Sent } from './doc.ts';
import type { PersonRecord } from './gazetteer.ts';
import { CAP_STOPWORDS, HONORIFICS, MONTHS, NAME_PARTICLES, RANK_SUFFIXES, RANKS, TITLE_HEADS, TITLE_WORDS, WEEKDAYS } from './lexicon.ts';
import { cleanTitle } from './titles.ts';

export interface PersonMention {
  sent: number;
  /** Whole mention including title and rank. */
  from: number;
  to: number;
  nameFrom: number;
  nameTo: number;
  name: string;
  title: string | null;
  titleFrom: number;
  titleTo: number;
  /** Country stated in the title itself. */
  titleCountry: string | null;
  rank: string | null;
  /** Anchored by rank, honorific, title or gazetteer; bare surnames are not. */
  anchored: boolean;
  gazetteer: PersonRecord | null;
}

const norm = (t: string) => t.toLowerCase().replace(/\./g, '');
const RANKS_BY_LENGTH = [...RANKS].sort((a, b) => b.length - a.length);
// "Director General", "Secretary General": here General is part of the post, not a rank.
const GENERAL_POSTS = new Set(['director', 'secretary', 'attorney', 'inspector', 'solicitor', 'consul', 'governor', 'auditor', 'surgeon', 'adjutant', 'comptroller', 'controller', 'commissioner', 'postmaster']);
// Name words inside a run that look like honorifics ("Hassan Mohamed Sultan Bani Hammad").
const INNER_HONORIFICS = new Set(['sultan', 'sheikh', 'shaikh']);
// Every word of a rank phrase ("Lt", "Gen", "Marshal") is never a name word.
const RANK_WORDS = new Set(RANKS.flat());
// Short mixed-case acronyms ("MoD", "MoU", "ToR") are not names.
const CAMEL_ACRONYM = /^[A-Z][a-z][A-Z][A-Za-z&]?$/;

/** Length of a rank, honorific or "(Retd)" group ending at token j, or 0. */
export function rankEndingAt(s: Sent, j: number): number {
  const t = s.tokens;
  // "(Retd)", "(Res.)", "(Dr)", "(IN)": status, degree or service markers in brackets.
  const inner = t[j - 1];
  if (t[j]?.text === ')' && t[j - 2]?.text === '(' && inner) {
    const w = norm(inner.text);
    if (RANK_SUFFIXES.has(w) || HONORIFICS.has(w) || (inner.upper && inner.text.length <= 4)) return 3;
  }
  for (const phrase of RANKS_BY_LENGTH) {
    const start = j - phrase.length + 1;
    if (start < 0) continue;
    let ok = true;
    for (let k = 0; k < phrase.length && ok; k++) {
      const tok = t[start + k];
      ok = !!tok && tok.cap && norm(tok.text) === phrase[k];
    }
    if (!ok) continue;
    if ((phrase[0] === 'general' || phrase[0] === 'gen') && GENERAL_POSTS.has(norm(t[start - 1]?.text ?? ''))) return 0;
    return phrase.length;
  }
  const tok = t[j];
  if (tok && tok.cap && HONORIFICS.has(norm(tok.text))) return 1;
  if (tok && /^(?:Retd|Res)$/.test(tok.text)) return 1;
  return 0;
}

/** A word that can be part of a personal name. */
function nameWord(s: Sent, i: number, acronyms: Set<string>): boolean {
  const tok = s.tokens[i];
  if (!tok || !tok.isWord || !tok.cap || s.orgAt[i] || s.countryAt[i]) return false;
  // An initial with a full stop ("A. K. Singh") even when the letter is also a word ("A").
  if (tok.text.length === 1 && tok.dot && /^\p{Lu}$/u.test(tok.text)) return true;
  const l = norm(tok.text);
  if (/^\d/.test(tok.text) || TITLE_WORDS.has(l) || CAP_STOPWORDS.has(l) || MONTHS.has(l) || WEEKDAYS.has(l)) return false;
  if ((HONORIFICS.has(l) && !INNER_HONORIFICS.has(l)) || RANK_WORDS.has(l)) return false;
  if ((tok.upper && acronyms.has(tok.text)) || CAMEL_ACRONYM.test(tok.text)) return false;
  return true;
}

interface Run {
  from: number;
  to: number;
}

/** Maximal runs of name words (with particles, initials and demonyms inside). */
function nameRuns(s: Sent, acronyms: Set<string>): Run[] {
  const runs: Run[] = [];
  const t = s.tokens;
  let i = 0;
  while (i < t.length) {
    const startsHere = nameWord(s, i, acronyms) || countryAsFirstName(s, i, acronyms);
    if (!startsHere) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < t.length) {
      const tok = t[j];
      const country = s.countryAt[j];
      if (nameWord(s, j, acronyms)) j++;
      else if (tok && NAME_PARTICLES.has(tok.lower) && nameWord(s, j + 1, acronyms)) j++;
      // Initials inside a name ("Ahmed A Aseeri").
      else if (tok && /^\p{Lu}$/u.test(tok.text) && nameWord(s, j + 1, acronyms)) j++;
      // "Maayan Israeli": a demonym after a given name is a surname.
      else if (country && country.to - country.from === 1 && country.kind === 'demonym' && !nameWord(s, j + 1, acronyms)) j++;
      // A surname spelled like a city ("Kumar Lima").
      else if (country && country.to - country.from === 1 && country.kind === 'city' && !/^(?:in|at|to|from)$/i.test(t[j - 1]?.text ?? '')) j++;
      else break;
    }
    const run = { from: i, to: j };
    // "Sultan Haitham Bin Tarik": a leading Sultan/Sheikh is a style, not a name.
    while (INNER_HONORIFICS.has(t[run.from]?.lower ?? '') && strongWords(s, { from: run.from + 1, to: run.to }) >= 2) run.from++;
    if (strongWords(s, run) > 0) runs.push(run);
    i = j;
  }
  return runs;
}

/** "Defence Minister Israel Katz": a one-word country right after a title or rank starts a name. */
function countryAsFirstName(s: Sent, i: number, acronyms: Set<string>): boolean {
  const c = s.countryAt[i];
  if (!c || c.from !== i || c.to !== i + 1 || c.kind === 'demonym') return false;
  const prev = s.tokens[i - 1];
  const prevIsAnchor = !!prev && prev.cap && (TITLE_HEADS.has(prev.lower) || rankEndingAt(s, i - 1) > 0);
  return prevIsAnchor && nameWord(s, i + 1, acronyms) && rankEndingAt(s, i + 1) === 0;
}

function strongWords(s: Sent, r: Run): number {
  let n = 0;
  for (let i = r.from; i < r.to; i++) {
    const tok = s.tokens[i];
    if (tok && tok.text.length > 1 && !tok.upper) n++;
  }
  return n;
}

const VERB_AFTER = /^(?:said|says|told|added|stated|noted|visited|visits|met|meets|called|calls|signed|signs|led|leads|co-chaired|held|holds|announced|highlighted|reiterated|emphasised|emphasized|stressed|thanked|invited|welcomed|arrived|discussed|reviewed|inaugurated|attended|expressed|briefed)$/;

export interface MentionContext {
  acronyms: Set<string>;
}

export function findMentions(s: Sent, ctx: MentionContext, gazPeople: { from: number; to: number; record: PersonRecord }[]): PersonMention[] {
  const runs = nameRuns(s, ctx.acronyms);
  // Gazetteer names win over word runs they overlap.
  const all: (Run & { record?: PersonRecord })[] = [
    ...gazPeople,
    ...runs.filter((r) => !gazPeople.some((g) => g.from < r.to && r.from < g.to)),
  ].sort((a, b) => a.from - b.from);
  const inRun = new Array<boolean>(s.tokens.length).fill(false);
  for (const r of all) for (let i = r.from; i < r.to; i++) inRun[i] = true;
  const out: PersonMention[] = [];
  for (const r of all) {
    const m = anchor(s, r, inRun, r.record ?? null);
    if (m) out.push(m);
  }
  return out;
}

function anchor(s: Sent, r: Run, inRun: boolean[], record: PersonRecord | null): PersonMention | null {
  const t = s.tokens;
  const ranks: string[] = [];
  let k = r.from - 1;
  for (let len = rankEndingAt(s, k); len > 0; len = rankEndingAt(s, k)) {
    ranks.unshift(spanText(s, k - len + 1, k + 1));
    k -= len;
  }
  const rankFrom = k + 1;
  // "Director-General of X, Maj Gen (Retd) Amir Eshel": the title may sit before a comma.
  if (t[k]?.text === ',' && rankFrom < r.from && t[k - 1]?.text !== ')') k--;
  let titleFrom = titleStart(s, k, inRun);
  let titleTo = k + 1;
  if (titleFrom > k) {
    // No title before the name: look for an appositive after it ("X, Director General of ...").
    const app = appositive(s, r.to, inRun);
    titleFrom = app ? app.from : -1;
    titleTo = app ? app.to : -1;
  }
  const cleaned = titleFrom >= 0 ? cleanTitle(s, titleFrom, titleTo) : { title: null, country: null };
  const rank = ranks.length ? ranks.join(' ') : null;
  const next = t[r.to];
  const verbAfter = !!next && VERB_AFTER.test(next.lower) && r.to - r.from >= 2;
  // "Deputy Secretary for Strategy, ...": a word after a title's preposition is part of the title.
  const titleObject = !rank && !record && r.to - r.from === 1 && /^(?:for|of|to|the|and)$/i.test(t[r.from - 1]?.text ?? '');
  const counterpart = counterpartCue(s, r.from);
  const anchored = !titleObject && (!!record || !!rank || !!cleaned.title || verbAfter || !!counterpart);
  const before = cleaned.title && titleFrom < r.from ? titleFrom : rankFrom;
  return {
    sent: s.index,
    from: Math.min(before, r.from),
    to: cleaned.title && titleFrom > r.from ? titleTo : r.to,
    nameFrom: r.from,
    nameTo: r.to,
    name: cleanName(s, r),
    title: cleaned.title,
    titleFrom: cleaned.title ? titleFrom : -1,
    titleTo: cleaned.title ? titleTo : -1,
    titleCountry: cleaned.country ?? counterpart,
    rank,
    anchored,
    gazetteer: record,
  };
}

/** "his French counterpart Sebastien Lecornu": the counterpart's country, or null. */
function counterpartCue(s: Sent, at: number): string | null {
  let j = at - 1;
  if (s.tokens[j]?.text === ',') j--;
  if (!/^counterparts?$/.test(s.tokens[j]?.lower ?? '')) return null;
  const c = s.countryAt[j - 1];
  return c && c.kind !== 'city' ? c.code : null;
}

/** Words that may belong to a title when scanning left from a name. */
function titleToken(s: Sent, j: number): boolean {
  const tok = s.tokens[j];
  if (!tok) return false;
  if (s.countryAt[j] || s.orgAt[j]) return true;
  if (tok.text === "'s" || tok.text === '&' || tok.text === '-') return true;
  if (TITLE_WORDS.has(tok.lower)) return true;
  return tok.isWord && tok.upper && tok.text.length <= 6;
}

/** Leftmost token of the title phrase ending at token k (k + 1 when there is none). */
export function titleStart(s: Sent, k: number, inRun: boolean[]): number {
  const t = s.tokens;
  let j = k;
  while (j >= 0) {
    const tok = t[j];
    if (!tok || inRun[j]) break;
    if (tok.text === ')') {
      const open = matchingOpen(s, j);
      if (open < 0) break;
      j = open - 1;
      continue;
    }
    const span = s.countryAt[j] ?? s.orgAt[j];
    if (span) {
      const prev = t[span.from - 1];
      if (s.countryAt[j]?.kind === 'city' && !/^(?:in|to|at)$/.test(prev?.lower ?? '')) break;
      j = span.from - 1;
      continue;
    }
    if (tok.text === ',' || tok.lower === 'and') {
      // Cross a comma or "and" only between title words ("Defense and Armed Forces Attache").
      const prev = t[j - 1];
      if (!prev || inRun[j - 1] || !titleToken(s, j - 1) || prev.lower === 'the' || prev.lower === 'of' || placeBefore(s, j)) break;
      if (tok.lower === 'and' && !(prev.cap && TITLE_WORDS.has(prev.lower))) break;
      j--;
      continue;
    }
    if (!titleToken(s, j)) break;
    j--;
  }
  // Drop leading connectors and punctuation.
  let from = j + 1;
  while (from <= k && /^(?:the|of|and|for|to|in|at|on|,|&|-|'s)$/i.test(t[from]?.text ?? '')) from++;
  return from;
}

/** "to Vientiane, Lao PDR," — the words before this comma name a place someone went to, not a post. */
function placeBefore(s: Sent, comma: number): boolean {
  const c = s.countryAt[comma - 1];
  if (!c) return false;
  if (c.kind === 'city') return true;
  const before = s.tokens[c.from - 1];
  if (/^(?:to|in|at|from)$/.test(before?.lower ?? '')) return true;
  return before?.text === ',' && s.countryAt[c.from - 2]?.kind === 'city';
}

function matchingOpen(s: Sent, close: number): number {
  for (let j = close - 1; j >= 0 && close - j < 12; j--) {
    const tok = s.tokens[j];
    if (tok?.text === '(') return j;
    if (!tok || tok.text === ')' || (!tok.cap && !TITLE_WORDS.has(tok.lower) && tok.text !== '&' && tok.text !== '-' && tok.text !== ',')) return -1;
  }
  return -1;
}

/** Title after the name: ", Director General of X" or "(State Secretary, Ministry of Defence)". */
function appositive(s: Sent, at: number, inRun: boolean[]): { from: number; to: number } | null {
  const t = s.tokens;
  const open = t[at]?.text;
  if (open !== ',' && open !== '(') return null;
  let j = at + 1;
  while (j < t.length) {
    const tok = t[j];
    if (!tok || inRun[j]) break;
    // Inside brackets commas separate parts of one title; after a comma, a following part that is
    // all title words continues it ("X, Joint Secretary, Ministry of Defence, India, and Y").
    if (tok.text === ',' && (open === '(' || titleSegment(s, j + 1, inRun))) {
      j++;
      continue;
    }
    // "Commander-in-Chief of Defence Services (CDS) Myanmar": skip a bracketed acronym.
    if (tok.text === '(' && open === ',' && t[j + 2]?.text === ')' && t[j + 1]?.upper) {
      j += 3;
      continue;
    }
    if (!titleToken(s, j) && !(tok.lower === 'for' || tok.lower === 'of')) break;
    j++;
  }
  const end = t[j]?.text;
  // "X, Minister of State for Defence held talks": a comma appositive may also end at the verb.
  const atVerb = !!t[j] && !t[j]?.cap && t[j]?.isWord && t.slice(at + 1, j).some((x) => x.cap && TITLE_HEADS.has(x.lower));
  const closes = open === '(' ? end === ')' : end === undefined || /^[,;.:)]$/.test(end) || end === 'and' || atVerb;
  if (!closes || j <= at + 1) return null;
  let to = j;
  while (to > at + 1 && /^(?:to|of|for|the|and|in|at|on)$/.test(t[to - 1]?.lower ?? '')) to--;
  return { from: at + 1, to };
}

/** Whether tokens from `at` up to the next comma or full stop are all title words. */
function titleSegment(s: Sent, at: number, inRun: boolean[]): boolean {
  let j = at;
  while (j < s.tokens.length && !/^[,.;:)]$/.test(s.tokens[j]?.text ?? '')) {
    if (inRun[j] || !titleToken(s, j) || s.tokens[j]?.lower === 'and') return false;
    j++;
  }
  return j > at;
}

function cleanName(s: Sent, r: Run): string {
  const words: string[] = [];
  for (let i = r.from; i < r.to; i++) {
    const tok = s.tokens[i];
    if (!tok) continue;
    // All-capital surnames ("MATSUNO Hirokazu") are written in title case.
    const roman = /^(?:II|III|IV|VI|VII|VIII)$/.test(tok.text);
    const w = tok.upper && tok.text.length > 2 && !roman ? tok.text[0] + tok.text.slice(1).toLowerCase() : tok.text;
    words.push(w);
  }
  return words.join(' ');
}
