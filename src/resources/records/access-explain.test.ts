// "Why can't this user read it?" names levels as the user's country does, so the security
// officer's page can say it in words in any language (issue 14).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";

for (const kind of STORES) describe(`access explanations (${kind})`, () => {
  let env: TestEnv;
  before(async () => { env = await testEnv(kind); });
  after(async () => { await env.close(); });

  test("a denial names the user's clearance and the level required in the user's national terms, and what else is missing", async () => {
    const author = await buildUser(env.store.db, { nationality: "IND", clearance: 3, roles: ["secretariat"], compartments: ["JWG"] });
    const made = await client(env.app, author).post("/api/organisations", { marking: { classification: "SECRET", releasableTo: ["ISR"], compartments: ["JWG"] }, name: "Explained Works", country: "IND", kind: "company" });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const officer = client(env.app, await buildUser(env.store.db, { nationality: "IND", clearance: 4, roles: ["security_officer"], compartments: ["JWG"] }));
    const israeli = await buildUser(env.store.db, { nationality: "ISR", clearance: 1 });
    const res = await officer.get(`/api/records/${made.body.id}/access/${israeli.userId}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.allowed, false);
    const clearance = res.body.reasons.find((r: { rule: string }) => r.rule === "clearance");
    assert.equal(clearance.detail, "clearance RESTRICTED is below the required SECRET");
    assert.deepEqual(clearance.params, { clearance: "Restricted (מוגבל, Mugbal)", required: "Secret (סודי, Sodi)" });
    assert.deepEqual(res.body.reasons.find((r: { rule: string }) => r.rule === "compartments").params, { missing: "JWG" });

    const indian = await buildUser(env.store.db, { nationality: "IND", clearance: 2, compartments: ["JWG"] });
    const ind = (await officer.get(`/api/records/${made.body.id}/access/${indian.userId}`)).body;
    assert.deepEqual(ind.reasons.map((r: { rule: string }) => r.rule), ["clearance"]);
    assert.deepEqual(ind.reasons[0].params, { clearance: "Confidential (Gopniya)", required: "Secret (Gupt)" });
  });
});
