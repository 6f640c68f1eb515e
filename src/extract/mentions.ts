// Person mentions in one sentence: a run of name-like words anchored by a rank or honorific,
// a job title before it, an appositive title after it, or a gazetteer entry.
import { spanText, type Sent } from './doc.ts';
import type { PersonRecord } from './gazetteer.ts';
import { TITLE_HEADS, TITLE_WORDS } from './lexicon.ts';
import { cleanName, nameRuns, rankEndingAt, strongWords, type Run } from './names.ts';
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

const VERB_AFTER = /^(?:said|says|told|added|stated|noted|visited|visits|met|meets|called|calls|signed|signs|led|leads|co-chaired|held|holds|announced|highlighted|reiterated|emphasised|emphasized|stressed|thanked|invited|welcomed|arrived|discussed|reviewed|inaugurated|attended|expressed|briefed)$/;

export interface MentionContext {
  acronyms: Set<string>;
  /** Lower-case words of the article's multi-word names: a lone one of them is a surname. */
  nameWords: Set<string>;
}

export function findMentions(s: Sent, ctx: MentionContext, gazPeople: { from: number; to: number; record: PersonRecord }[], runs: Run[] = nameRuns(s, ctx.acronyms)): PersonMention[] {
  // Gazetteer names win over word runs they overlap.
  const all: (Run & { record?: PersonRecord })[] = [
    ...gazPeople,
    ...runs.filter((r) => !gazPeople.some((g) => g.from < r.to && r.from < g.to)),
  ].sort((a, b) => a.from - b.from);
  // Runs that stop a title: full names, anchored ones and known surnames. A lone capitalised word
  // ("Deterrence", "Countering") may be part of a long title-case post instead.
  const inRun = new Array<boolean>(s.tokens.length).fill(false);
  for (const r of all) {
    const blocks = r.record || strongWords(s, r) >= 2 || rankEndingAt(s, r.from - 1) > 0 || ctx.nameWords.has(s.tokens[r.from]?.lower ?? '');
    if (blocks) for (let i = r.from; i < r.to; i++) inRun[i] = true;
  }
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
  // A bracket before the comma may close the previous person's own title ("A (State Secretary), Dr B");
  // a bracketed acronym ("the Joint Staff (EMCFA), General X") still belongs to this title.
  const acronymBefore = t[k - 1]?.text === ')' && t[k - 3]?.text === '(' && !!t[k - 2]?.upper;
  if (t[k]?.text === ',' && rankFrom < r.from && (t[k - 1]?.text !== ')' || acronymBefore)) k--;
  let titleFrom = titleStart(s, k, inRun);
  let titleTo = k + 1;
  if (titleFrom > k) {
    // No title before the name: look for an appositive after it ("X, Director General of ...").
    const app = appositive(s, r.to, inRun);
    titleFrom = app ? app.from : -1;
    titleTo = app ? app.to : -1;
  }
  // "the Lee Jae Myung government": an article before the name leaves no room for a title.
  const determined = /^(?:the|a|an)$/i.test(t[r.from - 1]?.text ?? '');
  let cleaned = titleFrom >= 0 && !determined ? cleanTitle(s, titleFrom, titleTo) : { title: null, country: null };
  // "Brazilian Air Force Commander X": a rank that is also a post heads the phrase before it.
  if (!cleaned.title && ranks.length === 1 && rankFrom === r.from - 1 && /^(?:Commander|Chief)$/.test(t[rankFrom]?.text ?? '') && titleFrom >= 0 && titleFrom < rankFrom && t[rankFrom - 1]?.text !== ',') {
    const withRank = cleanTitle(s, titleFrom, r.from);
    if (withRank.title) {
      cleaned = withRank;
      titleTo = r.from;
      ranks.length = 0;
    }
  }
  const rank = ranks.length ? ranks.join(' ') : null;
  const next = t[r.to];
  const verbAfter = !!next && VERB_AFTER.test(next.lower) && r.to - r.from >= 2;
  // "..., said Rahul Bedi": a full name right after a reporting verb is a speaker.
  const speaker = r.to - r.from >= 2 && /^(?:said|says|added|told|according to|stated)$/i.test(`${t[r.from - 2]?.lower === 'according' ? 'according to' : (t[r.from - 1]?.lower ?? '')}`);
  // "Deputy Secretary for Strategy, ...": a word after a title's preposition is part of the title.
  const titleObject = !rank && !record && r.to - r.from === 1 && /^(?:for|of|to|the|and)$/i.test(t[r.from - 1]?.text ?? '');
  const counterpart = counterpartCue(s, r.from);
  const government = determined && /^(?:government|administration|cabinet|regime)$/.test(next?.lower ?? '') && r.to - r.from >= 2;
  const anchored = !titleObject && (!!record || !!rank || !!cleaned.title || verbAfter || speaker || !!counterpart || government);
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
  // "Vice-Minister", "Director-General", "Under-Secretary": every part a title word.
  if (tok.lower.includes('-') && tok.lower.split('-').every((w) => TITLE_WORDS.has(w))) return true;
  // Acronyms and staff branches ("IMOD", "G7", "J5").
  return tok.isWord && (tok.upper || /^[A-Z]+\d+$/.test(tok.text)) && tok.text.length <= 6;
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
      if (s.countryAt[j]?.kind === 'city' && !/^(?:in|to|at|of)$/.test(prev?.lower ?? '')) break;
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
  // "Commander of the Royal Thai Army", "Assistant Secretary of Defense for Indo-Pacific Security
  // Affairs": capitalised words that are no title words still belong to a post named before them.
  let c = j;
  while (c >= 0 && t[c]?.isWord && t[c]?.cap && !inRun[c] && !TITLE_WORDS.has(t[c]?.lower ?? '')) c--;
  if (c < j) {
    let o = c;
    if (t[o]?.lower === 'the') o--;
    if (/^(?:of|for)$/.test(t[o]?.lower ?? '') && t[o - 1]?.cap && TITLE_WORDS.has(t[o - 1]?.lower ?? '') && !inRun[o - 1]) {
      const head = titleStart(s, o - 1, inRun);
      if (head <= o - 1) j = head - 1;
    }
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
  // "X, a defence analyst": a short lower-case description ending in a post.
  if (open === ',' && /^(?:a|an)$/.test(t[at + 1]?.lower ?? '')) {
    let j = at + 2;
    while (j < t.length && j - at <= 6 && t[j]?.isWord && !t[j]?.cap) j++;
    if (j > at + 2 && TITLE_HEADS.has(t[j - 1]?.lower ?? '') && /^[,.;)]$/.test(t[j]?.text ?? '.')) return { from: at + 2, to: j };
  }
  let j = at + 1;
  // Once a post is named ("Deputy Assistant Secretary"), the rest of a title-case phrase belongs to
  // it ("for the Bureau of Arms Control, Deterrence, and Stability, Department of State").
  let headSeen = false;
  while (j < t.length && j - at < 40) {
    const tok = t[j];
    if (!tok || inRun[j]) break;
    // Inside brackets commas separate parts of one title; after a comma, a following part that is
    // all title words continues it ("X, Joint Secretary, Ministry of Defence, India, and Y").
    if (tok.text === ',' && (open === '(' || titleSegment(s, j + 1, inRun) || (headSeen && capSegment(s, j + 1, inRun)))) {
      j++;
      continue;
    }
    // "Commander-in-Chief of Defence Services (CDS) Myanmar", "Director General (Technology
    // Management)": skip a bracketed acronym or title-case qualifier.
    if (tok.text === '(' && open === ',') {
      const close = t.findIndex((x, k) => k > j && x.text === ')');
      if (close > j && close - j <= 6 && t.slice(j + 1, close).every((x) => x.cap || /^(?:&|and|of|-)$/.test(x.lower))) {
        j = close + 1;
        continue;
      }
    }
    const capital = headSeen && tok.isWord && tok.cap && rankEndingAt(s, j) === 0;
    const joiner = headSeen && /^(?:and|the|&|-)$/.test(tok.lower) && !!t[j + 1]?.cap && !inRun[j + 1];
    if (!titleToken(s, j) && !(tok.lower === 'for' || tok.lower === 'of') && !capital && !joiner) break;
    if (tok.cap && TITLE_HEADS.has(tok.lower)) headSeen = true;
    j++;
  }
  const end = t[j]?.text;
  // "X, Minister of State for Defence held talks": a comma appositive may also end at the verb.
  const atVerb = !!t[j] && !t[j]?.cap && t[j]?.isWord && t.slice(at + 1, j).some((x) => x.cap && TITLE_HEADS.has(x.lower));
  const closes = open === '(' ? end === ')' : end === undefined || /^[,;.:)]$/.test(end) || end === 'and' || atVerb;
  if (!closes || j <= at + 1) return null;
  let to = j;
  while (to > at + 1 && /^(?:to|of|for|the|and|in|at|on|,)$/.test(t[to - 1]?.lower ?? '')) to--;
  return { from: at + 1, to };
}

