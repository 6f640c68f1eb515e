// Readable sets follow new markings incrementally (043): after any sequence of markings interned
// (their countries and compartments written as separate statements, as `internMarking` does outside
// a transaction, and compartments added by hand afterwards), every cached set equals what the read
// rule's full recomputation gives for its user, in memory and, on SQLite, in the temporary table the
// queries probe; and a marking that only adds to sets does not recompute them.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { sql } from "kysely";
import { STORES, openTestStore } from "../testing/harness.ts";
import { migrate } from "./migrate.ts";
import { seedReference } from "../seed/reference.ts";
import { buildUser } from "../testing/factories.ts";
import { loadViewer } from "../accounts/users.ts";
import { MarkingSets } from "./marking-sets.ts";
import { internMarking } from "./markings.ts";
import { readableMarkings, Scope, type Viewer } from "./access.ts";
import { ALL, type Marking, type Rank } from "../domain/markings.ts";
import type { Store } from "./db.ts";

for (const kind of STORES) {
  describe(`readable sets follow new markings incrementally (${kind})`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    let countries: string[];
    let compartments: string[];
    const viewers: Viewer[] = [];
    before(async () => {
      ({ store, drop } = await openTestStore(kind));
      await migrate(store);
      await seedReference(store.db);
      countries = (await store.db.selectFrom("countries").select("code").orderBy("code").execute()).map((c) => c.code);
      compartments = (await store.db.selectFrom("compartments").select("code").orderBy("code").execute()).map((c) => c.code).slice(0, 4);
      // Principals of several access signatures: nationalities, clearances, compartment holdings.
      const specs = [
        { nationality: "IND", clearance: 4 as Rank, compartments: compartments.slice(0, 2) },
        { nationality: "IND", clearance: 2 as Rank, compartments: [] },
        { nationality: "ISR", clearance: 3 as Rank, compartments: compartments.slice(1, 3) },
        { nationality: "ISR", clearance: 1 as Rank, compartments: [compartments[0]!] },
        { nationality: countries.find((c) => c !== "IND" && c !== "ISR") ?? "IND", clearance: 4 as Rank, compartments: [...compartments] },
      ];
      for (const s of specs) viewers.push((await loadViewer(store.db, (await buildUser(store.db, s)).userId))!);
    });
    after(async () => {
      await store.close();
      await drop();
    });

    async function reference(v: Viewer): Promise<string[]> {
      return (await readableMarkings(Scope.forUser(v)).execute(store.db)).rows.map((r) => r.id).sort();
    }

    async function checkAll(sets: MarkingSets): Promise<number[]> {
      const setNos: number[] = [];
      for (const v of viewers) {
        const scope = await sets.scopeFor(v);
        const set = scope.markings!;
        assert.deepEqual(set.ids, await reference(v), `set of ${v.nationality}/${v.clearance}/${v.compartments.join("+")}`);
        if (kind === "sqlite") {
          const rows = await sql<{ id: string }>`select rs_marking as id from temp.readable_sets where rs_set = ${set.setNo} order by rs_marking`.execute(store.db);
          assert.deepEqual(rows.rows.map((r) => r.id), set.ids);
        }
        setNos.push(set.setNo);
      }
      return setNos;
    }

    test("property: each cached set equals the rule's recomputation after every new marking", async () => {
      const marking = fc.record({
        classification: fc.integer({ min: 0, max: 4 }),
        originator: fc.constantFrom("IND", "ISR", ...countries.slice(0, 3)),
        releasableTo: fc.oneof(fc.constant(ALL), fc.subarray(countries.slice(0, 4))),
        compartments: fc.subarray(compartments, { maxLength: 2 }),
        // A compartment written to the marking by hand after it was interned (and taken in by the sets).
        late: fc.option(fc.constantFrom(...compartments), { nil: null, freq: 4 }),
      });
      await fc.assert(fc.asyncProperty(fc.array(marking, { minLength: 1, maxLength: 5 }), async (ms) => {
        const sets = new MarkingSets(store.db, store.dialect);
        let setNos = await checkAll(sets);
        for (const m of ms) {
          const value: Marking = { classification: m.classification as Rank, originator: m.originator, releasableTo: m.releasableTo, compartments: m.compartments };
          const known = await store.db.selectFrom("markings").select("id").execute();
          const id = await internMarking(store.db, value);
          const isNew = !known.some((k) => k.id === id);
          const after = await checkAll(sets);
          // A new marking only adds to sets: none is recomputed.
          assert.deepEqual(after, setNos, "sets recomputed for a marking added");
          setNos = after;
          if (m.late && isNew && !m.compartments.includes(m.late)) {
            await store.db.insertInto("marking_compartments").values({ marking_id: id, compartment: m.late }).execute();
            setNos = await checkAll(sets);
          }
        }
      }), { numRuns: 12 });
    });

    test("changing a marking's rows still recomputes every set", async () => {
      const sets = new MarkingSets(store.db, store.dialect);
      const id = await internMarking(store.db, { classification: 1, originator: "IND", releasableTo: ALL, compartments: [] });
      const before = await checkAll(sets);
      await store.db.updateTable("markings").set({ cls: 4 }).where("id", "=", id).execute();
      const after = await checkAll(sets);
      assert.ok(after.every((n, i) => n !== before[i]), "every set recomputed");
    });
  });
}
