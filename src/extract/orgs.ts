// Organisation mentions: gazetteer entries, ministries ("Defence Ministry", "Ministry of
// Defence of India"), and capitalised phrases ending in an organisation noun
// ("Force Development Authority", "Western Naval Command").
import { spanText, type Doc, type Sent } from './doc.ts';
import { findForums } from './forums.ts';
import { postNominal, rankEndingAt } from './names.ts';
import { creditParagraphs } from './sources.ts';
import type { Why } from './evidence.ts';
import type { OrgKind, OrgRecord } from './gazetteer.ts';
import { CAP_STOPWORDS, ORG_HEADS, TITLE_HEADS, TITLE_WORDS } from './lexicon.ts';
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
  /** Where the mention, its country and kind came from. */
  why: Why;
}

const MINISTRY_RE = /^(?:Ministry of (?:National )?Defen[cs]e|Defen[cs]e Ministr(?:y|ies)|MoD|MOD)$/;
const LOWER_ORG = /\b(?:(?:the )?(?:defen[cs]e|armed forces) ministry|(?:the )?national guard|(?:armed|defen[cs]e) forces)\b/g;
const FORUM_WORDS = /\b(?:(?:Working|Advisory|Policy|Steering|Planning|Contact|Study|Expert|Coordination|Cooperation|Consultative|Task) Groups?|Committee|Dialogue|Commission|Council|Memorial|Forum|Task Force)\b/;
const COMPANY_KIND = new Set(['company']);
// Words that begin a post, ending an organisation name before it ("Ministry of Defence Joint Secretary").
const TITLE_START = /^(?:Joint|Deputy|Additional|Principal|Permanent|Director|Director-General|Spokesperson|Minister)$/;

/** nameTokens[sentence][token]: the token belongs to a person's name. */
export function findOrgMentions(doc: Doc, nameTokens: boolean[][]): OrgMention[] {
  const out: OrgMention[] = [];
  const expansions = new Set(doc.abbreviations.values());
  const credits = creditParagraphs(doc);
  // A forum's own name ("Committee on Cooperation in the Fields of Defense") holds no organisation.
  const forumTokens = new Map<number, Set<number>>();
  for (const f of findForums(doc)) {
    const set = forumTokens.get(f.sent) ?? new Set<number>();
    for (let i = f.from; i < f.to; i++) set.add(i);
    forumTokens.set(f.sent, set);
  }
  for (const s of doc.sentences) {
    if (credits.has(s.paragraph)) continue;
    const names = nameTokens[s.index] ?? [];
    const taken = [...(nameTokens[s.index] ?? new Array<boolean>(s.tokens.length).fill(false))];
    for (const i of forumTokens.get(s.index) ?? []) taken[i] = true;
    for (const g of s.gazOrgs) {
      if (modifierAcronym(s, g) || postNominalAfterName(s, g.from, names)) continue;
      // "Department of Defence, Australia": a ministry's generic name belongs to the country written with it.
      const written = GENERIC_MINISTRY.test(g.text) ? adjacentCountry(s, g.from, g.to) : null;
      const country = written ?? g.record.country;
      out.push({ sent: s.index, from: g.from, to: g.to, name: displayName(g.text, g.record), country, kind: g.record.kind, record: written && written !== g.record.country ? null : g.record, generic: false, explicit: !!country, why: { record: 'known', kind: 'known' } });
      for (let i = g.from; i < g.to; i++) taken[i] = true;
    }
    out.push(...patternOrgs(s, taken, expansions), ...lowerCaseOrgs(s, taken), ...headFirst(s, taken));
  }
  out.push(...theMinistry(doc, out, credits));
  return out;
}

/**
 * "..., the ministry said": in a defence story that names no other ministry, a bare "the ministry"
 * speaking for it is the Defence Ministry of the publishing side.
 */
function theMinistry(doc: Doc, found: OrgMention[], credits: Set<number>): OrgMention[] {
  if (found.some((o) => o.kind === 'ministry')) return [];
  const all = doc.sentences.map((s) => s.text).join(' ');
  if (/\bMinistry of (?!Defen[cs]e)|\b(?:Foreign|External|Home|Interior|Finance|Trade) Ministry\b/i.test(all) || !/\bDefen[cs]e\b/i.test(all)) return [];
  for (const s of doc.sentences) {
    if (credits.has(s.paragraph)) continue;
    const m = /\b(?:the|The) ministry\b(?! of)/.exec(s.text);
    if (!m) continue;
    const from = s.tokens.findIndex((t) => t.start >= (m.index ?? 0) + 4);
    if (from < 0) continue;
    return [{ sent: s.index, from, to: from + 1, name: 'Ministry of Defence', country: null, kind: 'ministry', record: null, generic: true, explicit: false, why: { record: 'bare', kind: 'head' } }];
  }
  return [];
}

