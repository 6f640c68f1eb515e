// Builds confidence-model.ts: for each record type, slot and source of a value, how many values
// found that way are right, on the annotated sets the rules were developed on (shared dev/ and the
// project's own testdata sets). dev-b/ is held out: the script reports how well the model's
// confidences match what is right there (a reliability table and the Brier score).
//   npm run extract:calibrate
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { corpusArticles, setDir } from './corpus.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extract } from './index.ts';
import type { Confidence, Extraction } from './types.ts';

const TRAIN = ['dev', 'testdata/own', 'testdata/own-b', 'testdata/own-c', 'testdata/own-d'];
const HELD_OUT = 'dev-b';
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The shared scorer's comparison (score.mjs), restated: token overlap for free text, exact otherwise.
const EVENT_SLOTS: Record<string, string[]> = {
  meeting: ['forum', 'sequence', 'date_start', 'date_end', 'venue', 'countries', 'co_chairs'],
  agreement: ['kind', 'title', 'date', 'venue', 'countries', 'areas'],
  visit: ['date_start', 'date_end', 'visitor', 'delegation_country', 'host_country', 'hosts', 'purpose'],
  call_on: ['date', 'visitor', 'host'],
};
const FUZZY = new Set(['forum', 'title', 'venue', 'purpose', 'hosts', 'areas', 'name', 'visitor', 'host', 'co_chairs']);
type Rec = Record<string, unknown>;

function norm(v: unknown): string {
  return String(v)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/defense/g, 'defence')
    .replace(/\b(the|of|and|on|for|in|ltd|limited|inc|pvt|private)\b/g, ' ')
    .replace(/[^a-z0-9\u0590-\u05ff\u0900-\u097f]+/g, ' ')
    .trim();
}
const tokens = (v: unknown) => new Set(norm(v).split(' ').filter(Boolean));
function same(slot: string, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  if (!FUZZY.has(slot)) return norm(a) === norm(b);
  const ta = tokens(a);
  const tb = tokens(b);
  if (!ta.size || !tb.size) return false;
  let inter = 0;
  for (const t of ta) if (tb.has(t)) inter++;
  return (2 * inter) / (ta.size + tb.size) >= 0.6 || inter === Math.min(ta.size, tb.size);
}
const blank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Right values among a predicted slot's values (each list element counts), and how many there were. */
function slotHits(slot: string, g: unknown, p: unknown): [number, number] {
  if (Array.isArray(p)) {
    const gl = blank(g) ? [] : ([] as unknown[]).concat(g);
    const used = new Set<number>();
    let right = 0;
    for (const pv of p) {
      const j = gl.findIndex((gv, k) => !used.has(k) && same(slot, gv, pv));
      if (j >= 0) {
        used.add(j);
        right++;
      }
    }
    return [right, p.length];
  }
  return [same(slot, g, p) ? 1 : 0, 1];
}

function slotsOf(kind: string, r: Rec): string[] {
  return kind === 'people' ? ['name', 'title', 'country'] : kind === 'organizations' ? ['name', 'country', 'kind'] : ['type', ...(EVENT_SLOTS[String(r.type)] ?? [])];
}
function agreeing(kind: string, g: Rec, p: Rec): number {
  let n = 0;
  for (const s of slotsOf(kind, g)) if (!blank(p[s])) n += slotHits(s, g[s], p[s])[0];
  return n;
}

/** The scorer's greedy alignment of predicted records to gold ones. */
function align(kind: string, gold: Rec[], pred: Rec[]): Map<number, number> {
  const pairs: { i: number; j: number; s: number }[] = [];
  gold.forEach((g, i) =>
    pred.forEach((p, j) => {
      if (kind === 'events' && g.type !== p.type) return;
      if (kind !== 'events' && !same('name', g.name, p.name)) return;
      pairs.push({ i, j, s: agreeing(kind, g, p) });
    }),
  );
  pairs.sort((a, b) => b.s - a.s);
  const gi = new Set<number>();
  const out = new Map<number, number>();
  for (const { i, j, s } of pairs) {
    if (gi.has(i) || out.has(j) || s === 0) continue;
    gi.add(i);
    out.set(j, i);
  }
  return out;
}

