// The same search answers, byte for byte, from two checkouts of Accord, each on its own copy of one
// seeded store: many searches for both scale users (single words common and rare, prefixes as typed,
// two and three words, a kind filter, limits), status, content type and body compared. The words
// come from the store's own `search_terms` (every Nth of them, so common and rare alike). Prints each
// difference and the count.
//
//   createdb -T accord_bench_100000 a; createdb -T accord_bench_100000 b
//   tsx bench/same-search.ts OLD_CHECKOUT postgres://postgres@127.0.0.1:5432/a . postgres://postgres@127.0.0.1:5432/b [WORDS]
import { mkdtempSync } from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";

const [dirA, urlA, dirB, urlB, wordsArg = "150"] = process.argv.slice(2);
async function load(dir: string, url: string) {
  const from = (p: string) => import(pathToFileURL(`${dir}/${p}`).href);
  const { openStore } = await from("src/store/db.ts");
  const { buildServer, defaultConfig } = await from("src/http/server.ts");
  const { createSession } = await from("src/accounts/sessions.ts");
  const store = openStore(url);
  const keys = mkdtempSync(join(tmpdir(), "accord-same-search-"));
  const app = await buildServer(store, defaultConfig({ rateLimitPerMinute: 0, logLevel: "silent", keys: { privateKey: keys + "/a.pem", checkpoints: keys + "/c.jsonl" } }));
  await app.ready();
  const cookies: Record<string, string> = {};
  for (const u of ["scale.broad", "scale.narrow"]) {
    const row = await store.db.selectFrom("users").select("id").where("username", "=", u).executeTakeFirstOrThrow();
    cookies[u] = (await createSession(store.db, row.id, true, "127.0.0.1")).token;
  }
  return { app, store, cookies };
}
const a = await load(resolve(dirA!), urlA!), b = await load(resolve(dirB!), urlB!);
const get = async (x: typeof a, u: string, path: string) => {
  const r = await x.app.inject({ method: "GET", url: path, headers: { cookie: `accord_session=${x.cookies[u]}` } });
  return `${r.statusCode} ${r.headers["content-type"]} ${r.body}`;
};

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
for (const u of ["scale.broad", "scale.narrow"]) {
  for (const p of paths) {
    const [ra, rb] = [await get(a, u, p), await get(b, u, p)];
    n++;
    if (ra === rb) same++;
    else console.log("DIFF", u, p, ra.slice(0, 300), "|", rb.slice(0, 300));
  }
}
console.log(`${same} of ${n} search responses the same, byte for byte (${queries.size} queries, both users)`);
await a.app.close(); await b.app.close(); await a.store.close(); await b.store.close();
