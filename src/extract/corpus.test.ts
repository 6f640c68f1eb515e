// Scores the extractor on the shared dev corpus with the shared scorer, as the evaluation does.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { extract } from './index.ts';

const shared = fileURLToPath(new URL('../../../shared/extraction/', import.meta.url));
const dev = join(shared, 'dev');

test('dev corpus extraction F1 stays above the floor', () => {
  const files = readdirSync(dev).filter((f) => f.endsWith('.txt')).sort();
  assert.ok(files.length >= 16, `expected the dev corpus in ${dev}`);
  const out = mkdtempSync(join(tmpdir(), 'extract-'));
  try {
    for (const f of files) {
      const result = extract(readFileSync(join(dev, f), 'utf8'));
      writeFileSync(join(out, f.replace(/\.txt$/, '.json')), JSON.stringify(result));
    }
    const report = execFileSync(process.execPath, [join(shared, 'score.mjs'), dev, out, '--json'], { encoding: 'utf8' });
    const summary = JSON.parse(report.slice(0, report.lastIndexOf('}') + 1)) as Record<string, { f1: number }>;
    const f1 = summary.overall?.f1 ?? 0;
    assert.ok(f1 >= 0.95, `extraction F1 ${f1.toFixed(3)} fell below 0.95`);
    for (const part of ['events', 'people', 'organizations']) assert.ok((summary[part]?.f1 ?? 0) >= 0.9, `${part} F1 ${summary[part]?.f1}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
