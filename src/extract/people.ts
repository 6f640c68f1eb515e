// People in the article: person mentions grouped into individuals (coreference by shared
// name words, "Singh" → "Rajesh Kumar Singh"), with a title and a country for each.
import { tokenSpan, type Doc, type Sent } from './doc.ts';
import type { PersonRecord } from './gazetteer.ts';
import { findMentions, type PersonMention } from './mentions.ts';
import { nameRuns, strongWords } from './names.ts';
import { reorderTitle, stripCountryPrefix } from './titles.ts';

export interface Person {
  id: number;
  name: string;
  words: string[];
  mentions: PersonMention[];
  title: string | null;
  country: string | null;
  /** Where the country came from; "known" means gazetteer or an organisation in the title. */
  countrySource: 'title' | 'known' | 'context' | 'structure' | 'home' | null;
  rank: string | null;
  record: PersonRecord | null;
  /** Where the title came from: stated with a mention, or the post of the person it is the counterpart of. */
  titleSource: 'stated' | 'counterpart' | null;
}

export interface People {
  list: Person[];
  /** Person mentions per sentence, in token order, each tied to its person. */
  bySentence: { mention: PersonMention; person: Person }[][];
}

const lowerWords = (name: string) => name.toLowerCase().split(/\s+/).filter(Boolean);

/**
 * Two spellings of one name word: equal, or one slip apart in a word of five letters or more
 * ("Khwaja"/"Khawaja", "Panagiotpoulos"/"Panagiotopoulos").
 */
export function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 5 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  let ea = a.length - 1;
  let eb = b.length - 1;
  while (ea >= i && eb >= i && a[ea] === b[eb]) {
    ea--;
    eb--;
  }
  // What is left between the common prefix and suffix is at most one letter on each side.
  return ea - i < 1 && eb - i < 1;
}

const hasWord = (list: string[], w: string) => list.some((x) => sameWord(x, w));

function sameName(a: string[], b: string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (!short.every((w) => hasWord(long, w))) return false;
  // "Amir Eshel" and "Amir Baram" share a word but not the surname.
  const last = short[short.length - 1] ?? '';
  const first = short[0] ?? '';
  return short.length >= 2 || sameWord(last, long[long.length - 1] ?? '') || sameWord(first, long[0] ?? '');
}

/**
 * A name written two ways keeps, word by word, the longer spelling: a slip in typing more often
 * drops a letter than adds one.
 */
function bestSpelling(p: Person): void {
  const variants = p.mentions.flatMap((m) => m.name.split(' '));
  const words = p.name.split(' ').map((w) => variants.filter((v) => v.toLowerCase() !== w.toLowerCase() && sameWord(v.toLowerCase(), w.toLowerCase()) && v.length > w.length)[0] ?? w);
  p.name = words.join(' ');
  p.words = lowerWords(p.name);
}

/**
 * "Defence Minister X and his French counterpart Y": Y holds the post X holds. The antecedent is
 * the person named last before Y in the sentence, else the subject of the sentence before.
 */
function counterpartTitles(doc: Doc, people: Person[], bySentence: { mention: PersonMention; person: Person }[][]): void {
  for (const p of people) {
    if (p.title) continue;
    for (const m of p.mentions) {
      const s = doc.sentences[m.sent];
      if (!s || !/^counterparts?$/i.test(s.tokens[m.nameFrom - 1]?.text === ',' ? (s.tokens[m.nameFrom - 2]?.text ?? '') : (s.tokens[m.from - 1]?.text ?? ''))) continue;
      const before = (bySentence[m.sent] ?? []).filter((x) => x.mention.to <= m.from && x.person !== p).pop()?.person ?? (bySentence[m.sent - 1] ?? []).find((x) => x.person !== p)?.person;
      if (before?.title) {
        [p.title, p.titleSource] = [before.title, 'counterpart'];
        break;
      }
    }
  }
}

