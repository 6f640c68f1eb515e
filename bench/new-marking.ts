// What a new marking costs the next request of a reader whose readable set is cached: the set
// taken in incrementally (043: the markings added since, tested against its access signature)
// against computing it afresh, as every new marking did before. On a seeded store:
//
//   npm run accord -- seed scale --records 100000          (DATABASE_URL=sqlite:/tmp/s.db)
//   tsx bench/new-marking.ts sqlite:/tmp/s.db [--user scale.broad] [--rounds 50]
//
// Each round interns a marking the store does not hold yet (a releasability list by the round's
// bits), so the store's copy gains markings; rounds that find theirs already held are skipped.
import { parseArgs } from "node:util";
import { openStore } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";
import { loadViewer } from "../src/accounts/users.ts";
import { MarkingSets } from "../src/store/marking-sets.ts";
import { internMarking } from "../src/store/markings.ts";

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { user: { type: "string", default: "scale.broad" }, rounds: { type: "string", default: "50" } } });
const store = openStore(positionals[0] ?? "sqlite:/tmp/s.db");
await migrate(store);
const u = await store.db.selectFrom("users").select("id").where("username", "=", args.user).executeTakeFirstOrThrow();
const viewer = (await loadViewer(store.db, u.id))!;
const incremental = new MarkingSets(store.db, store.dialect);
await incremental.scopeFor(viewer);
const countries = (await store.db.selectFrom("countries").select("code").execute()).map((c) => c.code);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const inc: number[] = [], full: number[] = [];
const rounds = Number(args.rounds);
for (let i = 0; i < rounds; i++) {
  // A marking never seen before: a unique classification, originator and releasability combination by round.
  const before = await store.db.selectFrom("markings").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rel = countries.filter((_, j) => ((i + 1) >> j) & 1);
  await internMarking(store.db, { classification: 1 + (i % 3) as 1 | 2 | 3, originator: viewer.nationality, releasableTo: rel, compartments: [] });
  const after = await store.db.selectFrom("markings").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  if (Number(after.n) === Number(before.n)) { await incremental.scopeFor(viewer); continue; }
  let t = process.hrtime.bigint();
  const scope = await incremental.scopeFor(viewer);
  inc.push(Number(process.hrtime.bigint() - t) / 1e6);
  t = process.hrtime.bigint();
  const fresh = await new MarkingSets(store.db, store.dialect).scopeFor(viewer);
  full.push(Number(process.hrtime.bigint() - t) / 1e6);
  if (fresh.markings!.ids.join() !== scope.markings!.ids.join()) throw new Error("the incremental set differs from the recomputed one");
}
console.log(`${args.user}: ${(await incremental.scopeFor(viewer)).markings!.ids.length} readable markings; next request after a new marking, median of ${inc.length}:`);
console.log(`  incremental ${median(inc).toFixed(2)} ms, recomputed ${median(full).toFixed(2)} ms`);
await store.close();
