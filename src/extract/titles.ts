// Job-title clean-up: titles are reported without the country they name ("Israeli Defence
// Minister" → "Defence Minister"), without acronym glosses, and with an organisation that
// precedes the post moved behind it ("Ministry of Defence Joint Secretary" →
// "Joint Secretary, Ministry of Defence").
import type { Sent } from './doc.ts';
import { findCountries } from './countries.ts';
import { TITLE_HEADS } from './lexicon.ts';

const MARK = '\u0001';
const ORG_START = /^((?:Ministry|Department|Office|Directorate|Bureau|MoD|MOD|IMOD|Embassy|Headquarters|HQ)\b[^,]*?),?\s+((?:Joint|Deputy|Additional|Principal|Permanent|Secretary|Director|Chief|Head|Minister|Under|Assistant|Special|Senior|Spokesperson|Advisor|Adviser|Attache|Vice|Commander|Chairman|State Secretary)\b.*)$/;

// "Elbit Systems President and CEO" → "President and CEO, Elbit Systems".
const ORG_LEAD = /^((?:[A-Z][\w&-]*\s)+?(?:Systems|Industries|Limited|Ltd|Corporation|Aerospace|Authority|Agency|Directorate|Bureau|Organisation|Organization|Establishment|Laboratory|Group)|DDR&D|DRDO|IMOD|MOD|MoD)\s+((?:[Hh]ead|President|CEO|Chairman|Chairperson|Director|Chief|Managing|Joint|Deputy|Additional|Principal|Secretary|Spokesperson|Advisor|Adviser|Vice|Commander)\b.*)$/;

export interface CleanTitle {
  title: string | null;
  /** Country the title names as the holder's own ("Vietnam's", "of Japan", leading "Israeli"). */
  country: string | null;
}

/** Cleans the title written in tokens [from, to) of the sentence. */
export function cleanTitle(s: Sent, from: number, to: number): CleanTitle {
  const first = s.tokens[from];
  const last = s.tokens[to - 1];
  if (!first || !last || to <= from) return { title: null, country: null };
  const base = first.start;
  let text = s.text.slice(base, last.end + (last.dot ? 1 : 0));
  let country: string | null = null;
  // Replace each country mention by a marker, right to left so offsets stay valid.
  const inside = s.countries.filter((c) => c.from >= from && c.to <= to).sort((a, b) => b.from - a.from);
  for (const c of inside) {
    const prev = s.tokens[c.from - 1];
    const start = (s.tokens[c.from]?.start ?? 0) - base;
    const lastTok = s.tokens[c.to - 1];
    // "U.S. Secretary": the abbreviation's final dot goes with it.
    const end = (lastTok?.end ?? 0) + (lastTok?.dot && c.to < to ? 1 : 0) - base;
    // "Ambassador to India", "mission to the US": a destination, not the holder's country.
    const prev2 = prev?.lower === 'the' ? s.tokens[c.from - 2] : prev;
    // A demonym stays an affiliation even after "at" ("State Secretary at the German ministry").
    if (prev2 && c.from > from && c.kind !== 'demonym' && /^(?:to|in|at|for)$/i.test(prev2.text)) continue;
    if (c.kind === 'city') continue;
    country = c.code;
    text = text.slice(0, start) + MARK + text.slice(end);
  }
  // A known organisation named with its country ("Israel Ministry of Defense") loses the country.
  const orgs = s.gazOrgs.filter((o) => o.from >= from && o.to <= to).sort((a, b) => b.from - a.from);
  for (const o of orgs) {
    const bare = stripCountryPrefix(o.text);
    if (bare === o.text) continue;
    const start = (s.tokens[o.from]?.start ?? 0) - base;
    const end = (s.tokens[o.to - 1]?.end ?? 0) - base;
    text = text.slice(0, start) + bare + text.slice(end);
    country ??= o.record.country;
  }
  return { title: tidy(text), country };
}

/** "Israel Ministry of Defense" → "Ministry of Defense"; "Indian Navy" stays (it is the name). */
export function stripCountryPrefix(name: string): string {
  const m = /^(\S+(?: \S+)?)\s+(Ministry|Department|Office)\b/.exec(name);
  if (!m?.[1] || !findCountries(m[1]).length) return name;
  return name.slice(m[1].length).trim();
}

function tidy(raw: string): string | null {
  let t = raw
    .replace(/\s+/g, ' ')
    .replace(new RegExp(`\\s*,?\\s*\\bof (?:the )?${MARK}\\s*'s\\s+`, 'g'), ', ')
    .replace(new RegExp(`${MARK}\\s*'s\\s*`, 'g'), '')
    .replace(new RegExp(`\\s*,?\\s*\\bof (?:the )?${MARK}`, 'g'), '')
    .replace(new RegExp(`^(?:the )?${MARK}\\s*`, 'i'), '')
    .replace(new RegExp(`[\\s,]*${MARK}[\\s,]*`, 'g'), ' ')
    .replace(/\s*\((?:res|retd?|rtd|r)\.?\)/gi, '')
    .replace(/\s*\([A-Z][A-Za-z&\-]{1,10}\)/g, (m) => (/[a-z]{3}/.test(m) ? m : ''))
    .replace(/\s+at\s+/g, ', ')
    .replace(/,\s*the\s+/gi, ', ')
    .replace(/^(?:the|a|an|his|her|its|their)\s+/i, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,&\-.]+|[\s,&\-.]+$/g, '')
    .replace(/\s+,/g, ',');
  // Defence ministries are written "Ministry of Defence" ("Defence Ministry Permanent Secretary").
  t = t.replace(/\bDefen([cs])e Ministry\b/, 'Ministry of Defen$1e');
  t = reorderTitle(t);
  if (!t || !t.split(/[\s,-]+/).some((w) => TITLE_HEADS.has(w.toLowerCase()))) return null;
  return t;
}

/** "Ministry of Defence Joint Secretary" → "Joint Secretary, Ministry of Defence". */
export function reorderTitle(t: string): string {
  const reordered = ORG_START.exec(t) ?? ORG_LEAD.exec(t);
  return reordered?.[1] && reordered[2] ? `${reordered[2]}, ${reordered[1]}` : t;
}
