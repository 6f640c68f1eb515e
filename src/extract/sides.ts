// The two sides of a bilateral encounter as the text lines them up: "The Indian delegation was led
// by X, while the Maldivian delegation was headed by Y", "Pakistan side is being led by X while
// the Turkish side by Y", "The Japanese side was co-chaired by A and B". Each named leader is of
// that side's country, and leads it at the meeting the sentence describes.
import type { CountrySpan, Doc, Sent } from './doc.ts';
import type { Person } from './people.ts';
import type { RoleFinder } from './roles.ts';

export interface Side {
  sent: number;
  country: string;
  /** Leaders in the order written; co-chairs when the side was co-chaired. */
  leaders: Person[];
}

const SIDE_NOUN = /^(?:side|delegation|team|contingent)$/;
const LED = /^(?:led|headed|co-chaired|chaired|represented)$/;

export function findSides(doc: Doc, roles: RoleFinder): Side[] {
  const out: Side[] = [];
  for (const s of doc.sentences) {
    out.push(...ledSides(s, roles));
    const starts = sideStarts(s);
    starts.forEach((st, k) => {
      const end = starts[k + 1]?.at ?? stopAfter(s, st.by);
      const found = roles.inSpan(s.index, st.by + 1, end);
      const leaders = st.verb === 'co-chaired' ? found.slice(0, 3) : found.slice(0, 1);
      if (leaders.length) out.push({ sent: s.index, country: st.country, leaders });
    });
  }
  return out;
}

/** "[the] Indian delegation [was] led by", "the Turkish side by": the country, the verb and where "by" is. */
function sideStarts(s: Sent): { at: number; by: number; country: string; verb: string }[] {
  const t = s.tokens;
  const out: { at: number; by: number; country: string; verb: string }[] = [];
  for (let i = 1; i < t.length; i++) {
    if (!SIDE_NOUN.test(t[i]?.lower ?? '')) continue;
    const c = s.countryAt[i - 1];
    if (!c || c.kind === 'city') continue;
    let j = i + 1;
    while (j < t.length && j - i <= 4 && /^(?:was|is|were|are|being|been|has|had)$/.test(t[j]?.lower ?? '')) j++;
    let verb = '';
    if (LED.test(t[j]?.lower ?? '')) verb = t[j++]?.lower ?? '';
    if (t[j]?.lower !== 'by') continue;
    // An elided verb ("while the Turkish side by Y") repeats the one before it.
    out.push({ at: c.from - (t[c.from - 1]?.lower === 'the' ? 1 : 0), by: j, country: c.code, verb: verb || out[out.length - 1]?.verb || 'led' });
  }
  return out;
}

/**
 * "Foreign Secretary A and Defence Secretary B led the British side", "X and Y represented India":
 * the people before the verb, in its clause, lead that side.
 */
function ledSides(s: Sent, roles: RoleFinder): Side[] {
  const out: Side[] = [];
  const t = s.tokens;
  for (let v = 1; v < t.length; v++) {
    const verb = t[v]?.lower ?? '';
    let c: CountrySpan | undefined;
    if (/^(?:led|headed)$/.test(verb) && t[v + 1]?.lower === 'the' && SIDE_NOUN.test(t[v + 3]?.lower ?? '')) c = s.countryAt[v + 2];
    else if (verb === 'represented') c = s.countryAt[v + 1] ?? (t[v + 1]?.lower === 'the' ? s.countryAt[v + 2] : undefined);
    if (!c || c.kind === 'city') continue;
    let from = v - 1;
    while (from > 0 && !/^(?:while|whereas|;|whilst)$/.test(t[from - 1]?.lower ?? '') && !(t[from - 1]?.text === ',' && /^(?:while|whereas|and)$/.test(t[from]?.lower ?? ''))) from--;
    const leaders = roles.inSpan(s.index, from, v);
    if (leaders.length) out.push({ sent: s.index, country: c.code, leaders: leaders.slice(0, 3) });
  }
  return out;
}

/** The leaders' list ends at "while", "whereas", a semicolon or the sentence end. */
function stopAfter(s: Sent, from: number): number {
  for (let i = from + 1; i < s.tokens.length; i++) if (/^(?:while|whereas|;|whilst)$/.test(s.tokens[i]?.lower ?? '')) return i;
  return s.tokens.length;
}
