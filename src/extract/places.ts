// Where and when, near a given point of a sentence.
import type { FoundDate } from './dates.ts';
import type { Doc, Sent } from './doc.ts';

/** "in Tel Aviv", "at Muscat", "Dialogue, Hanoi on ...": the place nearest to token `at`. */
export function venueNear(s: Sent, at: number): string | null {
  let best: { text: string; dist: number } | null = null;
  for (const c of s.countries) {
    const prev = s.tokens[c.from - 1]?.lower ?? '';
    const isCity = c.kind === 'city';
    const ok = isCity ? /^(?:in|at|,)$/.test(prev) : prev === 'in' && s.tokens[c.to]?.text !== "'s";
    if (!ok) continue;
    // Cities outrank countries ("in Cairo, Egypt" is Cairo).
    const dist = Math.abs(c.from - at) + (c.from < at ? 3 : 0) + (isCity ? 0 : 100);
    if (!best || dist < best.dist) best = { text: c.text, dist };
  }
  return best?.text ?? null;
}

/** The venue near token `at`; "here" means the dateline place. */
export function venueIn(doc: Doc, s: Sent, at: number): string | null {
  return venueNear(s, at) ?? (/\bhere\b/.test(s.text) ? doc.dateline : null);
}

/** The nearest earlier sentence (at most two back, same or previous paragraph) with an event date. */
export function precedingDated(doc: Doc, s: Sent): Sent | null {
  for (let k = s.index - 1; k >= Math.max(0, s.index - 2); k--) {
    const p = doc.sentences[k];
    if (!p || p.paragraph < s.paragraph - 1) break;
    if (p.dates.some((x) => !x.reporting)) return p;
  }
  return null;
}

/** The dated mention nearest to character offset `pos`, preferring one after it and not a reporting date. */
export function dateNear(s: Sent, pos: number): FoundDate | null {
  let best: FoundDate | null = null;
  let bestDist = Infinity;
  for (const d of s.dates) {
    const dist = (d.index >= pos ? d.index - pos : (pos - d.index) * 1.5) + (d.reporting ? 10000 : 0);
    if (dist < bestDist) {
      bestDist = dist;
      best = d;
    }
  }
  return best;
}
