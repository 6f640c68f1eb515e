// Who fills a role in a stretch of text: named people, title-only references ("the
// Secretary General", "The Indian Defence Minister") and sentence-initial pronouns.
import type { Doc, Sent } from './doc.ts';
import { TITLE_HEADS, TITLE_WORDS } from './lexicon.ts';
import type { People, Person } from './people.ts';

export interface RoleFinder {
  /** People referred to within tokens [from, to) of a sentence, in order. */
  inSpan(sent: number, from: number, to: number): Person[];
  /** The first person a sentence talks about (its subject, roughly). */
  subject(sent: number): Person | null;
}

const IGNORED = new Set(['the', 'of', 'for', 'and', 'to', 'in', 'at', 'a', 'an', 'his', 'her', 'its', 'their', '&', ',', "'s"]);

export function roleFinder(doc: Doc, people: People): RoleFinder {
  const rankWords = (p: Person) => (p.rank ?? '').toLowerCase().replace(/[.()]/g, ' ').split(/\s+/).filter(Boolean);
  const titleWords = (p: Person) =>
    new Set([...(p.title ?? '').toLowerCase().replace(/defense/g, 'defence').split(/[\s,()-]+/), ...rankWords(p)]);

  function byTitle(s: Sent, from: number, to: number, at: number): Person | null {
    const words: string[] = [];
    let country: string | null = null;
    for (let i = from; i < to; i++) {
      const c = s.countryAt[i];
      if (c) {
        if (c.kind !== 'city') country = c.code;
        i = c.to - 1;
        continue;
      }
      const w = s.tokens[i]?.lower ?? '';
      if (!IGNORED.has(w)) words.push(w.replace(/defense/, 'defence'));
    }
    if (!words.length) return null;
    // The head word ("minister", "commander") must match; the more modifiers match, the better.
    const head = [...words].reverse().find((w) => TITLE_HEADS.has(w)) ?? words[words.length - 1] ?? '';
    let best: Person[] = [];
    let bestScore = 0;
    for (const p of people.list) {
      if (country && p.country && p.country !== country) continue;
      const tw = titleWords(p);
      if (!tw.has(head)) continue;
      const score = 1 + words.filter((w) => w !== head && tw.has(w)).length;
      if (score > bestScore) [best, bestScore] = [[p], score];
      else if (score === bestScore) best.push(p);
    }
    // A partial match is trusted only when it singles one person out.
    if (!bestScore || (bestScore < words.length && best.length > 1)) return null;
    return latestBefore(best, s.index, at);
  }

  function latestBefore(candidates: Person[], sent: number, at: number): Person | null {
    let best: Person | null = null;
    let bestPos = -Infinity;
    for (const p of candidates) {
      for (const m of p.mentions) {
        const pos = m.sent * 10000 + m.from;
        const before = pos < sent * 10000 + at;
        const score = before ? pos : -pos - 1e9; // prefer the latest earlier mention, else the earliest later one
        if (score > bestPos) {
          bestPos = score;
          best = p;
        }
      }
    }
    return best;
  }

  function inSpan(sent: number, from: number, to: number): Person[] {
    const s = doc.sentences[sent];
    if (!s) return [];
    const out: Person[] = [];
    const named = (people.bySentence[sent] ?? []).filter(({ mention: m }) => m.nameFrom >= from && m.nameTo <= to);
    const covered = new Array<boolean>(s.tokens.length).fill(false);
    const found: { at: number; person: Person }[] = [];
    for (const { mention, person } of people.bySentence[sent] ?? []) for (let i = mention.from; i < mention.to; i++) covered[i] = true;
    for (const { mention, person } of named) found.push({ at: mention.nameFrom, person });
    // Title-only references: a run of title words containing a head word.
    for (let i = from; i < to; i++) {
      // A title phrase starts with a content word ("The Israeli minister" starts at "Israeli").
      if (covered[i] || !isTitleish(s, i) || IGNORED.has(s.tokens[i]?.lower ?? '')) continue;
      let j = i;
      while (j < to && !covered[j] && isTitleish(s, j)) j++;
      // Lower-case heads count after a determiner ("The Israeli minister", "his counterpart").
      const determined = /^(?:the|his|her|their|its|visiting)$/.test(s.tokens[i - 1]?.lower ?? '');
      const hasHead = s.tokens.slice(i, j).some((t) => TITLE_HEADS.has(t.lower) && (t.cap || determined));
      const p = hasHead ? byTitle(s, i, j, i) : null;
      if (p) found.push({ at: i, person: p });
      i = j;
    }
    const first = s.tokens[from];
    if (first && /^(?:he|she)$/i.test(first.text)) {
      const p = subject(sent - 1);
      if (p) found.push({ at: from, person: p });
    }
    for (const f of found.sort((a, b) => a.at - b.at)) if (!out.includes(f.person)) out.push(f.person);
    return out;
  }

  function subject(sent: number): Person | null {
    for (let k = sent; k >= 0 && sent - k < 4; k--) {
      const s = doc.sentences[k];
      if (!s) break;
      const found = inSpan(k, 0, s.tokens.length);
      if (found[0]) return found[0];
    }
    return null;
  }

  return { inSpan, subject };
}

function isTitleish(s: Sent, i: number): boolean {
  const t = s.tokens[i];
  if (!t) return false;
  if (s.countryAt[i]?.kind === 'demonym' || s.countryAt[i]?.kind === 'name') return true;
  return TITLE_WORDS.has(t.lower) && !/^(?:and|to|in|at|on)$/.test(t.lower);
}
