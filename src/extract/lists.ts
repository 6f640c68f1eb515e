// Areas of cooperation written as lists: "strategic dialogue, joint training, and advanced
// technologies such as AI and cyber security", "defense, strategic and military exchanges".

// Pairs joined by "and" that name one field, not two.
const COMPOUNDS = /^(?:research and development|search and rescue|humanitarian assistance and disaster relief|maintenance,? repair and overhaul|repair and overhaul|maintenance and repair|design and development|design and production|science and technology|command and control|research and ventures|equipment and materials?|material and equipment|training and education|exercises and training|production and development|procurement and production|co-production and co-development|exchange of expertise on specialised issues)$/i;
const FILLER = /^(?:more|others?|other areas|so on|etc\.?|many more|other fields|the like)$/i;
// Phrases too general to count as an area of a defence agreement.
const GENERIC = /^(?:(?:bilateral |mutual )?defen[cs]e(?: cooperation| co-operation)?|cooperation(?: in the field of defen[cs]e)?|bilateral cooperation|mutual interest|all sectors of mutual interest)$/i;

export function isGenericArea(area: string): boolean {
  return GENERIC.test(area.trim());
}

/** Splits a written list into lower-case items. */
export function splitList(text: string): string[] {
  const all = text
    .replace(/\s+/g, ' ')
    .split(/\s*(?:,|;)\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
  // ", the ministry said": a reporting clause ends the list.
  const stop = all.findIndex((seg) => /\b(?:said|says|added|stated|noted|according to|announced)\b/i.test(seg));
  const segments = stop >= 0 ? all.slice(0, stop) : all;
  const items: string[] = [];
  segments.forEach((seg, i) => {
    let s = seg.replace(/^(?:and|or)\s+/i, '');
    // "advanced technologies such as X": the examples stand for the umbrella term.
    const such = /\b(?:such as|including|like|namely)\s+(.*)$/i.exec(s);
    if (such?.[1]) s = such[1];
    const isLast = i === segments.length - 1;
    if (isLast && !/^(?:and|or)\s/i.test(seg) && / and /i.test(s) && !COMPOUNDS.test(s)) {
      const parts = s.split(/\s+and\s+/i);
      items.push(...parts);
    } else items.push(s);
  });
  const cleaned = items
    .map((s) => s.toLowerCase().replace(/^(?:the|a|an|their|its|our)\s+/, '').replace(/[."'”)]+$/, '').trim())
    .filter((s) => s && !FILLER.test(s) && s.split(' ').length <= 8);
  return distribute(cleaned);
}

// Single words that modify a shared noun ("strategic", "military", "defence").
const ADJECTIVE = /^(?:[a-z-]+(?:al|ic|ary|ive|ous|ian|ese)|defen[cs]e|cyber|space|air|land|sea|naval|security)$/;

/** "defense, strategic and military exchanges" → each adjective takes the shared noun. */
function distribute(items: string[]): string[] {
  if (items.length < 2) return items;
  const last = items[items.length - 1] ?? '';
  const lastWords = last.split(' ');
  const heads = items.slice(0, -1);
  if (lastWords.length !== 2 || !heads.every((h) => ADJECTIVE.test(h))) return items;
  const noun = lastWords[1] ?? '';
  return [...heads.map((h) => `${h} ${noun}`), last];
}
