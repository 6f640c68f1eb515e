// The readable-marking cache: reused while nothing the rule depends on changes, recomputed the
// moment anything does (the user's clearance, compartments or status; a new marking; an
// equivalence written by anyone, even straight into the database).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";

const org = (name: string, marking: object) => ({ marking, name, country: "IND", kind: "company" });
const titles = (res: { body: { items: { name: string }[] } }) => res.body.items.map((o) => o.name).sort();

for (const kind of STORES) {
  describe(`readable-marking sets (${kind})`, () => {
    let env: TestEnv;
    before(async () => { env = await testEnv(kind); });
    after(async () => { await env.close(); });

    test("a record at a marking interned after the set was cached is listed at once", async () => {
      const reader = client(env.app, await buildUser(env.store.db, { clearance: 3, compartments: ["MRSAM"] }));
      const writer = client(env.app, await buildUser(env.store.db, { clearance: 3, compartments: ["MRSAM"] }));
      await reader.get("/api/organisations");
      const created = await writer.post("/api/organisations", org("Fresh marking Ltd", { classification: "SECRET", releasableTo: ["ISR"], compartments: ["MRSAM"] }));
      assert.equal(created.status, 201);
      assert.ok(titles(await reader.get("/api/organisations?limit=100")).includes("Fresh marking Ltd"));
    });

    test("lowering a user's clearance takes effect on their next read", async () => {
      const admin = client(env.app, await buildUser(env.store.db, { roles: ["admin"], clearance: 4 }));
      const who = await buildUser(env.store.db, { clearance: 3 });
      const user = client(env.app, who);
      await user.post("/api/organisations", org("Secret works", { classification: "SECRET", releasableTo: [] }));
      assert.ok(titles(await user.get("/api/organisations?limit=100")).includes("Secret works"));
      assert.equal((await admin.patch(`/api/users/${who.userId}`, { clearance: "CONFIDENTIAL" })).status, 200);
      assert.ok(!titles(await user.get("/api/organisations?limit=100")).includes("Secret works"));
      const sr = await user.get(`/api/search?q=Secret%20works`);
      assert.equal(sr.status, 200);
      assert.equal(sr.body.items.length, 0);
    });

    test("an equivalence written straight into the database is obeyed on the next read", async () => {
      const isr = client(env.app, await buildUser(env.store.db, { nationality: "ISR", clearance: 2 }));
      const ind = client(env.app, await buildUser(env.store.db, { clearance: 2 }));
      assert.equal((await ind.post("/api/organisations", org("Equivalence case", { classification: "CONFIDENTIAL", releasableTo: ["ISR"] }))).status, 201);
      assert.ok(titles(await isr.get("/api/organisations?limit=100")).includes("Equivalence case"));
      await sql`insert into level_equivalences (from_country, from_rank, to_country, to_rank) values ('IND', 2, 'ISR', 3)`.execute(env.store.db);
      try {
        assert.ok(!titles(await isr.get("/api/organisations?limit=100")).includes("Equivalence case"));
      } finally {
        await sql`delete from level_equivalences where from_country = 'IND' and from_rank = 2 and to_country = 'ISR'`.execute(env.store.db);
      }
      assert.ok(titles(await isr.get("/api/organisations?limit=100")).includes("Equivalence case"));
    });

    test("users with the same access share one computed set; a different signature gets its own", async () => {
      const before = env.app.ctx.markingSets.size;
      const a = client(env.app, await buildUser(env.store.db, { nationality: "ISR", clearance: 1, compartments: ["KRAS"] }));
      const b = client(env.app, await buildUser(env.store.db, { nationality: "ISR", clearance: 1, compartments: ["KRAS"] }));
      const c = client(env.app, await buildUser(env.store.db, { nationality: "ISR", clearance: 1, compartments: ["AEASI"] }));
      await a.get("/api/organisations");
      await b.get("/api/organisations");
      assert.equal(env.app.ctx.markingSets.size, before + 1);
      await c.get("/api/organisations");
      assert.equal(env.app.ctx.markingSets.size, before + 2);
    });
  });
}
