// SQLite rows as the store hands them to Kysely (read as arrays, made objects in db.ts): the same
// objects better-sqlite3 makes itself, and a statement kept across a schema change names its columns anew.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { openStore } from "./db.ts";

describe("SQLite rows", () => {
  test("rows equal better-sqlite3's own object rows, duplicate and odd column names included, and __proto__ is a column", async () => {
    const dir = mkdtempSync(join(tmpdir(), "accord-rows-"));
    const store = openStore(`sqlite:${join(dir, "r.db")}`);
    try {
      await sql`create table t (id text primary key, a integer, b text, c blob)`.execute(store.db);
      await sql`insert into t values ('x', 1, 'one', x'00ff'), ('y', null, 'two', null)`.execute(store.db);
      const text = `select t.*, t.b as a, 1 as "1", 'z' as "b c" from t order by id`;
      const ours = (await sql.raw(text).execute(store.db)).rows;
      const direct = new SQLite(join(dir, "r.db"), { readonly: true });
      const theirs = direct.prepare(text).all();
      direct.close();
      assert.deepEqual(ours, theirs);
      // better-sqlite3 would set the prototype from such a column (null for a null); here it is a property.
      const odd = (await sql`select id, b as "__proto__" from t order by id`.execute(store.db)).rows as Record<string, unknown>[];
      assert.deepEqual(odd.map((r) => [Object.getPrototypeOf(r), Object.getOwnPropertyDescriptor(r, "__proto__")?.value]), [[Object.prototype, "one"], [Object.prototype, "two"]]);
      assert.deepEqual(Object.keys(ours[0] as object), Object.keys(theirs[0] as object), "columns in the same order");
      assert.deepEqual((await sql`select * from t where id = 'none'`.execute(store.db)).rows, []);
      const streamed = [];
      for await (const row of store.db.selectFrom("t" as never).selectAll().orderBy("id" as never).stream()) streamed.push(row);
      assert.deepEqual(streamed, [{ id: "x", a: 1, b: "one", c: Buffer.from([0, 255]) }, { id: "y", a: null, b: "two", c: null }]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a kept `select *` names the columns a schema change added or renamed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "accord-rows-"));
    const store = openStore(`sqlite:${join(dir, "r.db")}`);
    try {
      await sql`create table t (id text primary key, a integer)`.execute(store.db);
      await sql`insert into t values ('x', 1)`.execute(store.db);
      const all = () => sql.raw("select * from t").execute(store.db).then((r) => r.rows);
      assert.deepEqual(await all(), [{ id: "x", a: 1 }]);
      await sql`alter table t rename column a to b`.execute(store.db);
      assert.deepEqual(await all(), [{ id: "x", b: 1 }]);
      await sql`alter table t add column c text`.execute(store.db);
      assert.deepEqual(await all(), [{ id: "x", b: 1, c: null }]);
      // Changed by another connection: the row's length differs from the names kept.
      const other = new SQLite(join(dir, "r.db"));
      other.exec("alter table t add column d integer default 7");
      other.close();
      assert.deepEqual(await all(), [{ id: "x", b: 1, c: null, d: 7 }]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
