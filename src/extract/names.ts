// Personal names in a sentence: runs of name-like words (with particles, initials and
// demonym surnames), and the ranks and honorifics that stand before them.
import type { Sent } from './doc.ts';
import { CAP_STOPWORDS, HONORIFIC_PHRASES, HONORIFICS, MONTHS, NAME_PARTICLES, ORG_HEADS, POST_NOMINALS, RANK_SUFFIXES, RANKS, TITLE_HEADS, TITLE_WORDS, WEEKDAYS } from './lexicon.ts';

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
const HONORIFIC_PHRASES_BY_LENGTH = [...HONORIFIC_PHRASES].sort((a, b) => b.length - a.length);
// Words before a month that make it a date ("in May", "on June 5"), not a given name ("May Tan").
const DATE_CONTEXT = /^(?:in|on|since|until|till|by|from|of|last|next|early|mid|late|this|during|before|after|between|to|and|through)$/;
// A capitalised word right after a name that makes the run part of an organisation's name
// ("North American Affairs Bureau"): people's names are not followed by these without a comma.
const ORG_FOLLOWER = /^(?:Affairs|Bureau|Ministry|Directorate|Department|Office|Agency|Authority|Command|Corps|Forces|Force|Army|Navy|Council|Committee|Commission|Institute|University|Company|Corporation|Industries|Systems|Limited|Ltd|Division|Wing|Group|Centre|Center|Directorate-General)$/;
// "the Lee Jae Myung government": a leader's name used to name a government.
const GOVERNMENT = /^(?:government|administration|cabinet|regime)$/;

/** OCR and typing artefacts: "lbrahim" for "Ibrahim" (a lower-case l before a consonant no English word starts with). */
export function capLike(text: string): boolean {
  return /^\p{Lu}/u.test(text) || /^l[bcdfghjkmnpqrstvwxz][a-z]{2,}$/.test(text);
}

/** Length of a multi-word honorific ("Tan Sri", "Dato Seri") starting at token i, or 0. */
const HONORIFIC_FIRST = new Set(HONORIFIC_PHRASES.map((p) => p[0] ?? ''));

export function honorificPhraseAt(s: Sent, i: number): number {
  const first = s.tokens[i];
  if (!first || !HONORIFIC_FIRST.has(norm(first.text))) return 0;
  for (const phrase of HONORIFIC_PHRASES_BY_LENGTH) {
    let ok = true;
    for (let k = 0; k < phrase.length && ok; k++) {
      const tok = s.tokens[i + k];
      ok = !!tok && tok.cap && norm(tok.text) === phrase[k];
    }
    if (ok) return phrase.length;
  }
  return 0;
}

/** Length of a rank, honorific or "(Retd)" group ending at token j, or 0. */
const RANK_LAST = new Set(RANKS.map((p) => p[p.length - 1] ?? ''));
const HONORIFIC_LAST = new Set(HONORIFIC_PHRASES.map((p) => p[p.length - 1] ?? ''));

export function rankEndingAt(s: Sent, j: number): number {
  const t = s.tokens;
  const last = t[j];
  if (!last) return 0;
  const lastNorm = norm(last.text);
  // Cheap exits: no rank, honorific or bracketed marker ends here.
  if (last.text !== ')' && !RANK_LAST.has(lastNorm) && !HONORIFIC_LAST.has(lastNorm) && !HONORIFICS.has(lastNorm) && !/^(?:Retd|Res)$/.test(last.text)) return 0;
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
  for (const phrase of HONORIFIC_PHRASES_BY_LENGTH) if (j - phrase.length + 1 >= 0 && honorificPhraseAt(s, j - phrase.length + 1) === phrase.length) return phrase.length;
  const tok = t[j];
  // "Crown Prince" is a post; "Prince Khalid" a style.
  if (tok && /^Prince(?:ss)?$/.test(tok.text) && t[j - 1]?.text === 'Crown') return 0;
  if (tok && tok.cap && HONORIFICS.has(norm(tok.text))) return 1;
  if (tok && /^(?:Retd|Res)$/.test(tok.text)) return 1;
  return 0;
}

/** A word that can be part of a personal name. */
function nameWord(s: Sent, i: number, acronyms: Set<string>): boolean {
  const tok = s.tokens[i];
  if (!tok || !tok.isWord || !capLike(tok.text) || s.orgAt[i] || s.countryAt[i]) return false;
  // An initial with a full stop ("A. K. Singh") even when the letter is also a word ("A").
  if (tok.text.length === 1 && tok.dot && /^\p{Lu}$/u.test(tok.text)) return true;
  const l = norm(tok.text);
  if (/\d/.test(tok.text) || TITLE_WORDS.has(l) || CAP_STOPWORDS.has(l) || WEEKDAYS.has(l)) return false;
  if (MONTHS.has(l) && !monthAsName(s, i)) return false;
  if (honorificPhraseAt(s, i)) return false;
  if ((HONORIFICS.has(l) && !INNER_HONORIFICS.has(l)) || RANK_WORDS.has(l)) return false;
  if ((tok.upper && acronyms.has(tok.text)) || CAMEL_ACRONYM.test(tok.text)) return false;
  return true;
}

