// Commit to visibility (issue 17): a request's commit that gives a peer something to send starts a
// round a few milliseconds later, so a record reaches the peer without waiting for the timer (set
// here to ten minutes, far beyond the test). The same holds for a joint act and the owner's answer
// to it, and for each store on both sides (PostgreSQL's pushes hold a per-peer advisory lock).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { STORES } from "../testing/harness.ts";
import { Federation } from "./service.ts";
import { link, startInstance, type Instance } from "./testing.ts";

const TEN_MINUTES = 600_000;

/** Waits for `check` to hold, looking every 20 ms, for at most `ms` (far less than the timer's interval). */
async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

const held = async (i: Instance, id: string) => !!(await i.env.store.db.selectFrom("federation_replicas").select("id").where("id", "=", id).executeTakeFirst());

for (const kind of STORES) {
  describe(`a commit pushes to the peer without waiting for the timer (${kind} → ${kind})`, () => {
    let ind: Instance;
    let isr: Instance;
    before(async () => {
      ind = await startInstance(kind, "IND", { intervalMs: TEN_MINUTES, bundleRecords: 500 });
      isr = await startInstance(kind, "ISR", { intervalMs: TEN_MINUTES, bundleRecords: 500 });
      await link(ind, isr, "SECRET", ["JWG"]);
      // Adding the peer is itself a commit that fills its outbox (nothing yet to send): let that round end.
      await until("the link settles", async () => (await ind.env.store.db.selectFrom("federation_outbox").select("id").execute()).length === 0);
    });
    after(async () => {
      await ind?.close();
      await isr?.close();
    });

    test("a record India writes is on Israel's instance soon after, with no round asked for", async () => {
      const made = await ind.author.post("/api/actions", { marking: { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] }, title: "Pushed on commit", owner: { country: "IND" } });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      await until("the record reaches Israel", () => held(isr, made.body.id));
      await until("India sees it acknowledged", async () => {
        const p = await ind.env.store.db.selectFrom("federation_peers").select(["acked_out_seq", "next_out_seq"]).executeTakeFirstOrThrow();
        return Number(p.acked_out_seq) === Number(p.next_out_seq) - 1;
      });
    });

    test("a burst of concurrent writes all arrive, in fewer bundles than records", async () => {
      const before = Number((await ind.env.store.db.selectFrom("federation_peers").select("next_out_seq").executeTakeFirstOrThrow()).next_out_seq);
      const made = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        ind.author.post("/api/actions", { marking: { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] }, title: `Burst ${i}`, owner: { country: "IND" } })));
      assert.ok(made.every((m) => m.status === 201));
      for (const m of made) await until(`record ${m.body.id as string} reaches Israel`, () => held(isr, m.body.id as string));
      const built = Number((await ind.env.store.db.selectFrom("federation_peers").select("next_out_seq").executeTakeFirstOrThrow()).next_out_seq) - before;
      assert.ok(built >= 1 && built <= 20, `${built} bundles for 20 records`);
    });

    test("a round a commit starts leaves a peer whose last push failed to the timer's round, which retries it", async () => {
      // A Federation of its own over India's store: no commit of the test's starts a round on it meanwhile.
      const fed = new Federation(ind.env.store.db, ind.cfg);
      await ind.env.store.db.updateTable("federation_peers").set({ last_error: "unreachable: test" }).execute();
      assert.deepEqual(await fed.sync(true), [], "no push to a failing peer on a commit");
      const timer = await fed.sync();
      assert.deepEqual(timer.map((r) => [r.peer, r.error]), [["ISR", null]]);
      assert.equal((await ind.env.store.db.selectFrom("federation_peers").select("last_error").executeTakeFirstOrThrow()).last_error, null);
    });

    test("a record narrowed away is retracted on Israel's side soon after, too", async () => {
      const made = await ind.author.post("/api/actions", { marking: { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: ["JWG"] }, title: "Shared, then not", owner: { country: "IND" } });
      await until("the record reaches Israel", () => held(isr, made.body.id));
      const narrowed = await ind.author.patch(`/api/actions/${made.body.id}`, { marking: { classification: "RESTRICTED", releasableTo: [], compartments: ["JWG"] } });
      assert.equal(narrowed.status, 200, JSON.stringify(narrowed.body));
      await until("the replica is retracted", async () => !(await held(isr, made.body.id)));
    });
  });
}
