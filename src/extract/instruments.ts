// Agreement instruments as written: the noun phrase ("Memorandum of Understanding (MoU)",
// "bilateral defence cooperation programme"), its kind, its title and the areas it covers.
import { countryCode } from './countries.ts';
import { isGenericArea, splitList } from './lists.ts';

export type AgreementKind = 'MoU' | 'Agreement' | 'Protocol' | 'Letter of Intent' | 'Roadmap' | 'Other';

export interface Instrument {
  /** Offset of the phrase (with its modifiers) in the sentence. */
  index: number;
  phrase: string;
  end: number;
}

// The instrument noun; lower-case modifiers before it are added separately ("tripartite programme").
const INSTRUMENT =
  /\b(?:Memorandum of Understanding|Memorandum of Agreement|Memorandum of [A-Z][\w-]*(?: [A-Z][\w-]*)*|memorandum of understanding|memorandum of agreement|memorandum|Memoranda of Understanding|memoranda of understanding|MoUs?|MOUs?|MoAs?|MOAs?|Letter of Intent|letter of intent|LoI|LOI|Terms of Reference|ToR|Implementing Arrangement|implementing arrangement|Letter of (?:Arrangement|Commitment|Offer and Acceptance)|Statement of Intent|Declaration of Intent|Technical Arrangement|Arrangement|[Ii]mplementation [Aa]greement|[Aa]greements?|pacts?|accords?|[Pp]rotocols?|[Rr]oad ?maps?|programmes?|programs?|contracts?|deals?)\b(?:\s*\((?:MoU|MOU|MoA|MOA|LoI|ToR)\))?/g;
const NOT_MODIFIER = /^(?:or|nor|signed|signing|sign|signs|ink|inks|inked|seal|seals|sealed|exchange|exchanged|conclude|concluded|have|has|had|was|were|is|are|be|the|a|an|to|of|and|in|on|with|by|for|as|that|this|which|also|between|two|both|key|new|its|their|our|said|under|existing|further)$/;
// Instruments outside defence cooperation that news mentions in passing.
const UNRELATED = /\b(?:nuclear|trade|peace)\b/i;

/** Instruments in a sentence, each with up to four lower-case modifiers before it. */
export function instruments(text: string): Instrument[] {
  const out: Instrument[] = [];
  for (const m of text.matchAll(INSTRUMENT)) {
    const end = (m.index ?? 0) + m[0].length;
    let start = m.index ?? 0;
    const words = text.slice(Math.max(0, start - 60), start).split(/\s+/).filter(Boolean);
    // "a new Defence Cooperation Agreement", "the Trinity House Agreement": capitalised words right
    // before the noun make its formal name (not a sentence's first word, not a country pair).
    if (/^[A-Z]/.test(m[0]) && /^(?:Agreement|Protocol|Road ?map|Pact|Accord|Treaty|Arrangement)/.test(m[0])) {
      let k = 0;
      while (k < 7) {
        const w = words[words.length - 1 - k];
        // "Security of Supply Arrangement": a connector between capitalised words stays in the name.
        const connector = !!w && /^(?:of|and|&|for|on)$/.test(w) && /^[A-Z]/.test(words[words.length - 2 - k] ?? '') && k > 0;
        if (!w || (!connector && (!/^[A-Z][\w&-]*$/.test(w) || /^(?:The|A|An|This|That|Its|Their|New)$/.test(w) || countryCode(w.replace(/-.*/, ''))))) break;
        k++;
      }
      while (k > 0 && /^(?:of|and|&|for|on)$/.test(words[words.length - k] ?? '')) k--;
      // A capitalised word that opens the sentence is not part of a name unless more follow.
      if (k > 0 && words.length === k && k === 1) k = 0;
      for (let n = 0; n < k; n++) start = text.lastIndexOf(words[words.length - 1 - n] ?? '', start - 1);
      if (k > 0) {
        const phrase = text.slice(start, end);
        if (!UNRELATED.test(phrase)) out.push({ index: start, phrase, end });
        continue;
      }
    }
    for (let k = 0; k < 4; k++) {
      const w = words[words.length - 1 - k];
      if (!w || !/^[a-z][a-z-]*$/.test(w) || NOT_MODIFIER.test(w)) break;
      start = text.lastIndexOf(w, start - 1);
    }
    const phrase = text.slice(start, end);
    if (!UNRELATED.test(phrase)) out.push({ index: start, phrase, end });
  }
  return out;
}

export function isPlural(i: Instrument): boolean {
  return /(?:agreements|mous|moas|pacts|programmes|programs|protocols|contracts|deals|memoranda of understanding)$/i.test(i.phrase);
}