/** "Camp Asaka", "Fort Bragg": military posts named head first. */
function headFirst(s: Sent, taken: boolean[]): OrgMention[] {
  const out: OrgMention[] = [];
  const t = s.tokens;
  for (let i = 0; i + 1 < t.length; i++) {
    if (!/^(?:Camp|Fort)$/.test(t[i]?.text ?? '') || taken[i] || i === 0) continue;
    let j = i + 1;
    while (j < t.length && t[j]?.isWord && t[j]?.cap && !taken[j] && !s.countryAt[j]) j++;
    if (j === i + 1) continue;
    const owner = s.tokens[i - 1]?.text === "'s" ? s.orgAt[i - 2] : undefined;
    out.push({ sent: s.index, from: i, to: j, name: spanText(s, i, j), country: owner?.record.country ?? null, kind: 'armed_force', record: null, generic: false, explicit: !!owner?.record.country, why: { record: 'head-first', kind: 'head' } });
    for (let k = i; k < j; k++) taken[k] = true;
    i = j - 1;
  }
  return out;
}

/** "Admiral David Johnston AC RAN": service letters after a name are no mention of the service. */
function postNominalAfterName(s: Sent, from: number, names: boolean[]): boolean {
  if (!s.tokens[from]?.upper) return false;
  let j = from - 1;
  while (j >= 0 && !names[j] && postNominal(s.tokens[j]?.text ?? '')) j--;
  return j >= 0 && names[j] === true;
}

/** "UN peacekeeping operations": a multilateral body's short acronym used as a modifier names no partner. */
function modifierAcronym(s: Sent, g: { from: number; to: number; text: string; record: OrgRecord }): boolean {
  if (g.record.country !== null || g.text.replace(/\./g, '').length > 2 || g.to - g.from !== 1) return false;
  const next = s.tokens[g.to];
  return !!next && next.isWord && !next.cap && !/^(?:and|or|said|says|has|have|had|is|was|were|are|will|would|to|in|on|of|for|with|at|as|member|members)$/.test(next.lower);
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
    // "Major General Staff" is a rank; "Eastern Fleet Command" ends at its last head noun.
    if (rankEndingAt(s, h) > 0 || (t[h + 1]?.cap && (t[h + 1]?.lower ?? '') in ORG_HEADS && !taken[h + 1])) continue;
    let from = h;
    while (from > 0 && orgWord(s, from - 1) && !taken[from - 1]) from--;
    let to = h + 1;
    // "Department of Defence Production", "Office of the Under Secretary of War for Policy".
    if (/^(?:of|for)$/.test(t[to]?.lower ?? '')) {
      let j = to + 1;
      if (t[j]?.lower === 'the') j++;
      const start = j;
      while (j < t.length && orgWord(s, j, true) && !taken[j] && !TITLE_START.test(t[j]?.text ?? '') && !nestedOrg(s, j)) j++;
      if (j > start) to = j;
      while (to > h + 1 && /^(?:of|and|the|for|&|-)$/i.test(t[to - 1]?.text ?? '')) to--;
    }
    to = extendName(s, from, to, expansions);
    // "Defense and Armed Forces Attache": generic service words modify a title, so this is no
    // organisation; "Brazilian Air Force Commander" still names the Brazilian Air Force.
    const next = t[to];
    const proper = !!s.countryAt[from - 1] || t.slice(from, to).some((x) => x.cap && !TITLE_WORDS.has(x.lower)) || /\b(?:General|Joint) Staff\b|\bChiefs of Staff\b/.test(spanText(s, from, to));
    if (next?.cap && TITLE_HEADS.has(next.lower) && ORG_HEADS[head.lower] === 'armed_force' && !proper) continue;
    // "Secretary General of Ministry of Defence": the post before it is not part of the name.
    while (from < h) {
      if (/^(?:the|of|and|for|&|-)$/i.test(t[from]?.text ?? '')) from++;
      else if (LEADING_POST.test(t[from]?.text ?? '')) from += t[from + 1]?.text === 'General' ? 2 : 1;
      else break;
    }
    if (NOT_ORG.test(spanText(s, from, to)) || buildingVenue(s, from, h)) continue;
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
  // "our Ministries of Defence" names no ministry in particular.
  if (!m.country && !s.countryAt.slice(m.to, m.to + 8).some(Boolean)) return [];
  const codes: string[] = [];
  for (let i = m.to + 1; i < Math.min(s.tokens.length, m.to + 8); i++) {
    const c = s.countryAt[i];
    if (c && c.from === i && c.kind !== 'city') codes.push(c.code);
    else if (!c && !/^(?:and|,|the)$/.test(s.tokens[i]?.lower ?? '')) break;
  }
  return codes.length ? codes.map((code) => ({ ...m, country: code, why: { ...m.why } })) : [m];
}

