// The worker pool's limits, through the API: a full queue and a task over its time answer 503
// problems with Retry-After at once, write nothing, and the pool serves the next request.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { ResponseError } from "../http/problem.ts";
import { defaultPoolConfig, WorkerPool } from "./pool.ts";

const MARKING = { classification: "UNCLASSIFIED", releasableTo: ["ISR"] };
const STATEMENT = "New Delhi, March 12 (PTI) India and Israel held the 18th meeting of the Joint Working Group on Defence Cooperation in New Delhi on Tuesday.\n";

for (const store of STORES) {
  describe(`worker pool limits (${store})`, () => {
    let queued: TestEnv;
    let hurried: TestEnv;
    before(async () => {
      queued = await testEnv(store, { requestTimeoutMs: 120_000, pool: { threads: 1, queue: 1, timeoutMs: 120_000 } });
      hurried = await testEnv(store, { pool: { ...defaultPoolConfig(), timeoutMs: 1 } });
    });
    after(async () => { await queued.close(); await hurried.close(); });

    const records = async (env: TestEnv) => Number((await env.store.db.selectFrom("records").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

    test("beyond one running and one waiting, a task is refused at once as busy (503); the others run", async () => {
      // Directly on a pool: requests that write run one unit at a time on SQLite, so HTTP alone would not fill its queue.
      const pool = new WorkerPool({ threads: 1, queue: 1, timeoutMs: 120_000 });
      try {
        const text = STATEMENT.repeat(300);
        const results = await Promise.allSettled(Array.from({ length: 4 }, () => pool.extract(text, undefined, {})));
        const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        assert.ok(refused.length >= 1, `outcomes ${results.map((r) => r.status).join(", ")}`);
        assert.ok(results.filter((r) => r.status === "fulfilled").length >= 2);
        for (const r of refused) {
          assert.ok(r.reason instanceof ResponseError, String(r.reason));
          const answer = await queued.app.inject({ method: "GET", url: "/api/ping" });
          assert.equal(answer.statusCode, 200);
        }
        assert.equal((await pool.extract(STATEMENT, undefined, {})).events.length > 0, true, "the pool serves the next task");
      } finally {
        await pool.close();
      }
    });

    test("a task over its time is stopped and answered 503", async () => {
      const api = client(hurried.app, await buildUser(hurried.store.db, { roles: ["analyst"] }));
      const before = await records(hurried);
      const res = await api.post("/api/drafts", { text: STATEMENT.repeat(2000), marking: MARKING });
      assert.equal(res.status, 503, JSON.stringify(res.body));
      assert.equal(res.body.code, "busy");
      assert.equal(await records(hurried), before, "nothing written");
    });
  });
}
