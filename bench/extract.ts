// Throughput of the press-release extractor on the dev corpus, single-threaded.
//   npx tsx bench/extract.ts [seconds]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract } from '../src/extract/index.ts';

const corpus = fileURLToPath(new URL('../../shared/extraction/dev/', import.meta.url));
const texts = readdirSync(corpus)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(join(corpus, f), 'utf8'));
if (!texts.length) throw new Error(`no articles in ${corpus}`);

const seconds = Number(process.argv[2] ?? 5);
// Warm-up: compile the gazetteer and country patterns and let the JIT settle.
for (const t of texts) extract(t);

let articles = 0;
const start = performance.now();
const deadline = start + seconds * 1000;
while (performance.now() < deadline) {
  for (const t of texts) extract(t);
  articles += texts.length;
}
const elapsed = (performance.now() - start) / 1000;
console.log(`${articles} articles in ${elapsed.toFixed(2)} s: ${(articles / elapsed).toFixed(0)} articles/s (${texts.length}-article dev corpus, one core)`);