/** "Jan Salestrand", "May Tan": a month word is a given name before a surname, outside date phrases. */
function monthAsName(s: Sent, i: number): boolean {
  const next = s.tokens[i + 1];
  const prev = s.tokens[i - 1];
  if (!next || !next.isWord || !next.cap || /\d/.test(next.text) || MONTHS.has(norm(next.text)) || WEEKDAYS.has(norm(next.text))) return false;
  if (s.tokens[i]?.dot) return false;
  return !prev || !DATE_CONTEXT.test(prev.lower);
}

export interface Run {
  from: number;
  to: number;
}

/** Maximal runs of name words (with particles, initials and demonyms inside). */
export function nameRuns(s: Sent, acronyms: Set<string>): Run[] {
  const runs: Run[] = [];
  const t = s.tokens;
  let i = 0;
  while (i < t.length) {
    const honorific = honorificPhraseAt(s, i);
    if (honorific) {
      i += honorific;
      continue;
    }
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
    // "David Johnston AC": honours and service letters after a name are not part of it.
    while (run.to - run.from > 2 && postNominal(t[run.to - 1]?.text ?? '')) run.to--;
    if (strongWords(s, run) > 0 && !notAPerson(s, run)) runs.push(run);
    i = j;
  }
  return runs;
}

/** Letters after a name: known honours and services, or up to four capitals ("AC", "RAN"). */
export function postNominal(text: string): boolean {
  // (not a regnal or generational number: "Austin III", "Theophilos III")
  return POST_NOMINALS.has(text.toLowerCase()) || (/^[A-Z]{2,4}$/.test(text) && !/^(?:II|III|IV|VI|VII|VIII)$/.test(text));
}

/**
 * Capitalised runs that are not people: after an article ("the Main Operational Directorate"),
 * before an organisation noun ("North American Affairs Bureau"), or named by a title or
 * organisation they complete ("Bureau of Arms Control"). A rank or honorific before the run
 * overrides this.
 */
function notAPerson(s: Sent, r: Run): boolean {
  const t = s.tokens;
  if (rankEndingAt(s, r.from - 1) > 0) return false;
  const prev = t[r.from - 1];
  const next = t[r.to];
  if (prev && /^(?:the|a|an)$/i.test(prev.text) && !GOVERNMENT.test(next?.lower ?? '')) return true;
  if (next && ORG_FOLLOWER.test(next.text) && (next.lower in ORG_HEADS || next.text === 'Affairs' || next.text === 'Directorate-General')) return true;
  const head = t[r.from - 2];
  return r.to - r.from >= 2 && !!prev && /^(?:of|for)$/.test(prev.lower) && !!head && head.cap && TITLE_WORDS.has(head.lower) && !TITLE_HEADS.has(head.lower);
}

/** "Defence Minister Israel Katz": a one-word country right after a title or rank starts a name. */
function countryAsFirstName(s: Sent, i: number, acronyms: Set<string>): boolean {
  const c = s.countryAt[i];
  if (!c || c.from !== i || c.to !== i + 1 || c.kind === 'demonym') return false;
  const prev = s.tokens[i - 1];
  const prevIsAnchor = !!prev && prev.cap && (TITLE_HEADS.has(prev.lower) || rankEndingAt(s, i - 1) > 0);
  return prevIsAnchor && nameWord(s, i + 1, acronyms) && rankEndingAt(s, i + 1) === 0;
}

export function strongWords(s: Sent, r: Run): number {
  let n = 0;
  for (let i = r.from; i < r.to; i++) {
    const tok = s.tokens[i];
    if (tok && tok.text.length > 1 && !tok.upper) n++;
  }
  return n;
}

export function cleanName(s: Sent, r: Run): string {
  const words: string[] = [];
  for (let i = r.from; i < r.to; i++) {
    const tok = s.tokens[i];
    if (!tok) continue;
    // All-capital surnames ("MATSUNO Hirokazu") are written in title case.
    const roman = /^(?:II|III|IV|VI|VII|VIII)$/.test(tok.text);
    // Three capitals or fewer are initials ("RKS Bhadauria").
    const w = tok.upper && tok.text.length > 3 && !roman ? tok.text[0] + tok.text.slice(1).toLowerCase() : tok.text;
    words.push(w);
  }
  return words.join(' ');
}
