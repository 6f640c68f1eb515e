// Agreements signed: MoUs, agreements, protocols, letters of intent, roadmaps and other
// instruments (terms of reference, programmes), with title, date, place, parties and areas.
import { isBackground } from './dates.ts';
import type { Doc, Sent } from './doc.ts';
import { isGenericArea, splitList } from './lists.ts';
import type { MeetingDraft } from './meetings.ts';
import { dateNear, venueNear } from './places.ts';
import type { RoleFinder } from './roles.ts';

export type AgreementKind = 'MoU' | 'Agreement' | 'Protocol' | 'Letter of Intent' | 'Roadmap' | 'Other';

export interface AgreementDraft {
  kind: AgreementKind;
  title: string | null;
  date: string | null;
  venue: string | null;
  countries: Set<string>;
  areas: string[];
  sent: number;
}

// The instrument noun; lower-case modifiers before it are added separately ("tripartite programme").
const INSTRUMENT =
  /\b(?:Memorandum of Understanding|Memorandum of Agreement|Memorandum of [A-Z][\w-]*(?: [A-Z][\w-]*)*|memorandum of understanding|memorandum of agreement|memorandum|MoUs?|MOUs?|MoAs?|MOAs?|Letter of Intent|letter of intent|LoI|LOI|Terms of Reference|ToR|Implementing Arrangement|[Aa]greements?|pacts?|accords?|[Pp]rotocols?|[Rr]oad ?maps?|programmes?|programs?|contracts?|deals?)\b(?:\s*\((?:MoU|MOU|MoA|MOA|LoI|ToR)\))?/g;
const DATE_WORD = /\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b/;
const NOT_MODIFIER = /^(?:signed|signing|sign|have|has|had|was|were|is|are|be|the|a|an|to|of|and|in|on|with|by|for|as|that|this|which|also|between|two|both|key|new|its|their|our|said|under|existing|further)$/;