function orgWord(s: Sent, i: number, forward = false): boolean {
  const tok = s.tokens[i];
  if (!tok || s.countryAt[i]) return false;
  // "of the" inside a name, read forward from its head: "Directorate of the General Staff of the Armed Forces".
  if (forward && tok.lower === 'the' && s.tokens[i - 1]?.lower === 'of' && s.tokens[i - 2]?.cap) return !!s.tokens[i + 1]?.cap;
  if (tok.text === '&' || tok.text === '-' || tok.lower === 'of' || tok.lower === 'and' || tok.lower === 'the') return !!s.tokens[i - 1]?.cap;
  // An ordinal opens unit names ("3rd Flying Training Wing").
  if (/^\d+(?:st|nd|rd|th)$/.test(tok.text)) return !!s.tokens[i + 1]?.cap;
  return tok.isWord && tok.cap && !CAP_STOPWORDS.has(tok.lower) && !/^(?:A|An|The|This|That|These|Its|Their|His|Her)$/.test(tok.text);
}

/** "... Cooperation of the Ministry of Defence": a ministry after "of (the)" is an organisation of its own. */
function nestedOrg(s: Sent, j: number): boolean {
  const t = s.tokens;
  if (t[j]?.lower !== 'of') return false;
  const k = t[j + 1]?.lower === 'the' ? j + 2 : j + 1;
  return ORG_HEADS[t[k]?.lower ?? ''] === 'ministry' && t[k + 1]?.lower === 'of' && !!t[k]?.cap;
}

// Posts written before an organisation's name ("Secretary General of Ministry of Defence").
const LEADING_POST = /^(?:Secretary|Secretary-General|Minister|Director|Director-General|Chief|Head|Deputy|Spokesperson|Ambassador|President|Chairman|Chairperson|Advisor|Adviser|Attache)$/;

// Ministries whose names many countries share.
const GENERIC_MINISTRY = /^(?:Ministry|Department) of (?:National )?Defen[cs]e$/;

// Ceremonies and honours that look like organisations.
const NOT_ORG = /^(?:Guard of Hono(?:u)?r|Guards? of Hono(?:u)?r)$/i;

/** "held at Manekshaw Centre in New Delhi": a hall or centre where a meeting sat is its venue, not a party. */
function buildingVenue(s: Sent, from: number, h: number): boolean {
  const before = s.tokens[from - 1]?.lower === 'the' ? s.tokens[from - 2] : s.tokens[from - 1];
  return /^(?:centre|center|hall|auditorium|hotel|complex|bhawan|bhavan)$/.test(s.tokens[h]?.lower ?? '') && /^(?:at|in)$/.test(before?.lower ?? '') && !s.orgAt[h];
}

