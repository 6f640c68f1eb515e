// Responses written by compiled serialisers write exactly what the zod schemas say, and while tests
// run every response is checked against its schema (so the route tests everywhere exercise it).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import Fastify from "fastify";
import { z } from "zod";
import { validatorCompiler } from "fastify-type-provider-zod";
import { checkResponsesByDefault, jsonSchemaOf, serializerCompiler } from "./serialize.ts";
import { MarkingOutput, ALL, LEVELS } from "../domain/markings.ts";
import { Reference } from "../resources/common.ts";
import { pageOf } from "./pagination.ts";

const Item = z.object({ id: z.string(), marking: MarkingOutput, attachedTo: Reference.nullable(), size: z.number().int(), note: z.string().nullable(), tags: z.array(z.string()) });
const arbItem = fc.record({
  id: fc.string(),
  marking: fc.record({
    classification: fc.constantFrom(...LEVELS), originator: fc.string(), releasableTo: fc.oneof(fc.constant(ALL), fc.array(fc.string())), compartments: fc.array(fc.string()), banner: fc.string(),
  }),
  attachedTo: fc.oneof(fc.constant(null), fc.constant({ id: null, withheld: true as const }), fc.record({ id: fc.string(), kind: fc.string(), title: fc.string(), withheld: fc.constant(false as const) })),
  size: fc.integer(), note: fc.option(fc.string()), tags: fc.array(fc.string()),
});

async function serverWith(check: boolean, handler: () => unknown) {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler(check));
  app.get("/x", { schema: { response: { 200: pageOf(Item) } } }, async () => handler());
  await app.ready();
  return app;
}

describe("compiled response serialisers", () => {
  test("tests run with every response checked against its schema", () => {
    assert.equal(checkResponsesByDefault(), true);
  });

  test("write what zod's encoding writes, for any page the schema admits (references withheld or not, ALL or countries)", async () => {
    let items: unknown[] = [];
    const app = await serverWith(false, () => ({ items, nextCursor: null }));
    try {
      await fc.assert(fc.asyncProperty(fc.array(arbItem, { maxLength: 5 }), async (xs) => {
        items = xs;
        const res = await app.inject({ url: "/x" });
        assert.equal(res.statusCode, 200);
        assert.deepEqual(res.json(), JSON.parse(JSON.stringify(pageOf(Item).parse({ items: xs, nextCursor: null }))));
      }), { numRuns: 100 });
    } finally {
      await app.close();
    }
  });

  test("a withheld reference is written as withheld alone, whatever else the object carries", async () => {
    const leaky = { id: "01J0000000000000000000000X", kind: "document", title: "secret title", withheld: true };
    const item = { id: "i", marking: { classification: "SECRET", originator: "GBR", releasableTo: ALL, compartments: [], banner: "SECRET" }, attachedTo: leaky, size: 1, note: null, tags: [] };
    const app = await serverWith(false, () => ({ items: [item], nextCursor: null }));
    try {
      const res = await app.inject({ url: "/x" });
      assert.deepEqual(res.json().items[0].attachedTo, { id: null, withheld: true });
      assert.doesNotMatch(res.body, /secret title|01J0000000000000000000000X/);
    } finally {
      await app.close();
    }
  });

  test("nullable values and unions told apart by a constant are written without validating each option's shape", async () => {
    const Tagged = z.union([z.object({ t: z.literal("a"), x: z.string() }), z.object({ t: z.literal("b"), y: z.number() }), z.object({ t: z.literal("c") })]).nullable();
    const Shape = z.object({ ref: Reference.nullable(), tagged: Tagged, note: z.string().nullable(), nested: z.object({ n: z.number() }).nullable() });
    assert.doesNotMatch(JSON.stringify(jsonSchemaOf(Shape)), /anyOf/);
    // Checked (as in every test): each value is written exactly as zod encodes it.
    const values = [
      { ref: null, tagged: null, note: null, nested: null },
      { ref: { id: null, withheld: true }, tagged: { t: "a", x: "é\"\n" }, note: "n", nested: { n: 1 } },
      { ref: { id: "r", kind: "k", title: "t", withheld: false }, tagged: { t: "b", y: 2.5 }, note: "", nested: { n: 0 } },
      { ref: null, tagged: { t: "c" }, note: null, nested: null },
    ];
    let value: unknown = null;
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler(true));
    app.get("/y", { schema: { response: { 200: Shape } } }, async () => value);
    await app.ready();
    try {
      for (const v of values) {
        value = v;
        const res = await app.inject({ url: "/y" });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json(), v);
      }
    } finally {
      await app.close();
    }
  });

  test("a response its schema does not admit fails when checked, instead of going out", async () => {
    const wrong = { items: [{ id: 1, marking: null }], nextCursor: null };
    const checked = await serverWith(true, () => wrong);
    try {
      assert.equal((await checked.inject({ url: "/x" })).statusCode, 500);
    } finally {
      await checked.close();
    }
  });
});