/** The instrument with up to four lower-case modifiers before it. */
function instruments(text: string): { index: number; phrase: string; end: number }[] {
  const out: { index: number; phrase: string; end: number }[] = [];
  for (const m of text.matchAll(INSTRUMENT)) {
    let start = m.index ?? 0;
    const words = text.slice(Math.max(0, start - 60), start).split(/\s+/).filter(Boolean);
    for (let k = 0; k < 4; k++) {
      const w = words[words.length - 1 - k];
      if (!w || !/^[a-z][a-z-]*$/.test(w) || NOT_MODIFIER.test(w)) break;
      start = text.lastIndexOf(w, start - 1);
    }
    out.push({ index: start, phrase: text.slice(start, (m.index ?? 0) + m[0].length), end: (m.index ?? 0) + m[0].length });
  }
  return out;
}
const SIGNED = /\b(?:sign(?:ed|ing|s)?|ink(?:ed|s)?|exchang(?:ed|ing)|conclud(?:ed|ing))\b/i;
const NOT_SIGNED = /\b(?:will|would|to sign|expected|plans? to|proposed|agreed to (?:form|implement)|formulate|towards)\b/i;
const COMPLEMENT = /^\s*(?:\([A-Za-z]{2,4}\)\s*)?((?:on|pertaining to|regarding|concerning|relating to|related to|in the fields? of|for)\s+[^,.;:]+?)(?=\s+(?:(?:which|that|between|during|was|were|is|has|have|adds?|will|would|covering|including|such as|aimed|to|worth|valued|at a cost)\b|in [A-Z]|on [A-Z][a-z]+day\b|and (?:a|an|the|[a-z]+ed)\b)|[,.;:]|$)/;
const AREA_TRIGGER =
  /\b(?:(?:(?:cooperation|collaboration) )?in (?:the )?(?:areas?|fields?|domains?|sectors?) (?:of|such as|including|like)|(?:cooperation|collaboration) in(?! the field of)|through|expand (?:their|its|the)|provides? for|provide for|covering|including)\s+([^.;]+?)(?=,? (?:thus|which|while|so as|in order|to enable|enabling)\b|[.;"]|$)/i;

/** "on Defence Industry Cooperation" → "defence industry cooperation"; "for the establishment of X" names no area. */
function topicOf(complement: string): string | null {
  const m = /^(?:on|pertaining to|regarding|concerning|relating to|related to|in the fields? of)\s+(.+)$/i.exec(complement);
  const topic = m?.[1]?.trim().replace(/^(?:the|a|an)\s+/i, '');
  if (!topic || isGenericArea(topic.replace(/^(?:mutual|bilateral)\s+/i, ''))) return null;
  // "on cooperation in the fields of X, Y and Z": the list names the areas, not this phrase.
  if (/^(?:cooperation|collaboration)\s+in\b/i.test(topic)) return null;
  return topic.toLowerCase();
}

function kindOf(phrase: string): AgreementKind {
  const p = phrase.toLowerCase();
  if (/memorandum of agreement|\bmoa\b/.test(p)) return 'Other';
  if (/memorandum|\bmou\b/.test(p)) return 'MoU';
  if (/letter of intent|\bloi\b/.test(p)) return 'Letter of Intent';
  if (/protocol/.test(p)) return 'Protocol';
  if (/road ?map/.test(p)) return 'Roadmap';
  if (/agreement|pact|accord/.test(p)) return 'Agreement';
  return 'Other';
}

/** Bare "MoU", "agreement" carry no title; a complement ("on X") or a specific name does. */
function titleOf(phrase: string, complement: string | null): string | null {
  const core = phrase.replace(/^(?:a|an|the|two|both|key|new|this|that|these|corresponding|landmark|historic|several)\s+/gi, '').trim();
  if (complement) return `${core} ${complement}`.replace(/\s+/g, ' ').trim();
  if (/^(?:memorandum of understanding|memorandum of agreement|mou|moa|loi|letter of intent|agreements?|pacts?|accords?|protocols?)(?:\s*\(\w+\))?$/i.test(core)) return null;
  if (/^(?:[a-z-]+\s+)+(?:memorandum|agreement|pact|accord|mou)/i.test(core) && !/programme|program|road ?map|plan/i.test(core)) return null;
  return core;
}

export function extractAgreements(doc: Doc, meetings: MeetingDraft[], roles: RoleFinder, pair: string[]): AgreementDraft[] {
  const out: AgreementDraft[] = [];
  let listFollows = false;
  for (const s of doc.sentences) {
    const signed = SIGNED.test(s.text) && !NOT_SIGNED.test(beforeSign(s.text)) && !historical(doc, s);
    const mentions = instruments(s.text).filter((m) => !/\b(?:nuclear|trade|peace)\b/i.test(m.phrase));
    const itemOfList = listFollows && mentions[0]?.index === 0;
    if ((signed || itemOfList) && mentions.length) {
      mentions.forEach((m, i) => {
        // "two key agreements:" announces a list; the items follow as their own sentences.
        if (/(?:agreements|mous|pacts|programmes|protocols)$/i.test(m.phrase)) {
          out.push(...counted(doc, s, m, meetings, roles, pair, out));
          return;
        }
        // "The signing of the MoU ...": a definite mention of an instrument already seen.
        const definite = /\b(?:the|this|that)\s+$/i.test(s.text.slice(Math.max(0, m.index - 5), m.index));
        if (definite && out.some((d) => d.kind === kindOf(m.phrase) || /contract|deal|agreement|pact|accord/i.test(m.phrase))) {
          refer(s, m.phrase, out);
          return;
        }
        out.push(draft(doc, s, m, mentions[i + 1]?.index ?? s.text.length, meetings, roles, pair, out));
      });
    } else if (mentions.length && out.length) {
      refer(s, mentions[0]?.phrase ?? '', out);
    }
    if (signed && /:\s*$/.test(s.text)) listFollows = true;
    else if (!itemOfList) listFollows = false;
  }
  return dedupe(out);
}

function beforeSign(text: string): string {
  const i = text.search(SIGNED);
  return text.slice(Math.max(0, i - 40), i + 12);
}

/** Signed long ago ("signing an agreement ... in 2006"): background, not news. */
function historical(doc: Doc, s: Sent): boolean {
  if (!doc.published) return false;
  const year = Number(doc.published.slice(0, 4));
  const years = [...s.text.matchAll(/\b(19\d{2}|20\d{2})\b/g)].map((m) => Number(m[1]));
  return years.length > 0 && years.every((y) => y <= year - 2) && !s.dates.some((d) => !isBackground(d.start, doc.published));
}

interface Instrument {
  index: number;
  phrase: string;
  end: number;
}

function draft(doc: Doc, s: Sent, m: Instrument, nextAt: number, meetings: MeetingDraft[], roles: RoleFinder, pair: string[], prior: AgreementDraft[]): AgreementDraft {
  const at = m.index;
  const phrase = m.phrase.trim();
  const after = s.text.slice(m.end);
  const comp = COMPLEMENT.exec(after)?.[1]?.trim() ?? null;
  const kind = kindOf(phrase);
  const d: AgreementDraft = { kind, title: titleOf(phrase, comp), date: null, venue: null, countries: new Set(), areas: [], sent: s.index };
  const topic = comp ? topicOf(comp) : null;
  if (topic) d.areas.push(topic);
  const token = s.tokens.findIndex((t) => t.start >= at);
  const date = dateNear(s, at);
  d.date = date?.start ?? null;
  d.venue = venueNear(s, token);
  const meeting = meetingFor(s, meetings);
  if (meeting) {
    d.date ??= meeting.dateStart;
    d.venue ??= meeting.venue;
  }
  // "Both sides signed ..." right after a dated sentence about the same talks.
  const context = precedingDated(doc, s);
  if (context) {
    d.date ??= context.dates.find((x) => !x.reporting)?.start ?? null;
    d.venue ??= venueNear(context, 0);
  }
  parties(doc, s, d, at, nextAt, roles);
  if (meeting && d.countries.size < 2) for (const c of meeting.countries) d.countries.add(c);
  if (prior.length && d.countries.size < 2) for (const c of prior[prior.length - 1]?.countries ?? []) d.countries.add(c);
  for (const c of pair) if (d.countries.size < 2) d.countries.add(c);
  addAreas(d, AREA_TRIGGER.exec(s.text.slice(at)));
  // "as part of the SWG on Defence Industry Cooperation": a topic named elsewhere in the sentence.
  if (!d.areas.length && !comp) {
    const named = /\bon ((?:[A-Z][\w-]*\s*){2,})/.exec(s.text)?.[1]?.trim();
    if (named && !isGenericArea(named) && !DATE_WORD.test(named)) d.areas.push(named.toLowerCase());
  }
  return d;
}

const COUNTS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8 };

/** "signed two MoUs, one on hydrography and another on training": one agreement per topic. */
function counted(doc: Doc, s: Sent, m: Instrument, meetings: MeetingDraft[], roles: RoleFinder, pair: string[], prior: AgreementDraft[]): AgreementDraft[] {
  if (/:\s*$/.test(s.text)) return [];
  // The count sits right before the noun or one adjective earlier ("two key agreements").
  const words = s.text.slice(Math.max(0, m.index - 24), m.index).trim().split(/\s+/).slice(-2).reverse();
  const n = words.map((w) => COUNTS[w.toLowerCase()] ?? (/^\d+$/.test(w) ? Number(w) : 0)).find((x) => x > 0) ?? 0;
  if (!n || n > 8) return [];
  const topics = [...s.text.slice(m.end).matchAll(/\b(?:one|another|the other|the second|the third)\s+on\s+([^,;.]+?)(?=,|;|\.|\s+and\s+(?:another|the other|one)\b|$)/gi)].map((x) => x[1]?.trim() ?? '');
  const base = { index: m.index, phrase: m.phrase.replace(/s$/, ''), end: m.end };
  return Array.from({ length: n }, (_, i) => {
    const d = draft(doc, s, base, s.text.length, meetings, roles, pair, prior);
    d.areas = topics[i] && !isGenericArea(topics[i] ?? '') ? [(topics[i] ?? '').toLowerCase()] : [];
    d.title = null;
    return d;
  });
}

/** The nearest earlier sentence (at most two back, same or previous paragraph) with an event date. */
function precedingDated(doc: Doc, s: Sent): Sent | null {
  for (let k = s.index - 1; k >= Math.max(0, s.index - 2); k--) {
    const p = doc.sentences[k];
    if (!p || p.paragraph < s.paragraph - 1) break;
    if (p.dates.some((x) => !x.reporting)) return p;
  }
  return null;
}

/** The meeting an agreement was signed at: named in the same sentence, or the article's only meeting. */
function meetingFor(s: Sent, meetings: MeetingDraft[]): MeetingDraft | null {
  const here = meetings.find((m) => m.sentences.includes(s.index));
  if (here) return here;
  return meetings.length === 1 ? (meetings[0] ?? null) : null;
}

/** Parties: "A and B signed", signatories' countries, and countries named with this instrument. */
function parties(doc: Doc, s: Sent, d: AgreementDraft, at: number, nextAt: number, roles: RoleFinder): void {
  const token = s.tokens.findIndex((t) => t.start >= at);
  const nextToken = s.tokens.findIndex((t) => t.start >= nextAt);
  for (const c of s.countries) {
    if (c.kind === 'city') continue;
    const prev = s.tokens[c.from - 1]?.lower ?? '';
    if (/^(?:in|at)$/.test(prev)) continue;
    const inOwnPart = c.from >= token && (nextToken < 0 || c.from < nextToken);
    if (c.from < token || inOwnPart) d.countries.add(c.code);
  }
  for (const p of roles.inSpan(s.index, 0, token < 0 ? s.tokens.length : token)) if (p.country) d.countries.add(p.country);
  void doc;
}

/** Items of an area list; a bare "cooperation in X" must list at least two to count. */
function addAreas(d: AgreementDraft, match: RegExpExecArray | null): void {
  if (!match?.[1]) return;
  const explicit = /\b(?:areas?|fields?|domains?|sectors?)\b/i.test(match[0].slice(0, match[0].length - match[1].length));
  const items = splitList(match[1]).filter((a) => !isGenericArea(a));
  if (items.length < 2 && !explicit) return;
  for (const a of items) if (!d.areas.includes(a)) d.areas.push(a);
}

/** A later sentence about "the MoU" / "the new agreement" / "both programmes" adds areas and a title. */
function refer(s: Sent, phrase: string, out: AgreementDraft[]): void {
  const kind = kindOf(phrase);
  const all = /\b(?:both|all)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:agreements|programmes|programs|mous|documents|pacts|instruments)\b/i.test(s.text);
  const targets = all ? out : [out.filter((d) => d.kind === kind).pop() ?? out[out.length - 1]];
  const list = AREA_TRIGGER.exec(s.text);
  for (const d of targets) {
    if (!d) continue;
    addAreas(d, list);
    // "The MoU was signed by A and B in Athens": fill what the first mention left open.
    if (SIGNED.test(s.text)) {
      d.venue ??= venueNear(s, 0);
      d.date ??= s.dates.find((x) => !x.reporting)?.start ?? null;
    }
    const m = instruments(s.text)[0];
    const comp = m ? COMPLEMENT.exec(s.text.slice(m.end))?.[1] : null;
    if (!d.title && m && comp) d.title = titleOf(m.phrase, comp.trim());
  }
}

function dedupe(list: AgreementDraft[]): AgreementDraft[] {
  const out: AgreementDraft[] = [];
  for (const d of list) {
    // Instruments listed in one sentence are distinct; repeated mentions later are not.
    const same = out.find((o) => o.sent !== d.sent && o.kind === d.kind && (o.title === d.title || !o.title || !d.title) && (o.date === d.date || !o.date || !d.date));
    if (!same) out.push(d);
    else {
      same.title ??= d.title;
      same.date ??= d.date;
      same.venue ??= d.venue;
      for (const a of d.areas) if (!same.areas.includes(a)) same.areas.push(a);
    }
  }
  return out;
}
