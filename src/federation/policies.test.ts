// The web app's navigation for federation comes from GET /api/policies: "Received" where the
// instance federates, "Federation" (the peers page) for security officers of its home country only.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";
import { startInstance, type Instance } from "./testing.ts";

describe("federation in GET /api/policies", () => {
  let ind: Instance;
  let shared: TestEnv;
  before(async () => {
    ind = await startInstance("sqlite", "IND");
    shared = await testEnv("sqlite");
  });
  after(async () => {
    await ind?.close();
    await shared?.close();
  });

  test("a federating instance: security officers of its home country manage peers; everyone may list what was received", async () => {
    const officer = await ind.officer.get("/api/policies");
    assert.deepEqual([officer.body.federation, officer.body.received], [true, true]);
    const member = await client(ind.env.app, await buildUser(ind.env.store.db, { nationality: "IND", clearance: 3, roles: ["member"] })).get("/api/policies");
    assert.deepEqual([member.body.federation, member.body.received], [false, true]);
    const foreignOfficer = await client(ind.env.app, await buildUser(ind.env.store.db, { nationality: "ISR", clearance: 4, roles: ["security_officer"] })).get("/api/policies");
    assert.deepEqual([foreignOfficer.body.federation, foreignOfficer.body.received], [false, true]);
  });

  test("a shared instance (no home country) shows neither", async () => {
    const officer = await client(shared.app, await buildUser(shared.store.db, { nationality: "IND", clearance: 4, roles: ["security_officer"] })).get("/api/policies");
    assert.equal(officer.status, 200);
    assert.deepEqual([officer.body.federation, officer.body.received], [false, false]);
  });
});
