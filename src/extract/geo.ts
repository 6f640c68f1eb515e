// Country context: the article's home country (whose officials go unmarked), the countries
// most written about, and the country cue nearest to a mention.
import { countryCode } from './countries.ts';
import type { Doc, Sent } from './doc.ts';

export interface CountryStats {
  /** Countries by weighted mention count, most mentioned first. */
  ranked: string[];
  home: string | null;
}

/** Weighted mention counts; a dateline city counts extra because it names the home desk. */
export function countryStats(doc: Doc, orgCountries: { sent: number; country: string | null }[]): CountryStats {
  const score = new Map<string, number>();
  const first = new Map<string, number>();
  const bump = (code: string, w: number, pos: number) => {
    score.set(code, (score.get(code) ?? 0) + w);
    if (!first.has(code)) first.set(code, pos);
  };
  for (const s of doc.sentences) for (const c of s.countries) bump(c.code, 1, s.index * 1000 + c.from);
  for (const o of orgCountries) if (o.country) bump(o.country, 0.5, o.sent * 1000 + 999);
  const dateline = doc.dateline ? countryCode(doc.dateline) : null;
  if (dateline) bump(dateline, 3, -1);
  const ranked = [...score.keys()].sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0) || (first.get(a) ?? 0) - (first.get(b) ?? 0));
  return { ranked, home: (dateline ? null : leadPair(doc)) ?? ranked[0] ?? null };
}

/**
 * "Cyprus and Israel have signed ...": news names its own country first in the lead's pair, so
 * without a dateline that country is the home side.
 */
function leadPair(doc: Doc): string | null {
  for (const s of doc.sentences.slice(0, 2)) {
    for (let i = 0; i + 1 < s.countries.length; i++) {
      const a = s.countries[i];
      const b = s.countries[i + 1];
      if (!a || !b || a.kind !== 'name' || b.kind !== 'name' || a.code === b.code) continue;
      if (s.tokens.slice(a.to, b.from).map((t) => t.lower).join(' ') === 'and') return a.code;
    }
  }
  return null;
}

/**
 * Country named shortly before token `at` ("his Japanese counterpart, Minister X",
 * "a delegation from Germany led by its Defence Minister X"), not crossing another person.
 */
export function cueCountry(s: Sent, at: number, blocked: boolean[], window = 8): string | null {
  for (let j = at - 1; j >= 0 && at - j <= window; j--) {
    const tok = s.tokens[j];
    if (!tok || blocked[j] || /^[;:]$/.test(tok.text)) return null;
    const c = s.countryAt[j];
    if (c && c.kind !== 'city') {
      const prev = s.tokens[c.from - 1]?.lower ?? '';
      // "visit to Japan", "in Israel": places, not affiliations.
      if (/^(?:to|in|at|into)$/.test(prev)) return null;
      return c.code;
    }
    const org = s.orgAt[j];
    if (org?.record.country) return org.record.country;
  }
  return null;
}

/**
 * The first signal of the home side that names a country the article mentions; the publisher's
 * own country counts also when the article names no two countries ("Chief of the Air Staff X ...
 * on a visit to France", from an Indian agency).
 */
export function homeCountry(signals: (string | null)[], mentioned: string[], publisher: string | null = null): string | null {
  if (publisher && !mentioned.includes(publisher) && mentioned.length < 2) return publisher;
  for (const c of signals) if (c && mentioned.includes(c)) return c;
  return null;
}
