// Country lookup: names, demonyms and cities → ISO alpha-3, plus a mention finder.
import { COUNTRY_TABLE } from './countries-data.ts';

export type CountryMentionKind = 'name' | 'demonym' | 'city';

export interface CountryMention {
  code: string;
  kind: CountryMentionKind;
  text: string;
  start: number;
  end: number;
}

interface Entry {
  code: string;
  kind: CountryMentionKind;
}

const byForm = new Map<string, Entry>();

for (const line of COUNTRY_TABLE.split('\n')) {
  const [code, names = '', demonyms = '', cities = ''] = line.trim().split('|');
  if (!code) continue;
  const list = (s: string) => s.split(';').map((x) => x.trim()).filter(Boolean);
  const nameList = list(names);
  // Earlier kinds win on collisions (a name beats a city of the same spelling).
  for (const n of nameList) if (!byForm.has(n)) byForm.set(n, { code, kind: 'name' });
  for (const d of list(demonyms)) if (!byForm.has(d)) byForm.set(d, { code, kind: 'demonym' });
  for (const c of list(cities)) if (!byForm.has(c)) byForm.set(c, { code, kind: 'city' });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest forms first so "South Korea" beats "Korea" and "Nigeria" beats "Niger".
const forms = [...byForm.keys()].sort((a, b) => b.length - a.length);
// Case-sensitive: country words are proper nouns; "us" must not read as the US.
const MENTION_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${forms.map(escape).join('|')})(?![\\p{L}\\p{N}]|-[a-z])`,
  'gu',
);

// Geographic names built on a demonym that do not denote the country.
const NOT_A_COUNTRY = /^(?:Indian Ocean|French Guiana|Arabian Sea)/;

export function findCountries(text: string): CountryMention[] {
  const out: CountryMention[] = [];
  for (const m of text.matchAll(MENTION_RE)) {
    const start = m.index ?? 0;
    const entry = byForm.get(m[0]);
    if (!entry) continue;
    if (NOT_A_COUNTRY.test(text.slice(start, start + 16))) continue;
    // "North American Affairs", "West African": a region, not the country the demonym names.
    if (entry.kind === 'demonym' && /(?:North|South|Latin|Central|East|West)\s$/.test(text.slice(Math.max(0, start - 8), start))) continue;
    out.push({ code: entry.code, kind: entry.kind, text: m[0], start, end: start + m[0].length });
  }
  return out;
}

/** Resolves a single name, demonym or city ("Israeli", "UAE", "Hanoi") to alpha-3. */
export function countryCode(form: string): string | null {
  const direct = byForm.get(form.trim());
  if (direct) return direct.code;
  const stripped = form.trim().replace(/^the\s+/i, '').replace(/['’]s$/, '');
  return byForm.get(stripped)?.code ?? null;
}