/** A title-case stretch up to the next comma ("Department of State", "and Stability"), with no person in it. */
function capSegment(s: Sent, at: number, inRun: boolean[]): boolean {
  let j = at;
  if (s.tokens[j]?.lower === 'and') j++;
  const first = s.tokens[j];
  if (!first?.cap || !first.isWord || rankEndingAt(s, j) > 0 || HONORIFICS_START.test(first.text)) return false;
  while (j < s.tokens.length && !/^[,.;:)]$/.test(s.tokens[j]?.text ?? '')) {
    const tok = s.tokens[j];
    if (!tok || inRun[j] || !(tok.cap || /^(?:of|for|the|and|&|-|'s|on|to)$/.test(tok.lower))) return false;
    j++;
  }
  return true;
}

const HONORIFICS_START = /^(?:Mr|Mrs|Ms|Dr|Shri|Smt|Sir|Dame|Prof)$/;

/** Whether tokens from `at` up to the next comma or full stop are all title words. */
function titleSegment(s: Sent, at: number, inRun: boolean[]): boolean {
  let j = at;
  while (j < s.tokens.length && !/^[,.;:)]$/.test(s.tokens[j]?.text ?? '')) {
    if (inRun[j] || !titleToken(s, j) || s.tokens[j]?.lower === 'and') return false;
    j++;
  }
  return j > at;
}
