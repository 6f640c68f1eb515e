// My work on Israel's instance (SPEC 8.4): the 18th JWG, received from India, waits for Israel's
// co-chair (recognised by name, as the approve route recognises them) until an approval is on its
// way; no one else sees it there. The demo story split by originator, as `demo federation` loads it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { STORES, client, type Caller } from "../testing/harness.ts";
import { seedIndiaInstance, seedIsraelInstance } from "../seed/federation.ts";
import { DEMO_LINK } from "./demo.ts";
import { link, settle, startInstance, type Instance } from "./testing.ts";

async function demoUser(i: Instance, username: string) {
  const res = await i.env.app.inject({ method: "POST", url: "/api/auth/signin", payload: { username, password: `demo-${username}-2025` } });
  assert.equal(res.statusCode, 200, `${username} signs in`);
  const cookie = /accord_session=([^;]+)/.exec(String(res.headers["set-cookie"]))![1]!;
  const me = await i.env.app.inject({ url: "/api/auth/session", headers: { cookie: `accord_session=${cookie}` } });
  const caller: Caller = { userId: me.json().id, cookie, csrf: res.json().csrfToken };
  return client(i.env.app, caller);
}

for (const kind of STORES) {
  describe(`My work: received minutes awaiting a co-chair (Israel on ${kind})`, () => {
    let ind: Instance;
    let isr: Instance;
    let m18 = "";
    before(async () => {
      ind = await startInstance("sqlite", "IND");
      isr = await startInstance(kind, "ISR");
      m18 = (await seedIndiaInstance(ind.env.store)).m18;
      await seedIsraelInstance(isr.env.store);
      await link(ind, isr, DEMO_LINK.level, DEMO_LINK.compartments);
      await settle([ind, isr]);
    });
    after(async () => {
      await ind?.close();
      await isr?.close();
    });

    test("the co-chair sees the 18th JWG from India until an approval is on its way; others never", async () => {
      const chair = await demoUser(isr, "isr.cochair");
      const before = await chair.get("/api/my-work");
      assert.equal(before.status, 200);
      type Item = { meeting: { id: string; title: string; marking: { banner: string } }; version: number; from: string };
      const waiting = (body: { receivedMinutesToApprove: Item[] }) => body.receivedMinutesToApprove.map((x) => `${x.meeting.title.slice(0, 4)} v${x.version} from ${x.from}`).sort();
      // The 17th's minutes too: India's co-chair approved them, Israel's has not.
      assert.deepEqual(waiting(before.body), ["17th v1 from IND", "18th v1 from IND"]);
      assert.equal(before.body.receivedMinutesToApprove.find((x: Item) => x.meeting.id === m18).meeting.marking.banner, "RESTRICTED // REL TO IND, ISR // JWG");
      const count = (await chair.get("/api/my-work/count")).body.count;
      assert.equal(count, before.body.count);
      assert.ok(count >= 1);
      // Israel's secretariat is no co-chair; India's co-chair is on India's instance, where the meeting is its own.
      const noa = await demoUser(isr, "noa.secretariat");
      assert.deepEqual((await noa.get("/api/my-work")).body.receivedMinutesToApprove, []);
      assert.deepEqual((await (await demoUser(ind, "ind.cochair")).get("/api/my-work")).body.receivedMinutesToApprove, []);

      assert.equal((await chair.post(`/api/federation/replicas/${m18}/minutes/1/approve`)).status, 202);
      const pending = await chair.get("/api/my-work");
      assert.deepEqual(waiting(pending.body), ["17th v1 from IND"], "an approval on its way waits for nothing more from the co-chair");
      assert.equal(pending.body.count, before.body.count - 1);
      await settle([ind, isr]);
      assert.deepEqual(waiting((await chair.get("/api/my-work")).body), ["17th v1 from IND"], "the 18th agreed");
      assert.equal((await ind.author.get(`/api/meetings/${m18}`)).body.status, "minutes_agreed");
    });
  });
}
