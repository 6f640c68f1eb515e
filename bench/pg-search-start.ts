// PostgreSQL, a reader of few markings: its search's two starting points side by side on one store,
// each forced by the readable count kept with the reader's set (store/plans.ts): the walk of its
// markings' records (`fromMarkings` in store/search.ts, "walk") and 048's index of the words with
// their marking ("index"). For each word, N searches each way, alternating in blocks; the backends'
// CPU and the wall time per search, and whether both gave the same hits:
//   tsx bench/pg-search-start.ts postgres://postgres@127.0.0.1:5432/copy scale.narrow 200 radar s co "radar systems"
import { openStore } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";
import { loadViewer } from "../src/accounts/users.ts";
import { MarkingSets } from "../src/store/marking-sets.ts";
import { PLAN_PROBE, readableCount } from "../src/store/plans.ts";
import { searchRecords } from "../src/store/search.ts";
import { backendCpuNs, pgDatabase } from "./backend-cpu.ts";

const [url = "postgres://postgres@127.0.0.1:5432/test", user = "scale.narrow", n = "200", ...queries] = process.argv.slice(2);
const database = pgDatabase(url)!;
const store = openStore(url);
try {
  await migrate(store);
  const u = await store.db.selectFrom("users").select("id").where("username", "=", user).executeTakeFirstOrThrow();
  const scope = await new MarkingSets(store.db, store.dialect).scopeFor((await loadViewer(store.db, u.id))!);
  console.log(`${user}: ${scope.markings?.ids.length} readable markings, ${await readableCount(store.db, scope)} readable records (counted up to ${PLAN_PROBE})`);
  const search = (words: string[], start: "walk" | "index") => {
    scope.markings!.plans.set("", { plan: start === "walk" ? "seek" : "filter", n: start === "walk" ? 1 : PLAN_PROBE, at: Date.now() });
    return searchRecords(store.db, scope, { words, limit: 20, rankedMatches: 5000, markingTerms: 256, prefixWords: 64 });
  };
  console.log("| words | hits | walk: backend µs | walk: wall µs | index: backend µs | index: wall µs | same hits |\n|---|---:|---:|---:|---:|---:|---|");
  for (const q of queries.length ? queries : ["radar"]) {
    const words = q.split(/\s+/);
    const took = { walk: { cpu: 0, wall: 0 }, index: { cpu: 0, wall: 0 } };
    const [walked, indexed] = [await search(words, "walk"), await search(words, "index")];
    for (let block = 0; block < 4; block++) {
      for (const start of block % 2 ? (["index", "walk"] as const) : (["walk", "index"] as const)) {
        for (let i = 0; i < 10; i++) await search(words, start);
        const c0 = backendCpuNs(database)!;
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < Number(n) / 4; i++) await search(words, start);
        took[start].wall += Number(process.hrtime.bigint() - t0) / 1e3 / Number(n);
        took[start].cpu += Number(backendCpuNs(database)! - c0) / 1e3 / Number(n);
      }
    }
    const same = JSON.stringify(walked.map((h) => h.id)) === JSON.stringify(indexed.map((h) => h.id));
    console.log(`| ${q} | ${walked.length} | ${took.walk.cpu.toFixed(0)} | ${took.walk.wall.toFixed(0)} | ${took.index.cpu.toFixed(0)} | ${took.index.wall.toFixed(0)} | ${same ? "yes" : "no"} |`);
  }
} finally {
  await store.close();
}
