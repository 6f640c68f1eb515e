// decide: a record's decisions are the rules' answers, one shared frozen constant per combination of
// answers (so a page's items share it and the serialisers write its JSON once).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { decide, definePolicy, type Actor } from "./policy.ts";
import { isConstant } from "./constants.ts";

type Facts = { a: boolean; b: boolean; c: boolean };
const policy = definePolicy<Facts>()({ editors: ["programme"], rules: { edit: (_x, f) => f.a, release: (_x, f) => f.b, archive: (_x, f) => f.c } });
const actor: Actor = { id: "u", roles: ["programme"], nationality: "GBR", clearance: 3, compartments: [] } as unknown as Actor;

describe("decide", () => {
  test("answers each action as its rule does, whatever the facts", () => {
    fc.assert(fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (a, b, c) => {
      const facts = { a, b, c };
      const expected = Object.fromEntries(policy.actions.map((x) => [x, policy.rules[x](actor, facts)]));
      assert.deepEqual({ ...decide(policy, actor, facts) }, expected);
      assert.equal(expected.edit, a);
      assert.equal(expected.archive, c);
    }));
  });

  test("the same answers are one shared, frozen constant; other answers another", () => {
    const one = decide(policy, actor, { a: true, b: false, c: true });
    assert.equal(decide(policy, actor, { a: true, b: false, c: true }), one);
    assert.notEqual(decide(policy, actor, { a: true, b: true, c: true }), one);
    assert.ok(Object.isFrozen(one));
    assert.ok(isConstant(one));
    assert.deepEqual(Object.keys(one), policy.actions);
  });
});
