// The plans the stores choose for the queries of a list page, asserted by shape (an index walked,
// no sort), for narrow and broad readers; and the in-process caches those pages rely on.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { migrate } from "./migrate.ts";
import { seedReference } from "../seed/reference.ts";
import { openTestStore, STORES } from "../testing/harness.ts";
import { queryPlan } from "../testing/explain.ts";
import { loadMarkings } from "./markings.ts";
import { Reader, type ReadId } from "./reader.ts";
import { Scope, type Viewer } from "./access.ts";
import { versionsQuery } from "../resources/documents/present.ts";
import type { Store } from "./db.ts";

const viewer: Viewer = { id: "01J00000000000000000000000", username: "v", displayName: "v", nationality: "IND", clearance: 4, compartments: [], roles: [], status: "active", locale: "en", mfaEnabled: false, personId: null };

for (const kind of STORES) {
  describe(`page queries and their caches (${kind})`, () => {
    const stores: { store: Store; drop(): Promise<void> }[] = [];
    before(async () => {
      for (let i = 0; i < 2; i++) {
        const s = await openTestStore(kind);
        await migrate(s.store);
        await seedReference(s.store.db);
        stores.push(s);
      }
    });
    after(async () => {
      for (const s of stores) {
        await s.store.close();
        await s.drop();
      }
    });

    test("a page's document versions come in the primary key's order, never sorted", async () => {
      const reader = new Reader(stores[0]!.store.db, Scope.forUser(viewer), { actor: viewer.id, client: null });
      const ids = ["01J00000000000000000000001", "01J00000000000000000000002"] as ReadId[];
      const plan = (await queryPlan(stores[0]!.store.db, versionsQuery(reader, ids))).join("\n");
      if (kind === "sqlite") {
        assert.match(plan, /document_versions_pk|PRIMARY KEY|sqlite_autoindex_document_versions/i, plan);
        assert.doesNotMatch(plan, /TEMP B-TREE/i, plan);
      } else {
        // PostgreSQL sorts a page's few versions in memory after an index scan by document: asserted is the index.
        assert.match(plan, /Index (Only )?Scan|Bitmap Index Scan/, plan);
      }
    });

    test("markings are cached per store: one id may name different markings in two stores", async () => {
      const id = "01J0000000000000000000MARK";
      for (const [i, s] of stores.entries()) {
        await s.store.db.insertInto("markings").values({ id, key: `test-${i}`, cls: i + 1, originator: i ? "ISR" : "IND", rel_all: 1 }).execute();
      }
      for (let round = 0; round < 2; round++) {
        for (const [i, s] of stores.entries()) {
          const m = (await loadMarkings(s.store.db, [id])).get(id)!;
          assert.equal(m.classification, i + 1);
          assert.equal(m.originator, i ? "ISR" : "IND");
        }
      }
    });
  });
}
