// What a request keeps for later in the same request (a list page's rows and presentation, for the
// presenter that follows) is kept on its Reader (Reader.keep), so it dies young with the request.
// Kept in a module's WeakMap keyed by the Reader, it did not: V8's young-generation collector holds
// the values of a WeakMap that has grown old whatever became of their keys, so each page outlived
// the young generation's next collection (a scavenge copies what it finds alive: PostgreSQL lists'
// scavenges took 9.6 ms at the median under Node 20, 2.9 ms once kept on Readers). Measured here by
// what is still in the young generation after a scavenge, against a WeakMap doing the same job.
import assert from "node:assert/strict";
import { test } from "node:test";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { keepPagePresentation, keepPageRows } from "../resources/actions/present.ts";
import { Kept, Reader } from "./reader.ts";

setFlagsFromString("--expose-gc");
// As the server runs (SERVER_NODE_FLAGS): else pages that outlived one trial would be allocated
// straight into the old generation in the next, whatever keeps them.
setFlagsFromString("--no-allocation-site-pretenuring");
const gc = runInNewContext("gc") as (options: { type: "minor" | "major" }) => void;

/** Bytes in the young generation (what the last scavenge found alive, and what came since). */
function youngGeneration(): number {
  return getHeapSpaceStatistics().filter((s) => s.space_name === "new_space" || s.space_name === "new_large_object_space").reduce((n, s) => n + s.space_used_size, 0);
}

/** A Reader as a request makes one: what it reads through is not used here. */
function reader(): Reader {
  return new Reader(null as never, null as never, null as never);
}

/** Bytes a scavenge finds alive after `requests` requests each keep a page (`keep`) and end. */
function survivingBy(keep: (i: number) => void, requests = 400): number {
  gc({ type: "major" });
  for (let i = 0; i < requests; i++) keep(i);
  gc({ type: "minor" });
  return youngGeneration();
}

const row = (i: number, j: number) => ({
  id: `a${i}-${j}`, description: `an action ${i} ${j}`, meeting_id: `m${j}`, outcome_id: null, forum_id: `f${j}`, owner_country: "IN",
  owner_organisation_id: `o${j}`, owner_person_id: `p${j}`, due_date: "2027-01-01", status: "open" as const,
});
const page = (i: number) => Array.from({ length: 50 }, (_, j) => row(i, j));

test("a page kept on its Reader dies young with it; in a WeakMap keyed by the Reader it survives a scavenge", () => {
  const slot = new Kept<unknown>("test page");
  const onReader = survivingBy((i) => reader().keep(slot, page(i)));
  // The map as a module's is after a while: grown (its table will not be replaced while the trial
  // adds to it) and old.
  const byReader = new WeakMap<Reader, unknown>();
  const held = Array.from({ length: 6000 }, () => reader());
  for (const r of held) byReader.set(r, null);
  gc({ type: "major" });
  const inMap = survivingBy((i) => byReader.set(reader(), page(i)));
  // The WeakMap's case shows that this measure sees pages outliving their requests.
  assert.equal(held.length, 6000);
  assert.ok(inMap > 2_000_000, `a WeakMap's pages: ${inMap} bytes survived`);
  assert.ok(onReader < inMap / 10, `pages kept on their Readers: ${onReader} bytes survived, a WeakMap's ${inMap}`);
});

test("an actions page's rows and presentation are kept on the Reader", () => {
  const survived = survivingBy((i) => {
    const r = reader();
    const rows = page(i);
    keepPageRows(r, rows);
    keepPagePresentation(r, rows, []);
  });
  assert.ok(survived < 500_000, `actions pages kept: ${survived} bytes survived a scavenge`);
  const r = reader();
  keepPageRows(r, page(0));
  assert.equal(r.kept(new Kept<unknown>("another slot")), undefined);
});
