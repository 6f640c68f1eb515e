// Personal names in a sentence: runs of name-like words (with particles, initials and
// demonym surnames), and the ranks and honorifics that stand before them.
import type { Sent } from './doc.ts';
import { CAP_STOPWORDS, HONORIFICS, MONTHS, NAME_PARTICLES, RANK_SUFFIXES, RANKS, TITLE_HEADS, TITLE_WORDS, WEEKDAYS } from './lexicon.ts';

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
