// Scores the extractor with the shared scorer, as the evaluation does, on the shared sets (dev/,
// developed on; dev-b/, held out for validation) and on the project's own annotated articles
// (testdata/own*, written for this project). Each keeps a floor that is only ever raised.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { corpusDir, scoreSet } from './corpus.ts';

const own = (set: string) => fileURLToPath(new URL(`./testdata/${set}`, import.meta.url));

const FLOORS: { set: string; path: string; overall: number; part: number }[] = [
  { set: 'dev', path: 'dev', overall: 0.99, part: 0.98 },
  { set: 'dev-b', path: 'dev-b', overall: 0.98, part: 0.96 },
  { set: 'own', path: own('own'), overall: 0.99, part: 0.99 },
  { set: 'own-b', path: own('own-b'), overall: 0.98, part: 0.96 },
  { set: 'own-c', path: own('own-c'), overall: 0.98, part: 0.96 },
  { set: 'own-d', path: own('own-d'), overall: 0.96, part: 0.94 },
];

for (const floor of FLOORS) {
  test(`${floor.set} extraction F1 stays above its floor`, () => {
    // The shared scorer is needed for every set; the shared articles only for dev and dev-b.
    assert.ok(corpusDir(), 'the shared extraction corpus (../shared/extraction, or ACCORD_EXTRACTION_CORPUS) is needed');
    const summary = scoreSet(floor.path);
    assert.ok(summary.files >= 10, `expected the ${floor.set} articles, found ${summary.files} files`);
    const f1 = summary.overall.f1;
    assert.ok(f1 >= floor.overall, `${floor.set} extraction F1 ${f1.toFixed(3)} fell below ${floor.overall}`);
    for (const part of ['events', 'people', 'organizations'] as const) {
      assert.ok(summary[part].f1 >= floor.part, `${floor.set} ${part} F1 ${summary[part].f1.toFixed(3)} fell below ${floor.part}`);
    }
  });
}
