// The same search answers, byte for byte, from two checkouts of Accord, each on its own copy of one
// seeded store: many searches for both scale users (single words common and rare, prefixes as typed,
// two and three words, a kind filter, limits), status, content type and body compared. The words
// come from the store's own `search_terms` (every Nth of them, so common and rare alike). Prints each
// difference and the count.
//
//   createdb -T accord_bench_100000 a; createdb -T accord_bench_100000 b
//   [ACCORD_KEYS_DIR=data/bench/keys/NAME] tsx bench/same-search.ts OLD_CHECKOUT postgres://postgres@127.0.0.1:5432/a . postgres://postgres@127.0.0.1:5432/b [WORDS]
import { closeCheckouts, getAs as get, loadCheckout, SCALE_USERS } from "./checkout-app.ts";

const [dirA, urlA, dirB, urlB, wordsArg = "150"] = process.argv.slice(2);
const a = await loadCheckout(dirA!, urlA!), b = await loadCheckout(dirB!, urlB!);

// Every Nth word of the index's words (ordered, so spread over the alphabet), letters only or with digits.
const all = ((await a.store.db.selectFrom("search_terms").select("term").orderBy("term").execute()) as { term: string }[]).map((r) => r.term);
const step = Math.max(1, Math.floor(all.length / Number(wordsArg)));
const words = all.filter((_, i) => i % step === 0);
const queries = new Set<string>(["radar", "maintenance depot", "m", "ra", "rad", "systems", "tata", "mk", "radar systems", "radar depot maintenance"]);
for (const [i, w] of words.entries()) {
  queries.add(w);
  if (w.length > 2) queries.add(w.slice(0, Math.max(1, Math.min(3, w.length - 1)))); // a prefix, as typed
  const other = words[(i * 7 + 3) % words.length]!;
  queries.add(`${w} ${other}`);
  queries.add(`${other} ${w.slice(0, Math.max(1, w.length - 1))}`);
}
const paths: string[] = [];
for (const q of queries) {
  paths.push(`/api/search?q=${encodeURIComponent(q)}&limit=20`);
}
for (const q of [...queries].slice(0, 40)) {
  paths.push(`/api/search?q=${encodeURIComponent(q)}&limit=100`, `/api/search?q=${encodeURIComponent(q)}&limit=5&kind=document`, `/api/search?q=${encodeURIComponent(q)}&limit=20&kind=person`);
}
let n = 0, same = 0;
for (const u of SCALE_USERS) {
  for (const p of paths) {
    const [ra, rb] = [await get(a, u, p), await get(b, u, p)];
    n++;
    if (ra === rb) same++;
    else console.log("DIFF", u, p, ra.slice(0, 300), "|", rb.slice(0, 300));
  }
}
console.log(`${same} of ${n} search responses the same, byte for byte (${queries.size} queries, both users)`);
await closeCheckouts(a, b);
