import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";

for (const kind of STORES) {
  describe(`organisations (${kind})`, () => {
    let env: TestEnv;
    before(async () => { env = await testEnv(kind); });
    after(async () => { await env.close(); });

    test("create, read, list, edit, facets, export", async () => {
      const sec = await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat"] });
      const api = client(env.app, sec);
      const made = await api.post("/api/organisations", {
        marking: { classification: "UNCLASSIFIED", releasableTo: "ALL" },
        name: "Defence Research and Development Organisation", aliases: ["DRDO"], country: "IND", kind: "research_lab",
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.marking.banner, "UNCLASSIFIED");
      assert.equal(made.body.marking.originator, "IND");
      const child = await api.post("/api/organisations", {
        marking: { classification: "RESTRICTED", releasableTo: ["ISR"] },
        name: "DRDO Aeronautical lab", country: "IND", kind: "research_lab", parentId: made.body.id,
      });
      assert.equal(child.status, 201, JSON.stringify(child.body));
      assert.deepEqual(child.body.parent, { id: made.body.id, kind: "organisation", title: "Defence Research and Development Organisation", withheld: false });
      assert.equal(child.body.marking.banner, "RESTRICTED // REL TO IND, ISR");

      const list = await api.get("/api/organisations?limit=1");
      assert.equal(list.status, 200);
      assert.equal(list.body.items.length, 1);
      assert.ok(list.body.nextCursor);
      const page2 = await api.get(`/api/organisations?limit=1&cursor=${list.body.nextCursor}`);
      assert.equal(page2.body.items.length, 1);
      assert.notEqual(page2.body.items[0].id, list.body.items[0].id);
      assert.equal(page2.body.nextCursor, null);

      const edited = await api.patch(`/api/organisations/${made.body.id}`, { aliases: ["DRDO", "D.R.D.O."] });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.version, 2);

      const facets = await api.get("/api/organisations/facets");
      assert.equal(facets.body.total, 2);
      assert.deepEqual(facets.body.facets.org_kind, [{ value: "research_lab", count: 2 }]);

      const csv = await api.get("/api/organisations/export");
      assert.equal(csv.status, 200);
      assert.match(csv.raw.body, /^# RESTRICTED \/\/ REL TO IND, ISR\n/);
    });
  });
}
