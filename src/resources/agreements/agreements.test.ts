import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, STORES, testEnv, type TestEnv } from "../../testing/harness.ts";
import { buildUser } from "../../testing/factories.ts";
import { expiresOn } from "./present.ts";

const PUBLIC = { classification: "UNCLASSIFIED", releasableTo: "ALL" };
const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe("agreement validity", () => {
  test("ends on validTo, or the day before the anniversary of its start", () => {
    assert.equal(expiresOn("2030-01-01", "2025-01-01", null, 5), "2030-01-01");
    assert.equal(expiresOn(null, "2025-11-04", null, 5), "2030-11-03");
    assert.equal(expiresOn(null, null, "2024-02-29", 1), "2025-02-28");
    assert.equal(expiresOn(null, null, null, 5), null);
  });
});

for (const kind of STORES) {
  describe(`agreements (${kind})`, () => {
    let env: TestEnv;
    before(async () => { env = await testEnv(kind); });
    after(async () => { await env.close(); });

    test("agreements approaching expiry are listed, soonest first; others are not", async () => {
      const api = client(env.app, await buildUser(env.store.db, { roles: ["secretariat"], clearance: 3 }));
      const make = (title: string, extra: object) => api.post("/api/agreements", { marking: PUBLIC, kind: "Agreement", title, status: "in_force", parties: [{ country: "IND" }, { country: "ISR" }], ...extra });
      assert.equal((await make("Ends in 30 days", { validTo: days(30) })).status, 201);
      assert.equal((await make("Ends in 90 days", { validFrom: days(90 - 365 * 2 + 1), validityYears: 2 })).status, 201);
      assert.equal((await make("Ends in 3 years", { validTo: days(3 * 365) })).status, 201);
      assert.equal((await make("Open-ended", {})).status, 201);
      const res = await api.get("/api/agreements/expiring?withinDays=120");
      assert.deepEqual(res.body.items.map((a: { title: string }) => a.title), ["Ends in 30 days", "Ends in 90 days"]);
    });

    test("areas, parties and dates are validated", async () => {
      const api = client(env.app, await buildUser(env.store.db, { roles: ["secretariat"], clearance: 3 }));
      const bad = await api.post("/api/agreements", { marking: PUBLIC, kind: "MoU", title: "x", status: "signed", parties: [{ country: "IND" }], areas: ["telepathy"] });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].field, "areas.0");
      const dates = await api.post("/api/agreements", { marking: PUBLIC, kind: "MoU", title: "x", status: "signed", parties: [{ country: "IND" }], validFrom: "2026-01-02", validTo: "2026-01-01" });
      assert.equal(dates.status, 400);
      assert.equal(dates.body.errors[0].field, "validTo");
    });

    test("the STANAG 4774 label of a record's marking", async () => {
      const api = client(env.app, await buildUser(env.store.db, { roles: ["secretariat"], clearance: 3, compartments: ["JWG"] }));
      const made = await api.post("/api/agreements", { marking: { classification: "SECRET", releasableTo: ["ISR"], compartments: ["JWG"] }, kind: "Protocol", title: "P", status: "draft", parties: [{ country: "IND" }] });
      const label = await api.get(`/api/records/${made.body.id}/label.xml`);
      assert.equal(label.status, 200);
      assert.match(label.raw.headers["content-type"] as string, /application\/xml/);
      assert.match(label.raw.body, /<slab:ConfidentialityLabel xmlns:slab="urn:nato:stanag:4774:confidentialitymetadatalabel:1:0"/);
      assert.match(label.raw.body, /<slab:Classification>SECRET<\/slab:Classification>/);
      assert.match(label.raw.body, /TagName="Releasable To"[^>]*>\s*<slab:GenericValue>IND<\/slab:GenericValue>\s*<slab:GenericValue>ISR<\/slab:GenericValue>/);
      assert.match(label.raw.body, /TagName="Compartment"[^>]*>\s*<slab:GenericValue>JWG<\/slab:GenericValue>/);
      const outsider = client(env.app, await buildUser(env.store.db, { clearance: 3 }));
      assert.equal((await outsider.get(`/api/records/${made.body.id}/label.xml`)).status, 404);
    });
  });
}
