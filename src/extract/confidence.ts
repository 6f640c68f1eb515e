// Calibrated confidence: the measured share of right values among values found the same way.
// confidence-model.ts holds, per record type, slot and source ("clause", "setting", "pair"...),
// how many such values `npm run extract:calibrate` found right out of how many, on the annotated
// sets; a value's confidence is that share, smoothed towards one half when the count is small.
import { CONFIDENCE_MODEL } from './confidence-model.ts';
import type { Why } from './evidence.ts';
import type { Confidence } from './types.ts';

export type RecordType = 'meeting' | 'agreement' | 'visit' | 'call_on' | 'person' | 'organization';

const blank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Right / total with add-one smoothing: 3 of 3 is 0.8, 40 of 40 is 0.98. */
function rate([right, total]: readonly [number, number]): number {
  return (right + 1) / (total + 2);
}

function lookup(type: RecordType, slot: string, kind: string | undefined): number {
  const table = CONFIDENCE_MODEL[type]?.[slot];
  if (!table) return 0.5;
  const exact = kind ? table[kind] : undefined;
  if (exact) return rate(exact);
  // An unseen source: what this slot's values are worth overall.
  let right = 0;
  let total = 0;
  for (const [r, n] of Object.values(table)) {
    right += r;
    total += n;
  }
  return rate([right, total]);
}

/** Confidence of a record and of each of its stated slots, from the sources noted in `why`. */
export function confidenceOf(type: RecordType, why: Why, record: object): Confidence {
  const slots: Record<string, number> = {};
  for (const [slot, value] of Object.entries(record)) {
    if (slot === 'type' || slot === 'confidence' || blank(value)) continue;
    slots[slot] = round(lookup(type, slot, why[slot]));
  }
  return { record: round(lookup(type, 'record', why.record)), slots };
}

const round = (x: number) => Math.round(x * 100) / 100;
