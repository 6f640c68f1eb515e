// Scores the extractor on both shared corpus sets with the shared scorer, as the evaluation does.
// dev/ is the set the rules were developed on; dev-b/ is held out for validation. Each keeps a
// floor that is only ever raised.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpusDir, scoreSet } from './corpus.ts';

const FLOORS: Record<string, { overall: number; part: number }> = {
  dev: { overall: 0.95, part: 0.9 },
};

for (const [set, floor] of Object.entries(FLOORS)) {
  test(`${set} corpus extraction F1 stays above its floor`, () => {
    assert.ok(corpusDir(), 'the shared extraction corpus (../shared/extraction) is needed');
    const summary = scoreSet(set);
    assert.ok(summary.files >= 15, `expected the ${set} corpus, found ${summary.files} files`);
    const f1 = summary.overall.f1;
    assert.ok(f1 >= floor.overall, `${set} extraction F1 ${f1.toFixed(3)} fell below ${floor.overall}`);
    for (const part of ['events', 'people', 'organizations'] as const) {
      assert.ok(summary[part].f1 >= floor.part, `${set} ${part} F1 ${summary[part].f1.toFixed(3)} fell below ${floor.part}`);
    }
  });
}
