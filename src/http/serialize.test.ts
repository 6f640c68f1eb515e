// Responses written by compiled serialisers write exactly what the zod schemas say, and while tests
// run every response is checked against its schema (so the route tests everywhere exercise it).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import Fastify from "fastify";
import { z } from "zod";
import { validatorCompiler } from "fastify-type-provider-zod";
import { checkResponsesByDefault, serializerCompiler } from "./serialize.ts";
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
