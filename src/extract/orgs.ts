// Organisation mentions: gazetteer entries, ministries ("Defence Ministry", "Ministry of
// Defence of India"), and capitalised phrases ending in an organisation noun
// ("Force Development Authority", "Western Naval Command").
import { spanText, type Doc, type Sent } from './doc.ts';
import type { OrgKind, OrgRecord } from './gazetteer.ts';
import { ORG_HEADS, TITLE_HEADS, TITLE_WORDS } from './lexicon.ts';
import { stripCountryPrefix } from './titles.ts';
import { countryCode } from './countries.ts';

export interface OrgMention {
  sent: number;
  from: number;
  to: number;
  name: string;
  /** Country written next to the name or known from the gazetteer. */
  country: string | null;
  kind: OrgKind;
  record: OrgRecord | null;
  /** Lower-case common noun ("the defence ministry"): only the article's home country fits. */
  generic: boolean;
  /** The country comes from the name's own words or the gazetteer, not from context. */
  explicit: boolean;
}

const MINISTRY_RE = /^(?:Ministry of (?:National )?Defen[cs]e|Defen[cs]e Ministr(?:y|ies)|MoD|MOD)$/;
const LOWER_ORG = /\b(?:(?:the )?defen[cs]e ministry|(?:the )?national guard|(?:armed|defen[cs]e) forces)\b/g;
const FORUM_WORDS = /\b(?:(?:Working|Advisory|Policy|Steering|Planning|Contact|Study|Expert|Coordination|Cooperation|Consultative|Task) Groups?|Committee|Dialogue|Commission|Council|Memorial|Forum|Task Force)\b/;
const COMPANY_KIND = new Set(['company']);
// Words that begin a post, ending an organisation name before it ("Ministry of Defence Joint Secretary").
const TITLE_START = /^(?:Joint|Deputy|Additional|Principal|Permanent|Director|Director-General|Spokesperson|Minister)$/;

/** nameTokens[sentence][token]: the token belongs to a person's name. */
export function findOrgMentions(doc: Doc, nameTokens: boolean[][]): OrgMention[] {
  const out: OrgMention[] = [];
  const expansions = new Set(doc.abbreviations.values());
  for (const s of doc.sentences) {
    const taken = [...(nameTokens[s.index] ?? new Array<boolean>(s.tokens.length).fill(false))];
    for (const g of s.gazOrgs) {
      out.push({ sent: s.index, from: g.from, to: g.to, name: displayName(g.text, g.record), country: g.record.country, kind: g.record.kind, record: g.record, generic: false, explicit: !!g.record.country });
      for (let i = g.from; i < g.to; i++) taken[i] = true;
    }
    out.push(...patternOrgs(s, taken, expansions), ...lowerCaseOrgs(s, taken));
  }
  return out;
}

/** The name as written, without a leading country for ministries ("Israel Ministry of Defense"). */
function displayName(written: string, record: OrgRecord): string {
  return record.kind === 'ministry' ? stripCountryPrefix(written) : written;
}

/** Capitalised phrases that end in an organisation noun, optionally followed by "of/for X". */
function patternOrgs(s: Sent, taken: boolean[], expansions: Set<string>): OrgMention[] {
  const out: OrgMention[] = [];
  const t = s.tokens;
  for (let h = 0; h < t.length; h++) {
    const head = t[h];
    if (!head?.cap || taken[h] || !(head.lower in ORG_HEADS) && !/^(?:MoD|MOD)$/.test(head.text)) continue;
    let from = h;
    while (from > 0 && orgWord(s, from - 1) && !taken[from - 1]) from--;
    let to = h + 1;
    // "Department of Defence Production", "Office of the Under Secretary of War for Policy".
    if (/^(?:of|for)$/.test(t[to]?.lower ?? '')) {
      let j = to + 1;
      if (t[j]?.lower === 'the') j++;
      const start = j;
      while (j < t.length && orgWord(s, j) && !taken[j] && !TITLE_START.test(t[j]?.text ?? '')) j++;
      if (j > start) to = j;
      while (to > h + 1 && /^(?:of|and|the|for|&|-)$/i.test(t[to - 1]?.text ?? '')) to--;
    }
    to = extendName(s, from, to, expansions);
    // "Defense and Armed Forces Attache": the noun modifies a title, so this is no organisation.
    const next = t[to];
    if (next?.cap && TITLE_HEADS.has(next.lower) && ORG_HEADS[head.lower] === 'armed_force') continue;
    while (from < h && /^(?:the|of|and|for|&|-)$/i.test(t[from]?.text ?? '')) from++;
    const m = mention(s, from, to, h);
    if (m) {
      out.push(...perCountry(s, m));
      for (let i = from; i < to; i++) taken[i] = true;
      h = to - 1;
    }
  }
  return out;
}

