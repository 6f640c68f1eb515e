// The worker pool's limits, through the API: a full queue and a task over its time answer 503
// problems with Retry-After at once, write nothing, and the pool serves the next request.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { defaultPoolConfig } from "./pool.ts";

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

    test("beyond one running and one waiting, a statement is refused with 503 and Retry-After; the rest are extracted", async () => {
      const api = client(queued.app, await buildUser(queued.store.db, { roles: ["analyst"] }));
      const text = STATEMENT.repeat(1500);
      const answers = await Promise.all(Array.from({ length: 5 }, () => api.post("/api/drafts", { text, marking: MARKING })));
      const refused = answers.filter((a) => a.status === 503);
      assert.ok(refused.length >= 1, `statuses ${answers.map((a) => a.status).join(", ")}`);
      assert.ok(answers.filter((a) => a.status === 201).length >= 2);
      for (const r of refused) {
        assert.equal(r.body.code, "busy");
        assert.equal(r.raw.headers["retry-after"], "5");
        assert.match(String(r.raw.headers["content-type"]), /application\/problem\+json/);
      }
      assert.equal(await records(queued), 2 * answers.filter((a) => a.status === 201).length, "a draft and its source per statement extracted, nothing for the refused");
      assert.equal((await api.post("/api/drafts", { text: STATEMENT, marking: MARKING })).status, 201, "the pool serves the next request");
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
