import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runExtract } from './cli.ts';
import { ExtractionInputError } from './index.ts';

test('runExtract writes NNN.json per input and reports unusable files after the rest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'extract-cli-'));
  try {
    const good = join(dir, '101.txt');
    const bad = join(dir, '102.txt');
    writeFileSync(good, 'date 2024-05-03\nIndia and Kenya on Friday signed a Memorandum of Understanding on hydrography in Nairobi.');
    writeFileSync(bad, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]));
    const out = join(dir, 'out');
    await assert.rejects(runExtract([good, bad], { out }), (e: unknown) => e instanceof ExtractionInputError && /102\.txt/.test(e.message));
    const result = JSON.parse(readFileSync(join(out, '101.json'), 'utf8'));
    assert.equal(result.source.published, '2024-05-03');
    assert.equal(result.events[0]?.kind, 'MoU');
    assert.equal(existsSync(join(out, '102.json')), false);
    await runExtract([good], { out, published: '2024-05-10' });
    assert.equal(JSON.parse(readFileSync(join(out, '101.json'), 'utf8')).events[0]?.date, '2024-05-10');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