/**
 * "Hindustan Aeronautics Limited", "Heavy Industries Taxila (HIT)": a company suffix, or words that
 * complete a name the text abbreviates, belong to the organisation.
 */
function extendName(s: Sent, from: number, to: number, expansions: Set<string>): number {
  const t = s.tokens;
  let end = to;
  while (/^(?:Limited|Ltd|Inc|Corporation|Corp|Pvt|Private|LLC|PLC|AG|SA|GmbH)$/.test(t[end]?.text ?? '')) end++;
  for (let k = end + 1; k <= Math.min(t.length, end + 3); k++) {
    if (!t[k - 1]?.cap) break;
    if (expansions.has(spanText(s, from, k))) end = k;
  }
  return end;
}

/** "Defence Ministries of India and UAE": one ministry per country. */
function perCountry(s: Sent, m: OrgMention): OrgMention[] {
  if (!/ministries/i.test(spanText(s, m.from, m.to))) return [m];
  const codes: string[] = [];
  for (let i = m.to + 1; i < Math.min(s.tokens.length, m.to + 8); i++) {
    const c = s.countryAt[i];
    if (c && c.from === i && c.kind !== 'city') codes.push(c.code);
    else if (!c && !/^(?:and|,|the)$/.test(s.tokens[i]?.lower ?? '')) break;
  }
  return codes.length ? codes.map((code) => ({ ...m, country: code })) : [m];
}

function orgWord(s: Sent, i: number): boolean {
  const tok = s.tokens[i];
  if (!tok || s.countryAt[i]) return false;
  if (tok.text === '&' || tok.text === '-' || tok.lower === 'of' || tok.lower === 'and' || tok.lower === 'the') return !!s.tokens[i - 1]?.cap;
  return tok.isWord && tok.cap && !/^(?:A|An|The|This|That|These|Its|Their|His|Her)$/.test(tok.text);
}

