// SQLite rows as the store hands them to Kysely (read as arrays, made objects in db.ts): the same
// objects better-sqlite3 makes itself, and a statement kept across a schema change names its columns anew.
// PostgreSQL statements prepared by name on each connection (db.ts): once, and afresh when their columns change;
// their rows read as arrays and made objects in db.ts: the same objects pg makes itself.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import { CompiledQuery, sql } from "kysely";
import { ONE_PLAN, openStore, serverTimeouts, type Conn, type Store } from "./db.ts";
import { openTestStore } from "../testing/harness.ts";

describe("SQLite rows", () => {
  test("rows equal better-sqlite3's own object rows, duplicate and odd column names included, and __proto__ is a column", async () => {
    const dir = mkdtempSync(join(tmpdir(), "accord-rows-"));
    const store = openStore(`sqlite:${join(dir, "r.db")}`);
    try {
      await sql`create table t (id text primary key, a integer, b text, c blob)`.execute(store.db);
      await sql`insert into t values ('x', 1, 'one', x'00ff'), ('y', null, 'two', null)`.execute(store.db);
      // Names that are no identifier, or would end a string literal or the object around it (rows are made by compiled code).
      const text = `select t.*, t.b as a, 1 as "1", 'z' as "b c", 2 as "q""\\'\`\${}", 3 as "}; throw 1; ({", 4 as "new\nline\u2028" from t order by id`;
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

describe("PostgreSQL pool: idle connections kept", () => {
  test("a server keeps an unused connection five minutes by default, as ACCORD_DB_POOL_IDLE_MS says (0: kept), and refuses a value that is not milliseconds", () => {
    assert.equal(serverTimeouts({}).poolIdleMs, 300_000);
    assert.equal(serverTimeouts({ ACCORD_DB_POOL_IDLE_MS: "0" }).poolIdleMs, 0);
    assert.equal(serverTimeouts({ ACCORD_DB_POOL_IDLE_MS: "60000" }).poolIdleMs, 60_000);
    for (const bad of ["-1", "1.5", "ten"]) assert.throws(() => serverTimeouts({ ACCORD_DB_POOL_IDLE_MS: bad }), /ACCORD_DB_POOL_IDLE_MS must be a whole number of milliseconds/);
  });

  test("the pool closes a connection unused for the time given, and keeps it for the server's default", { skip: !process.env.TEST_DATABASE_URL }, async () => {
    const open = (poolIdleMs: number) => openStore(process.env.TEST_DATABASE_URL!, { timeouts: { ...serverTimeouts({}), poolIdleMs } });
    const short = open(150);
    const kept = open(serverTimeouts({}).poolIdleMs!);
    try {
      for (const store of [short, kept]) await sql`select 1`.execute(store.db);
      assert.equal(kept.pgPool!.options.idleTimeoutMillis, 300_000);
      // Polled, with a bound: the short pool's idle connection goes once its 150 ms are up.
      const deadline = Date.now() + 10_000;
      while (short.pgPool!.totalCount > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(short.pgPool!.totalCount, 0, "closed after its idle time");
      assert.equal(kept.pgPool!.totalCount, 1, "kept meanwhile");
    } finally {
      await short.close();
      await kept.close();
    }
  });
});

describe("PostgreSQL statements prepared by name", { skip: !process.env.TEST_DATABASE_URL }, () => {
  /** Each test on its own store (a database of its own), one connection. */
  async function withStore(work: (store: Store) => Promise<void>): Promise<void> {
    const prev = process.env.DB_POOL;
    process.env.DB_POOL = "1";
    const { store, drop } = await openTestStore("postgres");
    if (prev === undefined) delete process.env.DB_POOL;
    else process.env.DB_POOL = prev;
    try {
      await work(store);
    } finally {
      await store.close();
      await drop();
    }
  }
  const prepared = async (store: Store) =>
    (await sql<{ statement: string; generic_plans: number; custom_plans: number }>`select statement, generic_plans, custom_plans from pg_prepared_statements`.execute(store.db)).rows;

  test("a text run again is prepared once on the connection and answers as unnamed", async () => {
    await withStore(async (store) => {
      await sql`create table t (id text primary key, n integer)`.execute(store.db);
      await sql`insert into t values ('a', 1), ('b', 2)`.execute(store.db);
      const text = "select n from t where id = $1";
      const answers = [];
      for (let i = 0; i < 8; i++) {
        await sql.raw(text.replace("$1", "'x'")).execute(store.db);
        answers.push((await store.db.executeQuery(CompiledQuery.raw(text, [i % 2 ? "a" : "b"]))).rows);
      }
      assert.deepEqual(answers, Array.from({ length: 8 }, (_, i) => [{ n: i % 2 ? 1 : 2 }]));
      const held = (await prepared(store)).filter((p) => p.statement === text);
      assert.equal(held.length, 1, "prepared once");
      // Parsed once, then run: the first runs planned for their values, later ones may keep a plan.
      assert.equal(held[0]!.generic_plans + held[0]!.custom_plans, 7, "run by name after its first run");
      // Statements planned for their values (a bound limit, a full-text search) and statements without parameters stay unnamed.
      for (let i = 0; i < 4; i++) {
        await store.db.executeQuery(CompiledQuery.raw("select id from t where to_tsvector('simple', id) @@ to_tsquery('simple', $1)", ["a"]));
        await store.db.executeQuery(CompiledQuery.raw("select id from t order by id limit $1", [1]));
      }
      assert.deepEqual((await prepared(store)).map((p) => p.statement), [text], "no search, no bound limit, no statement without parameters");
    });
  });

  test("a full-text search marked as planned alike for any words (ONE_PLAN) is prepared once on the connection; its bound limit still keeps it unnamed", async () => {
    await withStore(async (store) => {
      await sql`create table t (id text primary key)`.execute(store.db);
      await sql`insert into t values ('a'), ('b')`.execute(store.db);
      const text = `select id from t where to_tsvector('simple', id) @@ to_tsquery('simple', $1) order by id limit 5 ${ONE_PLAN}`;
      const bound = `select id from t where to_tsvector('simple', id) @@ to_tsquery('simple', $1) order by id limit $2 ${ONE_PLAN}`;
      for (let i = 0; i < 8; i++) {
        assert.deepEqual((await store.db.executeQuery(CompiledQuery.raw(text, [i % 2 ? "a" : "b"]))).rows, [{ id: i % 2 ? "a" : "b" }]);
        await store.db.executeQuery(CompiledQuery.raw(bound, ["a", 1]));
      }
      const held = await prepared(store);
      assert.deepEqual(held.map((p) => p.statement), [text]);
      assert.equal(held[0]!.generic_plans + held[0]!.custom_plans, 7, "run by name after its first run");
    });
  });

  test("a prepared statement whose columns changed is prepared afresh: at once outside a transaction, on the next run inside one", async () => {
    await withStore(async (store) => {
      await sql`create table t (id text primary key, a integer)`.execute(store.db);
      await sql`insert into t values ('x', 1)`.execute(store.db);
      const all = async (db: Conn = store.db) => (await db.executeQuery(CompiledQuery.raw("select * from t where id = $1", ["x"]))).rows;
      for (let i = 0; i < 3; i++) assert.deepEqual(await all(), [{ id: "x", a: 1 }]);
      await sql`alter table t add column b text`.execute(store.db);
      assert.deepEqual(await all(), [{ id: "x", a: 1, b: null }]);
      await sql`alter table t add column c text`.execute(store.db);
      await assert.rejects(store.db.transaction().execute((tx) => all(tx)), /cached plan must not change result type/);
      assert.deepEqual(await store.db.transaction().execute((tx) => all(tx)), [{ id: "x", a: 1, b: null, c: null }]);
    });
  });

  test("rows of a statement run again are read as arrays and made the same objects pg makes, odd and duplicate names, types and a changed `select *` included", async () => {
    await withStore(async (store) => {
      await sql`create table t (id text primary key, a integer, b text, big bigint, ok boolean, at timestamptz, j jsonb)`.execute(store.db);
      await sql`insert into t values ('x', 1, 'one', 9007199254740991, true, '2026-01-02T03:04:05Z', '{"k": [1]}'), ('y', null, 'two', null, null, null, null)`.execute(store.db);
      const text = `select t.*, t.b as a, 1 as "1", 'z' as "b c", 2 as "q""\\'\`\${}", 3 as "}; throw 1; ({", 4 as "new\nline\u2028", b as "__proto__" from t where id <> $1 order by id`;
      const direct = new pg.Client({ connectionString: store.url });
      await direct.connect();
      const asked: unknown[] = [];
      const query = pg.Client.prototype.query;
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        if (this !== direct) asked.push((args[0] as { rowMode?: unknown }).rowMode);
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof query;
      try {
        const theirs = (await direct.query(text, ["none"])).rows;
        for (let i = 0; i < 4; i++) {
          const ours = (await store.db.executeQuery(CompiledQuery.raw(text, ["none"]))).rows as Record<string, unknown>[];
          assert.deepEqual(ours, theirs);
          assert.deepEqual(ours.map((r) => Object.keys(r)), theirs.map((r) => Object.keys(r)), "columns in the same order");
          // pg makes such a column a property (its prototype stays Object's); so do these rows.
          assert.deepEqual(ours.map((r) => [Object.getPrototypeOf(r), Object.getOwnPropertyDescriptor(r, "__proto__")?.value]), [[Object.prototype, "one"], [Object.prototype, "two"]]);
        }
        assert.deepEqual(asked, [undefined, "array", "array", "array"], "pg's rows the first time, arrays once the text is run again");
        const all = async () => (await store.db.executeQuery(CompiledQuery.raw("select * from t where id = $1", ["x"]))).rows;
        for (let i = 0; i < 3; i++) assert.deepEqual(await all(), (await direct.query("select * from t where id = $1", ["x"])).rows);
        await sql`alter table t drop column j, add column c text default 'c'`.execute(store.db);
        assert.deepEqual(await all(), (await direct.query("select * from t where id = $1", ["x"])).rows);
        assert.deepEqual(Object.keys((await all())[0] as object), ["id", "a", "b", "big", "ok", "at", "c"]);
      } finally {
        pg.Client.prototype.query = query;
        await direct.end();
      }
    });
  });
});
