// Throughput of the press-release extractor on the shared corpus (dev and dev-b), single-threaded.
//   npm run bench:extract [-- seconds]
import { corpusArticles } from '../src/extract/corpus.ts';
import { extract } from '../src/extract/index.ts';

const texts = [...corpusArticles('dev'), ...corpusArticles('dev-b')].map((a) => a.text);
if (!texts.length) throw new Error('no articles in the shared corpus');

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
console.log(`${articles} articles in ${elapsed.toFixed(2)} s: ${(articles / elapsed).toFixed(0)} articles/s (${texts.length} articles of dev and dev-b, one core)`);
