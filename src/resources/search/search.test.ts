// Search order: by relevance while the matches are few; newest first past the configured number
// (ranking reads every match); on both stores, with snippets for the hits shown.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser, type UserSpec } from "../../testing/factories.ts";

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
        // Both plans (the reader's markings as index terms, evaluated once; walking the word's matches) order alike.
        const config = env.app.ctx.config;
        const terms = config.searchMarkingTerms;
        const orders: string[][] = [];
        try {
          for (const plan of [terms, 0]) {
            config.searchMarkingTerms = plan;
            const res = await api.get("/api/search?q=okapi");
            assert.equal(res.status, 200);
            const got = res.body.items.map((i: { title: string }) => i.title);
            if (cap > 2) assert.equal(got[0], names[0], "the densest match ranks first");
            else assert.deepEqual(got, [...names].reverse());
            orders.push(got);
            assert.ok(res.body.items.every((i: { snippet: string }) => /\[\[Okapi\]\]/i.test(i.snippet)));
          }
        } finally {
          config.searchMarkingTerms = terms;
        }
        assert.deepEqual(orders[0], orders[1]);
      });
    });
  }
}

// Readers of few markings search with their markings as index terms; readers of many walk the
// word's matches. Both must find exactly what the reader may read (the lists are the oracle:
// their access rule has its own property tests).
const LEVELS = ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"];
const RELEASES = ["ALL", [], ["ISR"]] as const;
const COMPARTMENT_SETS = [[], ["MRSAM"], ["JWG", "KRAS"]];

for (const kind of STORES) {
  describe(`search plans agree with the read rule (${kind})`, () => {
    let env: TestEnv;
    before(async () => { env = await testEnv(kind); });
    after(async () => { await env.close(); });

    test("marking terms and walking the matches find the same readable hits, for readers of every kind", async () => {
      const writers = {
        IND: client(env.app, await buildUser(env.store.db, { clearance: 4, compartments: ["JWG", "MRSAM", "KRAS"] })),
        ISR: client(env.app, await buildUser(env.store.db, { nationality: "ISR", clearance: 4, compartments: ["JWG", "MRSAM", "KRAS"] })),
      };
      let n = 0;
      for (const [origin, writer] of Object.entries(writers)) {
        for (const [i, classification] of LEVELS.entries()) {
          for (const [j, releasableTo] of RELEASES.entries()) {
            const compartments = COMPARTMENT_SETS[(i + j) % COMPARTMENT_SETS.length]!;
            const name = `${n % 4 === 3 ? "Tapir" : "Pangolin"} works ${origin} ${n++}`;
            const res = await writer.post("/api/organisations", { marking: { classification, releasableTo, compartments }, name, country: origin, kind: "company" });
            assert.equal(res.status, 201, JSON.stringify(res.body));
          }
        }
      }
      const specs: UserSpec[] = [
        { clearance: 0 }, { clearance: 2 }, { clearance: 3, compartments: ["MRSAM"] }, { clearance: 4, compartments: ["JWG", "KRAS", "MRSAM"] },
        { nationality: "ISR", clearance: 2 }, { nationality: "ISR", clearance: 4, compartments: ["JWG", "KRAS"] }, { status: "disabled" },
      ];
      const readers = await Promise.all(specs.map((spec) => buildUser(env.store.db, { roles: ["analyst"], ...spec })));
      const config = env.app.ctx.config;
      const before = config.searchMarkingTerms;
      const sizes: number[] = [];
      try {
        for (const reader of readers) {
          const api = client(env.app, reader);
          const listed = reader.spec.status === "active"
            ? (await api.get("/api/organisations?limit=100")).body.items.map((o: { name: string }) => o.name).filter((t: string) => t.startsWith("Pangolin")).sort()
            : [];
          const found: Record<string, string[]> = {};
          for (const [plan, terms] of [["walk", 0], ["terms", 100_000]] as const) {
            config.searchMarkingTerms = terms;
            const res = await api.get("/api/search?q=pangolin&limit=100");
            found[plan] = res.status === 200 ? res.body.items.map((i: { title: string }) => i.title).sort() : [];
          }
          assert.deepEqual(found.terms, listed, `terms plan for ${JSON.stringify(reader.spec)}`);
          assert.deepEqual(found.walk, listed, `walking plan for ${JSON.stringify(reader.spec)}`);
          sizes.push(listed.length);
        }
        // The readers see different shares of the 23 pangolins, from none to most.
        assert.ok(sizes.includes(0) && new Set(sizes).size >= 5 && Math.max(...sizes) >= 12, sizes.join(","));
      } finally {
        config.searchMarkingTerms = before;
      }
    });
  });
}
