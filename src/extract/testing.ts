// Test helper: the extraction as the shared scorer reads it, without the confidence, sources and
// visit links that the extractor adds for the application.
import { extract, type ExtractOptions } from './index.ts';
import type { Extraction } from './types.ts';

const EXTRA = new Set(['confidence', 'why', 'place', 'meeting']);

function plain<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !EXTRA.has(k))) as T;
}

/** `extract` with every record reduced to the slots of SCHEMA.md. */
export function extractScored(text: string, options: ExtractOptions = {}): Extraction {
  const x = extract(text, options);
  return { source: x.source, events: x.events.map(plain), people: x.people.map(plain), organizations: x.organizations.map(plain) };
}
