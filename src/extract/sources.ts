// Who published the story: bylines, source and credit lines, and wire agencies. The publishing
// side writes its own officials and ministry without a nationality, so it is the article's home
// country; bylines and credits name no one the story is about.
import type { Doc, Sent } from './doc.ts';

// National news agencies and press offices by country. International wires (Reuters, AFP, AP)
// have no home side and are left out.
const AGENCIES: Record<string, string> = {
  ANI: 'IND', PTI: 'IND', IANS: 'IND', UNI: 'IND', PIB: 'IND', 'Press Information Bureau': 'IND',
  APP: 'PAK', ISPR: 'PAK', BSS: 'BGD', RSS: 'NPL', Yonhap: 'KOR', KCNA: 'PRK', Kyodo: 'JPN', Jiji: 'JPN',
  Xinhua: 'CHN', TASS: 'RUS', 'RIA Novosti': 'RUS', Interfax: 'RUS', Anadolu: 'TUR', WAM: 'ARE', SPA: 'SAU',
  QNA: 'QAT', KUNA: 'KWT', ONA: 'OMN', BNA: 'BHR', MENA: 'EGY', Petra: 'JOR', IRNA: 'IRN', Bernama: 'MYS',
  Antara: 'IDN', PNA: 'PHL', VNA: 'VNM', ANA: 'GRC', 'ANA-MPA': 'GRC', AAP: 'AUS', dpa: 'DEU', ANSA: 'ITA',
  EFE: 'ESP', Lusa: 'PRT', PAP: 'POL', Ukrinform: 'UKR', BTA: 'BGR', Agerpres: 'ROU', CTK: 'CZE', TAP: 'TUN',
  MAP: 'MAR', APS: 'DZA', NAN: 'NGA', KNA: 'KEN', SANA: 'SYR', Tasnim: 'IRN', 'Cyprus News Agency': 'CYP',
  JTA: 'ISR', TPS: 'ISR',
};
const AGENCY_RE = new RegExp(`(?:^|[\\s(\\[-])(?:[Ww]ith inputs from\\s+)?(${Object.keys(AGENCIES).sort((a, b) => b.length - a.length).join('|')})(?=\\s*[)\\]]|\\s*$)`, 'm');
// "By Express News Service", "Oct. 2, 2020 | BY Jim Garamone , DOD News", "Written by ...".
const BYLINE = /(?:^|\|\s*)(?:By|BY|Written by|Reported by|Edited by)\s+\S/;
const SOURCE_LINE = /^\(?\s*(?:Source|Courtesy|Photo|Image|Credit|Posted On)s?\s*[:-]/i;

/** Paragraphs that are bylines or source and photo credits: their names are not people of the story. */
const creditCache = new WeakMap<Doc, Set<number>>();

export function creditParagraphs(doc: Doc): Set<number> {
  const cached = creditCache.get(doc);
  if (cached) return cached;
  const out = new Set<number>();
  creditCache.set(doc, out);
  const byParagraph = new Map<number, Sent[]>();
  for (const s of doc.sentences) byParagraph.set(s.paragraph, [...(byParagraph.get(s.paragraph) ?? []), s]);
  for (const [p, sentences] of byParagraph) {
    const text = sentences.map((s) => s.text).join(' ');
    const words = text.split(/\s+/).length;
    if ((BYLINE.test(text) && words <= 14) || (SOURCE_LINE.test(text) && words <= 25)) out.add(p);
  }
  return out;
}

/**
 * The publisher's country, from a source line ("(Source: Brazil Ministry of Defence; ...)"), an
 * organisation in a byline ("BY Jim Garamone, DOD News") or a national agency's tag ("(ANI)",
 * "--IANS", "(With inputs from PIB)").
 */
export function publisherCountry(doc: Doc, header: { publisher: string | null }): string | null {
  const credits = creditParagraphs(doc);
  for (const s of doc.sentences) {
    if (!credits.has(s.paragraph)) continue;
    const org = s.gazOrgs.find((o) => o.record.country);
    if (org) return org.record.country;
    const c = s.countries.find((x) => x.kind !== 'city');
    if (c && SOURCE_LINE.test(s.text)) return c.code;
  }
  if (header.publisher && AGENCIES[header.publisher]) return AGENCIES[header.publisher] ?? null;
  // "Posted On: 15 JUN 2023 by PIB Delhi": India's Press Information Bureau.
  if (doc.sentences.some((s) => /\bby PIB\b|\bPress Information Bureau\b/.test(s.text))) return 'IND';
  for (const s of doc.sentences) {
    const m = AGENCY_RE.exec(s.text);
    if (m?.[1]) return AGENCIES[m[1]] ?? null;
  }
  return null;
}

const SPEAKS = /\b(?:said|says|noted|stated|informed|announced|added|according to|in a (?:statement|release|press release)|press release)\b/i;
const DEFENCE_MINISTRY = /^(?:Ministry of (?:National )?Defen[cs]e|Defen[cs]e Ministry|MoD|MOD)$/i;

/**
 * "South Korea's Defense Ministry said", "according to Seoul's defense ministry", "the Indian
 * Ministry of Defence said in a statement": the ministry that speaks for the story is the
 * publishing side's. Only a ministry named with its country counts.
 */
export function speakingMinistry(doc: Doc, orgs: { sent: number; from: number; name: string; country: string | null; explicit: boolean }[]): string | null {
  for (const o of orgs) {
    const s = doc.sentences[o.sent];
    if (!s || !o.explicit || !o.country || !DEFENCE_MINISTRY.test(o.name) || !SPEAKS.test(s.text)) continue;
    // The country must be written with the ministry itself, not just known from elsewhere.
    if ([o.from - 2, o.from - 1, o.from].some((i) => s.countryAt[i])) return o.country;
  }
  return null;
}