function mention(s: Sent, from: number, to: number, h: number): OrgMention | null {
  let name = spanText(s, from, to).replace(/[.,]+$/, '');
  const head = s.tokens[h]?.lower ?? '';
  const words = name.split(/\s+/);
  // "High Commission" is a diplomatic mission, not a forum.
  const mission = /\bHigh Commission$/.test(name);
  if (FORUM_WORDS.test(name) && !mission) return null;
  let kind = (mission ? 'other' : (ORG_HEADS[head] ?? (/^mod$/i.test(head) ? 'ministry' : 'other'))) as OrgKind;
  // A bracketed acronym after it makes even plain words a proper name ("Joint Staff of the Armed Forces (EMCFA)").
  const glossedAcronym = s.tokens[to]?.text === '(' && !!s.tokens[to + 1]?.upper && s.tokens[to + 2]?.text === ')';
  const generic = !glossedAcronym && words.every((w) => TITLE_WORDS.has(w.toLowerCase()) || w === '&');
  const ministry = MINISTRY_RE.test(name);
  const prefix = s.countryAt[from - 1];
  const national = !!prefix && prefix.kind !== 'city' && s.tokens[from]?.text !== "'s";
  // "Colombo Dockyard", "Goa Shipyard": a city right before a company or facility is part of its name.
  if (prefix?.kind === 'city' && !ministry && kind !== 'ministry' && kind !== 'armed_force' && s.tokens[from - 2]?.text !== ',' && !/^(?:in|at|to|from)$/.test(s.tokens[prefix.from - 1]?.lower ?? '')) {
    return { sent: s.index, from: from - 1, to, name: `${prefix.text} ${name}`, country: prefix.code, kind, record: null, generic: false, explicit: true, why: { record: 'pattern', kind: 'head' } };
  }
  if (ministry) name = /^Ministry/.test(name) ? name : `Ministry of ${/Defense/.test(name) ? 'Defense' : 'Defence'}`;
  // A lone "Navy" names something only with its country ("Republic of Korea Navy").
  else if (words.length < 2 && !(national && (kind === 'armed_force' || mission))) {
    // "Embassy of India": a one-word organisation named by its country.
    if (!ofCountry(s, to)) return null;
    name = spanText(s, from, (s.countryAt[to + 1]?.to ?? to + 2));
  }
  // "Indian Defence Industries", "Armed Forces": generic words without a proper name.
  // A command, fleet or corps is named by its words ("Southern Command", "Joint Operations Command").
  const unit = /^(?:command|fleet|corps|staff|guard)$/.test(head);
  if (generic && !unit && !mission && !ministry && (COMPANY_KIND.has(kind) || kind === 'armed_force') && !ofCountry(s, to) && !(national && kind === 'armed_force')) return null;
  // "Maldives National Defence Force", "Sri Lanka Military Academy", "Indian High Commission": the
  // country is part of the name (ministries are the exception: "Ministry of Defence" with a country slot).
  const ministryProper = /^(?:Ministry|Department|Ministries)\b/.test(name) || /\bMinistr(?:y|ies)$/.test(name);
  if (!ministryProper && national && prefix && (kind === 'armed_force' || prefix.kind === 'name' || mission)) name = `${prefix.text} ${name}`;
  if (/^(?:industry|group)$/.test(head) && words.every((w) => TITLE_WORDS.has(w.toLowerCase()) || !!countryCode(w))) return null;
  if (/\b(?:Research|Science|Scientific|Laboratory|Laboratories)\b/.test(name)) kind = 'research';
  // "Main Operational Directorate of the General Staff": part of the armed forces, whatever its head noun.
  else if (kind === 'ministry' && /\bof (?:the )?(?:General Staff|Joint Staff|Armed Forces|Army|Navy|Air Force)\b/.test(name)) kind = 'armed_force';
  // "Staff" names a headquarters only as "General Staff" or "Joint Staff" ("Chief of Army Staff" is a post).
  if (head === 'staff' && !/\b(?:General|Joint) Staff\b|\bChiefs of Staff\b/.test(name)) return null;
  const country = adjacentCountry(s, from, to) ?? locatedIn(s, to, head);
  return { sent: s.index, from, to, name, country, kind, record: null, generic: false, explicit: !!country, why: { record: 'pattern', kind: 'head' } };
}

const FACILITY = /^(?:barracks|base|shipyards?|dockyard|centre|center|academy|college|plant|factory|works|laboratory|laboratories|establishment|headquarters)$/;

/** "Victoria Barracks in Melbourne, Australia": a facility lies in the country of the place after it. */
function locatedIn(s: Sent, to: number, head: string): string | null {
  if (!FACILITY.test(head) || s.tokens[to]?.lower !== 'in') return null;
  const place = s.countryAt[to + 1];
  return place ? place.code : null;
}

function ofCountry(s: Sent, to: number): boolean {
  return s.tokens[to]?.lower === 'of' && !!s.countryAt[to + 1];
}

/** "Israel's Ministry", "Indian Defence Ministry", "Ministry of Defence of India / , Oman / Germany". */
export function adjacentCountry(s: Sent, from: number, to: number): string | null {
  let before = from - 1;
  const possessive = s.tokens[before]?.text === "'s";
  if (possessive) before--;
  const pre = s.countryAt[before];
  // "Seoul's defense ministry": a capital's possessive names its government.
  if (pre && (pre.kind !== 'city' || possessive)) return pre.code;
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
    const armedForcesMinistry = /armed forces ministry/.test(m[0]);
    const country = adjacentCountry(s, from, end);
    const demonym = s.countryAt[from - 1];
    const name = armedForcesMinistry ? 'Ministry of the Armed Forces' : ministry ? 'Ministry of Defence' : demonym && demonym.kind === 'demonym' ? `${demonym.text} ${m[0].replace(/^the /, '')}` : m[0].replace(/^the /, '');
    // Bare "armed forces" needs a country to name anyone in particular.
    if (/forces/.test(m[0]) && !country && !(demonym && demonym.kind === 'demonym')) continue;
    // "the armed forces of Israel (IDF)": a gloss of an organisation named right after it.
    if (glossed(s, end)) continue;
    const code = country ?? (demonym && demonym.kind !== 'city' ? demonym.code : null);
    out.push({ sent: s.index, from: demonym ? from - 1 : from, to: end, name, country: code, kind: ministry ? 'ministry' : 'armed_force', record: null, generic: !code, explicit: !!code, why: { record: 'lower-case', kind: 'head' } });
  }
  return out;
}