const TYPE_OF: Record<string, string> = { people: 'person', organizations: 'organization' };

interface Outcome {
  type: string;
  slot: string;
  source: string;
  right: number;
  total: number;
  confidence: number;
}

/** Every predicted record and slot of a set, with its source, its confidence and whether it is right. */
function outcomes(set: string, sources: boolean): Outcome[] {
  const out: Outcome[] = [];
  for (const { file, text } of corpusArticles(set)) {
    const gold = JSON.parse(readFileSync(join(setDir(set), file.replace(/\.txt$/, '.json')), 'utf8')) as Record<string, Rec[]>;
    const pred = extract(text, { explain: sources }) as Extraction & Record<string, Rec[]>;
    for (const kind of ['events', 'people', 'organizations']) {
      const g = gold[kind] ?? [];
      const p = (pred[kind] ?? []) as Rec[];
      const matched = align(kind, g, p);
      p.forEach((rec, j) => {
        const type = TYPE_OF[kind] ?? String(rec.type);
        const why = (rec.why ?? {}) as Record<string, string>;
        const conf = rec.confidence as Confidence | undefined;
        const gi = matched.get(j);
        out.push({ type, slot: 'record', source: why.record ?? '', right: gi === undefined ? 0 : 1, total: 1, confidence: conf?.record ?? 0.5 });
        for (const slot of slotsOf(kind, rec)) {
          if (slot === 'type' || blank(rec[slot])) continue;
          const [right, total] = gi === undefined ? [0, Array.isArray(rec[slot]) ? (rec[slot] as unknown[]).length : 1] : slotHits(slot, g[gi]?.[slot], rec[slot]);
          out.push({ type, slot, source: why[slot] ?? '', right, total, confidence: conf?.slots[slot] ?? 0.5 });
        }
      });
    }
  }
  return out;
}

function build(): void {
  const model: Record<string, Record<string, Record<string, [number, number]>>> = {};
  for (const set of TRAIN) {
    for (const o of outcomes(set.includes('/') ? here(`./${set}`) : set, true)) {
      const bySlot = ((model[o.type] ??= {})[o.slot] ??= {});
      const cell = (bySlot[o.source || 'unknown'] ??= [0, 0]);
      cell[0] += o.right;
      cell[1] += o.total;
    }
  }
  const body = JSON.stringify(model, null, 1).replace(/\n\s*/g, ' ');
  writeFileSync(
    here('./confidence-model.ts'),
    `// Generated by \`npm run extract:calibrate\`: per record type, slot and source, [right, total]\n// on ${TRAIN.join(', ')}.\nexport const CONFIDENCE_MODEL: Record<string, Record<string, Record<string, readonly [number, number]>>> = ${body};\n`,
  );
}

/** Reliability on the held-out set: values grouped by confidence, and the share of them that is right. */
function check(): void {
  const bins = [0, 0.5, 0.7, 0.85, 0.95, 1.01];
  const rows = bins.slice(0, -1).map((lo, i) => ({ lo, hi: bins[i + 1] ?? 1, n: 0, right: 0, sum: 0 }));
  let brier = 0;
  let n = 0;
  for (const o of outcomes(HELD_OUT, false)) {
    const share = o.right / o.total;
    const row = rows.find((r) => o.confidence >= r.lo && o.confidence < r.hi);
    if (row) {
      row.n += o.total;
      row.right += o.right;
      row.sum += o.confidence * o.total;
    }
    brier += (o.confidence - share) ** 2;
    n++;
  }
  console.log(`held out (${HELD_OUT}): confidence band, values, mean confidence, share right`);
  for (const r of rows) if (r.n) console.log(`  [${r.lo.toFixed(2)}, ${Math.min(1, r.hi).toFixed(2)})  ${String(r.n).padStart(4)}  ${(r.sum / r.n).toFixed(2)}  ${(r.right / r.n).toFixed(2)}`);
  console.log(`  Brier score ${(brier / n).toFixed(3)} over ${n} records and slots`);
}

if (process.argv.includes('--check')) check();
else {
  build();
  // The held-out check loads the model just written.
  process.stdout.write(execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--check'], { encoding: 'utf8' }));
}
