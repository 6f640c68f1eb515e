// Which country each person serves: stated in the title, known from the gazetteer, implied by
// an organisation in the title, or cued by a nearby country word (or by the list they share).
import type { Doc } from './doc.ts';
import { cueCountry } from './geo.ts';
import type { PersonMention } from './mentions.ts';
import type { People } from './people.ts';

/** Per sentence, per token: whether the token belongs to a person's name. */
export function nameTokenMask(doc: Doc, people: People): boolean[][] {
  return doc.sentences.map((s) => {
    const mask = new Array<boolean>(s.tokens.length).fill(false);
    for (const { mention } of people.bySentence[s.index] ?? []) for (let i = mention.nameFrom; i < mention.nameTo; i++) mask[i] = true;
    return mask;
  });
}

export function assignCountries(doc: Doc, people: People, mask: boolean[][]): void {
  const cues = new Map<PersonMention, string | null>();
  for (const row of people.bySentence) {
    let prev: PersonMention | null = null;
    for (const { mention } of row) {
      const s = doc.sentences[mention.sent];
      if (!s) continue;
      let cue = cueCountry(s, mention.from, mask[mention.sent] ?? []);
      // "X, Y and Z" after a cue share it ("officials in the Japanese government including A, B and C").
      if (!cue && prev && onlySeparators(doc, mention.sent, prev.to, mention.from)) cue = cues.get(prev) ?? null;
      cues.set(mention, cue);
      prev = mention;
    }
  }
  for (const p of people.list) {
    const stated = p.mentions.find((m) => m.titleCountry)?.titleCountry;
    const known = p.record?.country ?? titleOrgCountry(doc, p.mentions);
    const cued = p.mentions.map((m) => cues.get(m)).find((c) => c);
    p.country = stated ?? known ?? cued ?? null;
    p.countrySource = stated ? 'title' : known ? 'known' : cued ? 'context' : null;
  }
}

/**
 * The home side of a press release introduces its own officials without a nationality
 * ("Defence Minister Rajnath Singh" beside "Egyptian Defence Minister Mohamed Zaki"):
 * the country most often known for such unmarked people.
 */
export function unmarkedCountry(people: People): string | null {
  const count = new Map<string, number>();
  for (const p of people.list) if (p.countrySource === 'known' && p.country) count.set(p.country, (count.get(p.country) ?? 0) + 1);
  const ranked = [...count.entries()].sort((a, b) => b[1] - a[1]);
  if (!ranked[0] || (ranked[1] && ranked[1][1] === ranked[0][1])) return null;
  return ranked[0][0];
}

function onlySeparators(doc: Doc, sent: number, from: number, to: number): boolean {
  const toks = doc.sentences[sent]?.tokens.slice(from, to) ?? [];
  return toks.length > 0 && toks.length <= 3 && toks.every((t) => /^(?:,|;|and)$/.test(t.lower));
}

/** "Head of the Policy & Pol-Mil Bureau": a known organisation in the title gives the country. */
function titleOrgCountry(doc: Doc, mentions: PersonMention[]): string | null {
  for (const m of mentions) {
    if (m.titleFrom < 0) continue;
    const s = doc.sentences[m.sent];
    const org = s?.gazOrgs.find((o) => o.from >= m.titleFrom && o.to <= m.titleTo && o.record.country);
    if (org) return org.record.country;
  }
  return null;
}

/**
 * Officials marked with a nationality are the other side's: when titled people go unmarked and
 * only one of the two most-mentioned countries has marked officials, home is the other one.
 */
export function markedOther(people: People, ranked: string[]): string | null {
  const [a, b] = ranked;
  if (!a || !b || !people.list.some((p) => p.title && p.countrySource !== 'title')) return null;
  const marked = (c: string) => people.list.some((p) => p.countrySource === 'title' && p.country === c);
  if (marked(a) && !marked(b)) return b;
  if (marked(b) && !marked(a)) return a;
  return null;
}
