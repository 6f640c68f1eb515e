// The SQL predicate (store/access.ts) and the in-memory rule (domain/access.ts) must agree on
// every user and marking, including uneven equivalence maps and malformed markings.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { sql } from "kysely";
import { explainRead, type Reader } from "../domain/access.ts";
import { ALL, markingKey, type Marking, type Rank } from "../domain/markings.ts";
import { readableMarkings, Scope } from "./access.ts";
import { internMarking, loadMarking } from "./markings.ts";
import { buildUser } from "../testing/factories.ts";
import { once } from "node:events";
import pg from "pg";
import { openTestStore, STORES, testEnv, type TestEnv } from "../testing/harness.ts";

const COMPS = ["JWG", "MRSAM", "KRAS"];
const arbMarking: fc.Arbitrary<Marking> = fc.record({
  classification: fc.integer({ min: 0, max: 4 }) as fc.Arbitrary<Rank>,
  originator: fc.constantFrom("IND", "ISR", "XXA"),
  releasableTo: fc.oneof(fc.constant(ALL), fc.subarray(["IND", "ISR", "XXA"])),
  compartments: fc.subarray(COMPS),
});
const arbReader: fc.Arbitrary<Reader> = fc.record({
  nationality: fc.constantFrom("IND", "ISR", "XXA"),
  clearance: fc.integer({ min: 0, max: 4 }) as fc.Arbitrary<Rank>,
  compartments: fc.subarray(COMPS),
  status: fc.constantFrom("active", "active", "locked", "disabled"),
});

for (const kind of STORES) {
  describe(`access predicate: SQL equals the in-memory rule (${kind})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await testEnv(kind);
      // A third country whose scheme has no RESTRICTED: it protects a foreign RESTRICTED item as its CONFIDENTIAL.
      const now = new Date().toISOString();
      await env.store.db.insertInto("countries").values({ code: "XXA", name_en: "Testland", name_native: "Testland", created_at: now }).execute();
      await env.store.db.insertInto("level_equivalences").values([
        { from_country: "IND", from_rank: 1, to_country: "XXA", to_rank: 2 },
        { from_country: "ISR", from_rank: 1, to_country: "XXA", to_rank: 2 },
        // A map may never lower protection: this row must be ignored.
        { from_country: "IND", from_rank: 3, to_country: "ISR", to_rank: 1 },
      ]).execute();
    });
    after(async () => { await env.close(); });

    const equivalence = (o: string, r: Rank, c: string): Rank | undefined =>
      ({ "IND|1|XXA": 2, "ISR|1|XXA": 2, "IND|3|ISR": 1 } as Record<string, Rank>)[`${o}|${r}|${c}`];

    test("agreement on random users and markings", async () => {
      await fc.assert(fc.asyncProperty(fc.array(arbMarking, { minLength: 1, maxLength: 12 }), arbReader, async (markings, reader) => {
        const ids = new Map<string, Marking>();
        for (const m of markings) ids.set(await internMarking(env.store.db, m), m);
        const u = await buildUser(env.store.db, { ...reader, compartments: [...reader.compartments], roles: [] });
        const scope = Scope.forUser({ id: u.userId, username: "", displayName: "", nationality: reader.nationality, clearance: reader.clearance, compartments: [...reader.compartments], roles: [], status: reader.status, locale: "en", mfaEnabled: false, personId: null });
        const rows = await sql<{ id: string }>`${readableMarkings(scope)}`.execute(env.store.db);
        const inSql = new Set(rows.rows.map((r) => r.id));
        for (const [id, m] of ids) {
          const expected = explainRead(reader, m, equivalence).allowed;
          assert.equal(inSql.has(id), expected, `${markingKey(m)} for ${JSON.stringify(reader)}`);
        }
      }), { numRuns: 60 });
    });

    test("fail closed: a marking whose originator is no longer a platform country is unreadable", async () => {
      const now = new Date().toISOString();
      await env.store.db.insertInto("countries").values({ code: "XXB", name_en: "Gone", name_native: "Gone", created_at: now }).execute();
      const id = await internMarking(env.store.db, { classification: 0, originator: "XXB", releasableTo: ALL, compartments: [] });
      assert.equal((await loadMarking(env.store.db, id)).originator, "XXB");
      // Simulate corrupted reference data: the originator disappears (foreign keys off for the edit).
      if (kind === "sqlite") {
        await sql`pragma foreign_keys = off`.execute(env.store.db);
        await env.store.db.deleteFrom("countries").where("code", "=", "XXB").execute();
        await sql`pragma foreign_keys = on`.execute(env.store.db);
      } else {
        await sql`alter table markings drop constraint if exists markings_originator_fkey`.execute(env.store.db);
        await env.store.db.deleteFrom("countries").where("code", "=", "XXB").execute();
      }
      const u = await buildUser(env.store.db, { nationality: "IND", clearance: 4, compartments: COMPS });
      const scope = Scope.forUser({ id: u.userId, username: "", displayName: "", nationality: "IND", clearance: 4, compartments: COMPS, roles: [], status: "active", locale: "en", mfaEnabled: false, personId: null });
      const rows = await sql<{ id: string }>`${readableMarkings(scope)}`.execute(env.store.db);
      assert.equal(rows.rows.some((r) => r.id === id), false);
    });
  });
}

if (process.env.TEST_DATABASE_URL) {
  describe("PostgreSQL pool resilience", () => {
    test("an idle connection cut by the server does not crash the process; the next query reconnects", async () => {
      const t = await openTestStore("postgres");
      try {
        const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(t.store.db)).rows[0]!.pid;
        assert.equal(t.store.pgPool!.listenerCount("error"), 1, "the store handles lost connections itself");
        const lost = once(t.store.pgPool!, "error");
        const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await admin.connect();
        await admin.query("select pg_terminate_backend($1)", [pid]);
        await admin.end();
        await lost;
        const again = await sql<{ one: number }>`select 1 as one`.execute(t.store.db);
        assert.equal(again.rows[0]!.one, 1);
      } finally {
        await t.store.close();
        await t.drop();
      }
    });
  });
}