function mention(s: Sent, from: number, to: number, h: number): OrgMention | null {
  let name = spanText(s, from, to).replace(/[.,]+$/, '');
  const head = s.tokens[h]?.lower ?? '';
  const words = name.split(/\s+/);
  if (FORUM_WORDS.test(name)) return null;
  let kind = (ORG_HEADS[head] ?? (/^mod$/i.test(head) ? 'ministry' : 'other')) as OrgKind;
  const generic = words.every((w) => TITLE_WORDS.has(w.toLowerCase()) || w === '&');
  const ministry = MINISTRY_RE.test(name);
  const prefix = s.countryAt[from - 1];
  const national = !!prefix && prefix.kind !== 'city' && s.tokens[from]?.text !== "'s";
  if (ministry) name = /^Ministry/.test(name) ? name : `Ministry of ${/Defense/.test(name) ? 'Defense' : 'Defence'}`;
  // A lone "Navy" names something only with its country ("Republic of Korea Navy").
  else if (words.length < 2 && !(national && kind === 'armed_force')) {
    // "Embassy of India": a one-word organisation named by its country.
    if (!ofCountry(s, to)) return null;
    name = spanText(s, from, (s.countryAt[to + 1]?.to ?? to + 2));
  }
  // "Indian Defence Industries", "Armed Forces": generic words without a proper name.
  if (generic && !ministry && (COMPANY_KIND.has(kind) || kind === 'armed_force') && !ofCountry(s, to) && !(national && kind === 'armed_force')) return null;
  // "Maldives National Defence Force", "Sri Lanka Military Academy": the country is part of the name
  // (ministries are the exception: "Ministry of Defence" with a country slot).
  const ministryProper = /^(?:Ministry|Department|Ministries)\b/.test(name) || /\bMinistr(?:y|ies)$/.test(name);
  if (!ministryProper && national && prefix && (kind === 'armed_force' || prefix.kind === 'name')) name = `${prefix.text} ${name}`;
  if (/^(?:industry|group)$/.test(head) && words.every((w) => TITLE_WORDS.has(w.toLowerCase()) || !!countryCode(w))) return null;
  if (/\b(?:Research|Science|Scientific|Laboratory|Laboratories)\b/.test(name)) kind = 'research';
  const country = adjacentCountry(s, from, to);
  return { sent: s.index, from, to, name, country, kind, record: null, generic: false, explicit: !!country };
}

function ofCountry(s: Sent, to: number): boolean {
  return s.tokens[to]?.lower === 'of' && !!s.countryAt[to + 1];
}

/** "Israel's Ministry", "Indian Defence Ministry", "Ministry of Defence of India / , Oman / Germany". */
export function adjacentCountry(s: Sent, from: number, to: number): string | null {
  let before = from - 1;
  if (s.tokens[before]?.text === "'s") before--;
  const pre = s.countryAt[before];
  if (pre && pre.kind !== 'city') return pre.code;
  let after = to;
  if (/^(?:of|,)$/.test(s.tokens[after]?.lower ?? '')) after++;
  if (s.tokens[after]?.lower === 'the') after++;
  const post = s.countryAt[after];
  return post && post.kind !== 'city' ? post.code : null;
}

function glossed(s: Sent, end: number): boolean {
  let i = end;
  if (s.tokens[i]?.lower === 'of' && s.countryAt[i + 1]) i = (s.countryAt[i + 1]?.to ?? i + 2);
  return s.tokens[i]?.text === '(' && !!s.orgAt[i + 1];
}

/** Lower-case generic mentions: "the defence ministry said", "the national guard", "Greek defence forces". */
function lowerCaseOrgs(s: Sent, taken: boolean[]): OrgMention[] {
  const out: OrgMention[] = [];
  for (const m of s.text.matchAll(LOWER_ORG)) {
    const start = m.index ?? 0;
    const from = s.tokens.findIndex((tk) => tk.start >= start);
    if (from < 0 || taken[from]) continue;
    const to = s.tokens.findIndex((tk) => tk.start >= start + m[0].length);
    const end = to < 0 ? s.tokens.length : to;
    const ministry = /ministry/.test(m[0]);
    const country = adjacentCountry(s, from, end);
    const demonym = s.countryAt[from - 1];
    const name = ministry ? 'Ministry of Defence' : demonym && demonym.kind === 'demonym' ? `${demonym.text} ${m[0].replace(/^the /, '')}` : m[0].replace(/^the /, '');
    // Bare "armed forces" needs a country to name anyone in particular.
    if (/forces/.test(m[0]) && !country && !(demonym && demonym.kind === 'demonym')) continue;
    // "the armed forces of Israel (IDF)": a gloss of an organisation named right after it.
    if (glossed(s, end)) continue;
    const code = country ?? (demonym && demonym.kind !== 'city' ? demonym.code : null);
    out.push({ sent: s.index, from: demonym ? from - 1 : from, to: end, name, country: code, kind: ministry ? 'ministry' : 'armed_force', record: null, generic: !code, explicit: !!code });
  }
  return out;
}
