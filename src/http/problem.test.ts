// Validation errors name the field and the rule, for every kind of schema failure.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, testEnv, type TestEnv } from "../testing/harness.ts";
import { buildUser } from "../testing/factories.ts";

describe("problem+json validation errors", () => {
  let env: TestEnv;
  let api: ReturnType<typeof client>;
  before(async () => {
    env = await testEnv("sqlite");
    api = client(env.app, await buildUser(env.store.db, { roles: ["secretariat"], clearance: 3 }));
  });
  after(async () => { await env.close(); });
  const base = { marking: { classification: "UNCLASSIFIED", releasableTo: "ALL" }, name: "X", country: "IND", kind: "other" };

  const cases: [string, object, string, string][] = [
    ["unknown field", { ...base, colour: "red" }, "colour", "unknown_field"],
    ["nested unknown field", { ...base, marking: { ...base.marking, caveat: "x" } }, "marking.caveat", "unknown_field"],
    ["wrong type", { ...base, name: 42 }, "name", "invalid_type"],
    ["unknown level", { ...base, marking: { classification: "COSMIC", releasableTo: "ALL" } }, "marking.classification", "invalid_value"],
    ["bad country code", { ...base, country: "india" }, "country", "invalid_format"],
    ["missing field", { marking: base.marking, name: "X", kind: "other" }, "country", "invalid_type"],
  ];
  for (const [name, body, field, rule] of cases) {
    test(name, async () => {
      const res = await api.post("/api/organisations", body);
      assert.equal(res.status, 400);
      assert.match(res.raw.headers["content-type"] as string, /^application\/problem\+json/);
      assert.equal(res.body.code, "validation_failed");
      assert.deepEqual(res.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]), [[field, rule]]);
    });
  }
  test("query strings too", async () => {
    const res = await api.get("/api/organisations?limit=0");
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0].field, "querystring.limit");
  });
});
