// Markings are kept per store by id once loaded (store/markings.ts): the same frozen object for
// every later read, the oldest dropped past the cap and loaded again, equal, when next asked for.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { openTestStore, STORES } from "../testing/harness.ts";
import { migrate } from "./migrate.ts";
import { seedReference } from "../seed/reference.ts";
import { ALL, type Marking } from "../domain/markings.ts";
import { internMarking, loadMarkings, markingsKept } from "./markings.ts";
import type { Store } from "./db.ts";

for (const kind of STORES) {
  describe(`markings kept by id (${kind})`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    const values: Marking[] = [
      { classification: 1, originator: "IND", releasableTo: ["ISR"], compartments: [] },
      { classification: 3, originator: "ISR", releasableTo: [], compartments: [] },
      { classification: 2, originator: "IND", releasableTo: ALL, compartments: [] },
      { classification: 3, originator: "IND", releasableTo: ["ISR"], compartments: [] },
    ];
    const ids: string[] = [];
    before(async () => {
      ({ store, drop } = await openTestStore(kind));
      await migrate(store);
      await seedReference(store.db);
      for (const v of values) ids.push(await internMarking(store.db, v));
    });
    after(async () => {
      markingsKept.max = 50_000;
      await store.close();
      await drop();
    });

    test("a page's markings, repeated ids among them, each its value, the same object on every read", async () => {
      const page = [ids[0]!, ids[1]!, ids[0]!, ids[2]!, ids[1]!];
      const first = await loadMarkings(store.db, page);
      // Each id once, in whatever order (the rows come back in the store's order, not the page's).
      assert.deepEqual([...first.keys()].sort(), [ids[0]!, ids[1]!, ids[2]!].sort());
      for (const [i, id] of ids.slice(0, 3).entries()) {
        const m = first.get(id)!;
        assert.ok(Object.isFrozen(m));
        assert.deepEqual({ ...m, releasableTo: m.releasableTo === ALL ? ALL : [...m.releasableTo] }, values[i]);
      }
      const again = await loadMarkings(store.db, [ids[2]!, ids[0]!]);
      assert.equal(again.get(ids[0]!), first.get(ids[0]!));
      assert.equal(again.get(ids[2]!), first.get(ids[2]!));
      assert.equal((await loadMarkings(store.db, ["no-such-marking"])).size, 0);
    });

    test("past the cap the oldest kept is dropped, and loaded again equal when asked for", async () => {
      const kept = await loadMarkings(store.db, ids);
      markingsKept.max = 2;
      const other = await internMarking(store.db, { classification: 4, originator: "ISR", releasableTo: ["IND"], compartments: [] });
      const fresh = (await loadMarkings(store.db, [other])).get(other)!;
      assert.equal(fresh.classification, 4);
      // The oldest (ids[0]) was dropped: asked again it is a new object of the same value.
      const back = (await loadMarkings(store.db, [ids[0]!])).get(ids[0]!)!;
      assert.notEqual(back, kept.get(ids[0]!));
      assert.deepEqual(back, kept.get(ids[0]!));
      // What is still kept is the same object.
      assert.equal((await loadMarkings(store.db, [other])).get(other), fresh);
    });
  });
}
