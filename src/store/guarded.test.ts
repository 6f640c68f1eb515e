// A statement outside a transaction takes the guarded driver's short way (guarded.ts, `run`):
// with the guards the long way had (an answered request runs nothing, a write counts as its
// commit, a fault is noted, a connection is always given back), never inside another's
// transaction, and with few promises. On both stores.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHook, executionAsyncId } from "node:async_hooks";
import { sql } from "kysely";
import type { Store } from "./db.ts";
import { newRequestScope, requestScope, RequestExpiredError } from "./request-scope.ts";
import { openTestStore, STORES } from "../testing/harness.ts";

async function withStore(kind: "sqlite" | "postgres", pool: number | null, work: (store: Store) => Promise<void>): Promise<void> {
  const prev = process.env.DB_POOL;
  if (pool !== null) process.env.DB_POOL = String(pool);
  const { store, drop } = await openTestStore(kind);
  if (prev === undefined) delete process.env.DB_POOL;
  else process.env.DB_POOL = prev;
  try {
    await sql`create table t (id text primary key, n integer)`.execute(store.db);
    await sql`insert into t values ('a', 1)`.execute(store.db);
    await work(store);
  } finally {
    await store.close();
    await drop();
  }
}

const count = (store: Store) => store.db.selectFrom("t" as never).select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow().then((r) => Number((r as { n: number }).n));

for (const kind of STORES) {
  describe(`statements outside a transaction (${kind})`, () => {
    test("few promises each: a select costs at most 16 on PostgreSQL and 4 on SQLite (Kysely's executor and the guarded connection made ~37)", async () => {
      await withStore(kind, null, async (store) => {
        const select = () => store.db.selectFrom("t" as never).selectAll().execute();
        await select();
        // Only promises made by the statements' own work count: those made where a promise or
        // resource of theirs runs (their descendants); the process may do other work meanwhile
        // (tsx expires its disk cache in the background once, ~1,700 promises).
        const ours = new Set<number>([executionAsyncId()]);
        let made = 0;
        let all = 0;
        const hook = createHook({
          init: (id, type, trigger) => {
            if (type === "PROMISE") all++;
            if (!ours.has(trigger) && !ours.has(executionAsyncId())) return;
            ours.add(id);
            if (type === "PROMISE") made++;
          },
        }).enable();
        try {
          for (let i = 0; i < 10; i++) await select();
        } finally {
          hook.disable();
        }
        const per = made / 10;
        assert.ok(per <= (kind === "sqlite" ? 4 : 16), `${per} promises per statement (${all / 10} in the whole process)`);
      });
    });

    test("a request already answered runs no statement, and its connection is not taken", async () => {
      await withStore(kind, null, async (store) => {
        const scope = newRequestScope(true);
        scope.expired = true;
        await assert.rejects(requestScope.run(scope, () => store.db.insertInto("t" as never).values({ id: "b", n: 2 } as never).execute()), RequestExpiredError);
        assert.equal(await count(store), 1, "nothing written");
        if (store.pgPool) assert.equal(store.pgPool.totalCount, store.pgPool.idleCount, "every connection idle");
      });
    });

    test("a write outside a transaction is the request's commit; a read is not", async () => {
      await withStore(kind, null, async (store) => {
        const scope = newRequestScope(false);
        await requestScope.run(scope, () => store.db.selectFrom("t" as never).selectAll().execute());
        assert.equal(scope.committed, false);
        await requestScope.run(scope, () => store.db.insertInto("t" as never).values({ id: "b", n: 2 } as never).execute());
        assert.equal(scope.committed, true);
        assert.equal(scope.commitsInFlight, 0);
      });
    });

    test("a failed statement is the caller's error, noted in health only when it is a fault, and gives its connection back", async () => {
      await withStore(kind, null, async (store) => {
        await assert.rejects(sql`select * from no_such_table`.execute(store.db), /no_such_table|no such table/);
        assert.equal(store.health.current, null, "a bug in a query is no fault of the database");
        if (store.pgPool) assert.equal(store.pgPool.totalCount, store.pgPool.idleCount, "every connection idle");
        assert.equal(await count(store), 1, "the next statement runs");
      });
    });

    test("never inside another's transaction: it waits for it on SQLite's one connection, and sees only what that transaction committed", async () => {
      await withStore(kind, null, async (store) => {
        let inside!: () => void;
        const entered = new Promise<void>((resolve) => (inside = resolve));
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const tx = store.db.transaction().execute(async (t) => {
          await t.insertInto("t" as never).values({ id: "b", n: 2 } as never).execute();
          inside();
          await held;
          throw new Error("rolled back");
        });
        await entered;
        const outside = store.db.insertInto("t" as never).values({ id: "c", n: 3 } as never).execute();
        // PostgreSQL: on a connection of its own, beside the transaction; SQLite: queued behind it.
        if (kind === "postgres") await outside;
        const seen = count(store);
        release();
        await assert.rejects(tx, /rolled back/);
        await outside;
        // Never the transaction's row (uncommitted, then rolled back); the statement outside it stayed written.
        assert.equal(await seen, 2);
        assert.deepEqual((await sql<{ id: string }>`select id from t order by id`.execute(store.db)).rows.map((r) => r.id), ["a", "c"]);
      });
    });

    if (kind === "postgres") test("a pool of one connection: statements asked for at once, and inside a request, take turns and all finish", async () => {
      await withStore(kind, 1, async (store) => {
        const scope = newRequestScope(true);
        const answers = await requestScope.run(scope, () => Promise.all(Array.from({ length: 6 }, () => count(store))));
        assert.deepEqual(answers, [1, 1, 1, 1, 1, 1]);
        // A transaction holding the one connection, and a statement outside it meanwhile: the statement waits, no deadlock.
        const outside = await store.db.transaction().execute(async (t) => {
          await t.insertInto("t" as never).values({ id: "b", n: 2 } as never).execute();
          return "committed";
        }).then(() => count(store));
        assert.equal(outside, 2);
        assert.equal(store.pgPool!.totalCount, store.pgPool!.idleCount);
      });
    });
  });
}
