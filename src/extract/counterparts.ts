// Pairs of people who met across the table ("A held talks with B", "A met B"): used only to
// settle an unknown country as the other side of the article's bilateral pair.
import type { Doc } from './doc.ts';
import type { Person } from './people.ts';
import type { RoleFinder } from './roles.ts';

const MET = /\b(?:held (?:bilateral |wide-ranging |delegation-level )?(?:talks|discussions|a meeting) with|met(?: with)?|meets|received|hosted)\b/i;

export function counterpartPairs(doc: Doc, roles: RoleFinder): [Person, Person][] {
  const out: [Person, Person][] = [];
  for (const s of doc.sentences) {
    const m = MET.exec(s.text);
    if (!m) continue;
    const at = s.tokens.findIndex((t) => t.start >= (m.index ?? 0));
    const end = s.tokens.findIndex((t) => t.start >= (m.index ?? 0) + m[0].length);
    // "A called on B and held talks with C": after "and", the verb's subject is the sentence's.
    const coordinated = /\band\s+(?:also\s+)?$/i.test(s.text.slice(Math.max(0, (m.index ?? 0) - 10), m.index ?? 0));
    const before = roles.inSpan(s.index, 0, at);
    const a = coordinated ? before[0] : before.pop();
    const b = roles.inSpan(s.index, end < 0 ? s.tokens.length : end, s.tokens.length)[0];
    if (a && b && a !== b) out.push([a, b]);
  }
  return out;
}
