// Every table of the migrated schema is classified in tables.ts (owned by a record, reference
// data, or system), on both stores: a table added without saying how the read rule reaches it fails.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { client } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { MARKING_COPIES, OWNED, REFERENCE, SYSTEM } from "./tables.ts";

for (const kind of STORES) {
  describe(`table classes (${kind})`, () => {
    let env: TestEnv;
    before(async () => { env = await testEnv(kind); });
    after(async () => { await env.close(); });

    test("the classes cover the schema exactly, each table once", async () => {
      const rows = kind === "sqlite"
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'search_fts%' and name not like 'kysely_%'`.execute(env.store.db)
        : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(env.store.db);
      const classified = [...Object.keys(OWNED), ...REFERENCE, ...SYSTEM];
      assert.equal(new Set(classified).size, classified.length, "no table in two classes");
      assert.deepEqual(rows.rows.map((r) => r.name).sort(), classified.sort());
    });

    test("a table that repeats its records' marking keeps it equal through creation, raising and release", async () => {
      const author = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat"] }));
      const officer = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["security_officer"] }));
      const made = await author.post("/api/actions", { marking: { classification: "RESTRICTED", releasableTo: [] }, title: "Copy check", owner: { country: "IND" } });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const equal = async (when: string) => {
        for (const table of Object.values(MARKING_COPIES)) {
          const rows = await sql<{ a: string; b: string }>`select t.marking_id as a, r.marking_id as b from ${sql.table(table)} t join records r on r.id = t.id`.execute(env.store.db);
          assert.ok(rows.rows.length > 0);
          for (const r of rows.rows) assert.equal(r.a, r.b, `${table} after ${when}`);
        }
      };
      await equal("creation");
      assert.equal((await author.patch(`/api/actions/${made.body.id}`, { marking: { classification: "CONFIDENTIAL", releasableTo: [] } })).status, 200);
      await equal("raising");
      const asked = await author.post("/api/releases", { recordId: made.body.id, marking: { classification: "RESTRICTED", releasableTo: ["ISR"] }, reason: "copy check" });
      assert.equal((await officer.post(`/api/releases/${asked.body.id}/decision`, { decision: "approve" })).status, 200);
      await equal("release");
    });

    test("an owned table's column exists: the Reader filters by it", async () => {
      for (const [table, spec] of Object.entries(OWNED)) {
        await sql`select ${sql.ref(spec.by)} from ${sql.table(table)} limit 0`.execute(env.store.db);
        if ("marking" in spec) await sql`select ${sql.ref(spec.marking)} from ${sql.table(table)} limit 0`.execute(env.store.db);
      }
    });
  });
}