export function kindOf(phrase: string): AgreementKind {
  const p = phrase.toLowerCase();
  if (/memorandum of agreement|\bmoas?\b/.test(p)) return 'Other';
  if (/memorand|\bmous?\b/.test(p)) return 'MoU';
  if (/letter of intent|\bloi\b/.test(p)) return 'Letter of Intent';
  if (/protocol/.test(p)) return 'Protocol';
  if (/road ?map/.test(p)) return 'Roadmap';
  if (/agreement|pact|accord/.test(p) && !/implementation agreement/.test(p)) return 'Agreement';
  return 'Other';
}

// "on X", "pertaining to X", "for X" right after the instrument, up to where the clause moves on.
const COMPLEMENT =
  /^\s*(?:\([A-Za-z]{2,4}\)\s*)?((?:on|pertaining to|regarding|concerning|relating to|related to|in the fields? of|for)\s+[^,.;:]+?)(?=\s+(?:(?:which|that|between|during|was|were|is|has|have|adds?|will|would|covering|including|such as|aimed|to|worth|valued|at a cost)\b|in [A-Z]|on [A-Z][a-z]+day\b|and (?:a|an|the|[a-z]+ed)\b)|[,.;:]|$)/;

/** The complement written right after the instrument ("on Defence Industry Cooperation"), if any. */
export function complementOf(text: string, i: Instrument): string | null {
  return COMPLEMENT.exec(text.slice(i.end))?.[1]?.trim() ?? null;
}

/** Bare "MoU" or "agreement" carries no title; a complement ("on X") or a specific name does. */
export function titleOf(phrase: string, complement: string | null): string | null {
  const core = phrase.replace(/^(?:a|an|the|two|both|key|new|this|that|these|corresponding|landmark|historic|several)\s+/gi, '').trim();
  if (complement) return `${core} ${complement}`.replace(/\s+/g, ' ').trim();
  if (/^(?:memorandum of understanding|memorandum of agreement|mou|moa|loi|letter of intent|agreements?|pacts?|accords?|protocols?|contracts?|deals?)(?:\s*\(\w+\))?$/i.test(core)) return null;
  // "defense memorandum of understanding", "the defense cooperation road map": lower-case modifiers
  // describe a document without naming it; a programme's or plan's (kind Other) carry its type.
  if (/^(?:[a-z-]+\s+)+(?:memorandum|agreement|pact|accord|mou|contract|deal|road ?map|protocol|letter of intent)\b/.test(core)) return null;
  return core;
}

/** "on Defence Industry Cooperation" → "defence industry cooperation"; "for the establishment of X" names no area. */
export function topicOf(complement: string): string | null {
  const m = /^(?:on|pertaining to|regarding|concerning|relating to|related to|in the fields? of)\s+(.+)$/i.exec(complement);
  const topic = m?.[1]?.trim().replace(/^(?:the|a|an)\s+/i, '');
  if (!topic || isGenericArea(topic.replace(/^(?:mutual|bilateral)\s+/i, ''))) return null;
  // "on the establishment of the Strategic Affairs Working Group" states a purpose, not an area.
  if (/^(?:the\s+)?(?:establishment|formation|creation|setting up|constitution|launch) of\b/i.test(topic)) return null;
  // "on cooperation in the fields of X, Y and Z": the list names the areas, not this phrase; a single
  // field ("on cooperation in space situational awareness") is the topic.
  const field = /^(?:cooperation|collaboration)\s+in\s+(?:the\s+)?(?:(?:areas?|fields?|domains?) of\s+)?(.+)$/i.exec(topic)?.[1];
  if (field) return /,|\band\b/.test(field) || isGenericArea(field) ? null : field.toLowerCase();
  return topic.toLowerCase();
}

const AREA_TRIGGER =
  /\b(?:(?:(?:cooperation|collaboration) )?in (?:the )?(?:areas?|fields?|domains?|sectors?) (?:of|such as|including|like)|(?:cooperation|collaboration) in|through|expand (?:their|its|the)|provides? for|provide for|covering|covers|cover|spans|including)\s+([^.;]+?)(?=,? (?:thus|which|while|so as|in order|to enable|enabling|between|in the presence|during|was signed|were signed)\b|[.;"]|$)/i;

/**
 * Areas listed in a sentence ("cooperation in the fields of X, Y and Z", "covering X and Y",
 * "expand their A, B and C exchanges"). A bare "cooperation in X" must list two or more.
 */
export function listedAreas(text: string): string[] {
  const match = AREA_TRIGGER.exec(text);
  if (!match?.[1]) return [];
  const explicit = /\b(?:areas?|fields?|domains?|sectors?)\b/i.test(match[0].slice(0, match[0].length - match[1].length));
  const items = splitList(match[1]).filter((a) => !isGenericArea(a));
  return items.length < 2 && !explicit ? [] : items;
}
