// PostgreSQL's readable sets held by each connection (postgres-sets.ts): a statement naming a set
// reads exactly its ids on whichever connection it runs, whatever transactions came and went there.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import pg from "pg";
import type { Conn, Store } from "./db.ts";
import { pgTextArray, readableSetParam } from "./postgres-sets.ts";
import { openTestStore } from "../testing/harness.ts";

const ids = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}-${String(i).padStart(4, "0")}`);

async function read(conn: Conn, set: readonly string[]): Promise<string[]> {
  const res = await sql<{ id: string }>`select rs.rs_marking as id from pg_temp.accord_readable rs where rs.rs_set = ${readableSetParam(set)} order by 1`.execute(conn);
  return res.rows.map((r) => r.id);
}

describe("readable sets held by PostgreSQL connections", { skip: !process.env.TEST_DATABASE_URL }, () => {
  let store: Store;
  let drop: () => Promise<void>;
  before(async () => ({ store, drop } = await openTestStore("postgres")));
  after(async () => {
    await store.close();
    await drop();
  });

  test("a set reads exactly its ids on every connection, and another set its own", async () => {
    const a = ids(300, "a");
    const b = [...ids(200, "b"), "a-0001"];
    const reads = await Promise.all(Array.from({ length: 24 }, (_, i) => read(store.db, i % 2 ? b : a)));
    for (const [i, got] of reads.entries()) assert.deepEqual(got, [...(i % 2 ? b : a)].sort());
  });

  test("ids of any text are read back as they are", async () => {
    const odd = ["plain", "with space", 'quo"te', "back\\slash", "NULL", "null", "", "{brace}", "com,ma", "é", "x'y", "-", "_"];
    assert.deepEqual(await read(store.db, odd), [...odd].sort());
    const direct = await sql<{ v: string[] }>`select ${pgTextArray(odd)}::text[] as v`.execute(store.db);
    assert.deepEqual(direct.rows[0]!.v, odd);
  });

  test("a set's keys are compared as bytes (the \"C\" collation), and a probe from a column of the default collation still seeks its primary key", async () => {
    await store.db.connection().execute(async (conn) => {
      const set = ids(300, "c");
      assert.deepEqual(await read(conn, set), set);
      const columns = await sql<{ name: string; collation: string }>`select a.attname as name, c.collname as collation from pg_attribute a join pg_collation c on c.oid = a.attcollation
        where a.attrelid = 'pg_temp.accord_readable'::regclass and a.attnum > 0 order by a.attnum`.execute(conn);
      assert.deepEqual(columns.rows, [{ name: "rs_set", collation: "C" }, { name: "rs_marking", collation: "C" }]);
      const plan = await sql<{ "QUERY PLAN": string }>`explain (costs off) select v.id from (values ('c-0001'::text), ('x')) v(id)
        where exists (select 1 from pg_temp.accord_readable rs where rs.rs_set = ${readableSetParam(set)} and rs.rs_marking = v.id offset 0)`.execute(conn);
      const text = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
      assert.match(text, /Index Only Scan using accord_readable_pkey[\s\S]*Index Cond: .*rs_marking = "\*VALUES\*"\.column1/, text);
      const found = await sql<{ id: string }>`select v.id from (values ('c-0001'::text), ('x')) v(id)
        where exists (select 1 from pg_temp.accord_readable rs where rs.rs_set = ${readableSetParam(set)} and rs.rs_marking = v.id offset 0)`.execute(conn);
      assert.deepEqual(found.rows, [{ id: "c-0001" }]);
    });
  });

  test("a set loaded in a transaction that rolls back (whole, to a savepoint, or failed) is loaded again", async () => {
    await store.db.connection().execute(async (conn) => {
      const run = (text: string) => sql.raw(text).execute(conn);
      const s1 = ids(100, "r1");
      await run("begin");
      assert.deepEqual(await read(conn, s1), s1);
      await run("rollback");
      assert.deepEqual(await read(conn, s1), s1, "after a rollback");

      const s2 = ids(100, "r2");
      await run("begin");
      await run("savepoint sp");
      assert.deepEqual(await read(conn, s2), s2);
      await run("rollback to savepoint sp");
      assert.deepEqual(await read(conn, s2), s2, "after a rollback to a savepoint");
      await run("commit");
      assert.deepEqual(await read(conn, s2), s2, "after the commit");

      const s3 = ids(100, "r3");
      await run("begin");
      assert.deepEqual(await read(conn, s3), s3);
      await assert.rejects(run("select 1/0"));
      await run("commit"); // answers ROLLBACK: the transaction had failed
      assert.deepEqual(await read(conn, s3), s3, "after a failed transaction");

      const s4 = ids(100, "r4");
      await run("begin");
      assert.deepEqual(await read(conn, s4), s4);
      await run("commit");
      assert.deepEqual(await read(conn, s4), s4, "after a commit");
    });
  });

  test("a set's probes read its index alone, the table vacuumed once the set's rows commit (outside a transaction, or after the one that loaded it)", async () => {
    // Each probe by primary key is an index-only scan; an unvacuumed table's visibility map is
    // unset, so each probe also fetched its row from the table ("Heap Fetches").
    const heapFetches = async (conn: Conn, set: readonly string[]) => {
      const plan = await sql<{ "QUERY PLAN": string }>`explain (analyze, costs off, timing off, summary off)
        select count(*) from unnest(${pgTextArray(set)}::text[]) v(id)
        where exists (select 1 from pg_temp.accord_readable rs where rs.rs_set = ${readableSetParam(set)} and rs.rs_marking = v.id offset 0)`.execute(conn);
      const text = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
      assert.match(text, /Index Only Scan using accord_readable_pkey/, text);
      const fetches = [...text.matchAll(/Heap Fetches: (\d+)/g)].map((m) => Number(m[1]));
      assert.ok(fetches.length, text);
      return fetches.reduce((a, b) => a + b, 0);
    };
    await store.db.connection().execute(async (conn) => {
      const run = (text: string) => sql.raw(text).execute(conn);
      const outside = ids(400, "v1");
      assert.deepEqual(await read(conn, outside), outside);
      assert.equal(await heapFetches(conn, outside), 0, "a set loaded outside a transaction");

      const inside = ids(400, "v2");
      await run("begin");
      assert.deepEqual(await read(conn, inside), inside);
      await run("commit");
      assert.equal(await heapFetches(conn, inside), 0, "a set loaded in a transaction, after its commit");
      assert.equal(await heapFetches(conn, outside), 0, "the set loaded before");

      // Loaded in a transaction that is still open: read as loaded, and vacuumed once it commits.
      const later = ids(400, "v3");
      await run("begin");
      assert.deepEqual(await read(conn, later), later);
      assert.ok(await heapFetches(conn, later) > 0, "in the open transaction the rows are not yet all-visible");
      await run("commit");
      assert.equal(await heapFetches(conn, later), 0, "after its commit");
    });
  });

  test("a connection holding many sets drops the oldest and loads them again when asked", async () => {
    await store.db.connection().execute(async (conn) => {
      const sets = Array.from({ length: 80 }, (_, i) => ids(20 + i, `m${i}`));
      for (const s of sets) assert.deepEqual(await read(conn, s), s);
      for (const s of sets) assert.deepEqual(await read(conn, s), s);
      const held = await sql<{ n: number }>`select count(distinct rs_set)::int as n from pg_temp.accord_readable`.execute(conn);
      assert.ok(held.rows[0]!.n <= 64, `${held.rows[0]!.n} sets held`);
    });
  });

  test("a set cannot be sent by a connection that does not load sets", async () => {
    const c = new pg.Client({ connectionString: store.url });
    await c.connect();
    try {
      await assert.rejects(c.query("select $1::integer as n", [readableSetParam(ids(3, "x"))]), /does not load sets/);
    } finally {
      await c.end();
    }
  });
});
