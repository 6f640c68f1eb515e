// Search order: by relevance while the matches are few; newest first past the configured number
// (ranking reads every match); on both stores, with snippets for the hits shown.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";

const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };

for (const kind of STORES) {
  for (const cap of [5000, 2]) {
    describe(`search order with ${cap} ranked matches (${kind})`, () => {
      let env: TestEnv;
      before(async () => { env = await testEnv(kind, { searchRankedMatches: cap }); });
      after(async () => { await env.close(); });

      test(cap > 2 ? "few matches come by relevance" : "many matches come newest first", async () => {
        const api = client(env.app, await buildUser(env.store.db, { roles: ["secretariat"] }));
        const names = ["Okapi okapi okapi works", "Okapi and partners, a long name of many other words entirely", "Okapi, a name with some other words"];
        for (const name of names) assert.equal((await api.post("/api/organisations", { marking: PUBLIC, name, country: "IND", kind: "company" })).status, 201);
        const res = await api.get("/api/search?q=okapi");
        assert.equal(res.status, 200);
        const got = res.body.items.map((i: { title: string }) => i.title);
        if (cap > 2) assert.equal(got[0], names[0], "the densest match ranks first");
        else assert.deepEqual(got, [...names].reverse());
        assert.ok(res.body.items.every((i: { snippet: string }) => /\[\[Okapi\]\]/i.test(i.snippet)));
      });
    });
  }
}