export function buildPeople(doc: Doc): People {
  const acronyms = new Set(doc.abbreviations.keys());
  const nameWords = new Set<string>();
  const runs = doc.sentences.map((s) => nameRuns(s, acronyms));
  for (const s of doc.sentences) {
    for (const r of runs[s.index] ?? []) if (strongWords(s, r) >= 2) for (let i = r.from; i < r.to; i++) nameWords.add(s.tokens[i]?.lower ?? '');
  }
  const raw: PersonMention[][] = doc.sentences.map((s) => findMentions(s, { acronyms, nameWords }, gazetteerPeople(doc, s), runs[s.index]));
  const list: Person[] = [];
  const assigned = new Map<PersonMention, Person>();
  const add = (m: PersonMention, p: Person): void => {
    p.mentions.push(m);
    assigned.set(m, p);
    if (!p.title && m.title) [p.title, p.titleSource] = [expandAbbreviations(m.title, doc.abbreviations), 'stated'];
    if (!p.rank && m.rank) p.rank = m.rank;
    if (!p.record && m.gazetteer) p.record = m.gazetteer;
    if (m.name.split(' ').length > p.words.length) {
      p.name = m.name;
      p.words = lowerWords(m.name);
    }
  };
  // Full names first, so later (or earlier) surnames can refer to them.
  for (const m of raw.flat()) {
    const words = lowerWords(m.name);
    if (words.length < 2 || !m.anchored) continue;
    const p = list.find((x) => sameName(x.words, words));
    if (p) add(m, p);
    else {
      const np: Person = { id: list.length, name: m.name, words, mentions: [], title: null, country: null, countrySource: null, rank: null, record: null, titleSource: null };
      list.push(np);
      add(m, np);
    }
  }
  for (const m of raw.flat()) {
    if (assigned.has(m)) continue;
    const p = referent(list, m);
    if (p) add(m, p);
    else if (m.anchored && lowerWords(m.name).length === 1 && (m.title || m.rank)) {
      const np: Person = { id: list.length, name: m.name, words: lowerWords(m.name), mentions: [], title: null, country: null, countrySource: null, rank: null, record: null, titleSource: null };
      list.push(np);
      add(m, np);
    }
  }
  const bySentence = raw.map((ms) => ms.filter((m) => assigned.has(m)).map((m) => ({ mention: m, person: assigned.get(m) as Person })));
  for (const p of list) {
    p.mentions.sort((a, b) => a.sent - b.sent || a.from - b.from);
    bestSpelling(p);
  }
  counterpartTitles(doc, list, bySentence);
  return { list, bySentence };
}

/** "Commanding-in-Chief of the WNC" → "... of the Western Naval Command" when the text defines WNC. */
function expandAbbreviations(title: string, abbreviations: Map<string, string>): string {
  const expanded = title.replace(/\b[A-Z][A-Za-z&-]{1,9}\b/g, (w) => {
    const long = /[A-Z].*[A-Z]/.test(w) ? abbreviations.get(w) : undefined;
    return long ? stripCountryPrefix(long) : w;
  });
  return reorderTitle(expanded);
}

/** The known person a short or repeated name refers to: the latest one mentioned before it. */
function referent(list: Person[], m: PersonMention): Person | null {
  const words = lowerWords(m.name);
  const candidates = list.filter((p) => sameName(p.words, words) || (words.length === 1 && hasWord(p.words, words[0] ?? '')));
  if (candidates.length <= 1) return candidates[0] ?? null;
  const before = (p: Person) =>
    Math.max(-1, ...p.mentions.filter((x) => x.sent < m.sent || (x.sent === m.sent && x.from < m.from)).map((x) => x.sent * 1000 + x.from));
  return candidates.sort((a, b) => before(b) - before(a))[0] ?? null;
}

function gazetteerPeople(doc: Doc, s: Sent) {
  const out: { from: number; to: number; record: PersonRecord }[] = [];
  for (const m of doc.gazetteer.people.find(s.text)) {
    const span = tokenSpan(s.tokens, m.start, m.end);
    if (span) out.push({ ...span, record: m.record });
  }
  return out;
}
