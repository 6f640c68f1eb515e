// Responses written by compiled serialisers write exactly what the zod schemas say, and while tests
// run every response is checked against its schema (so the route tests everywhere exercise it).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import Fastify from "fastify";
import { z } from "zod";
import { validatorCompiler } from "fastify-type-provider-zod";
import fastJson from "fast-json-stringify";
import { checkResponsesByDefault, compile, jsonSchemaOf, serializerCompiler } from "./serialize.ts";
import { constant } from "../domain/constants.ts";
import { MarkingOutput, ALL, LEVELS, toOutput } from "../domain/markings.ts";
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

  test("a constant (a marking's output form) is written once per schema and its JSON reused, byte for byte what fast-json-stringify writes", () => {
    const schema = jsonSchemaOf(pageOf(Item));
    const write = compile(schema);
    const plain = fastJson(schema as unknown as Parameters<typeof fastJson>[0]);
    assert.ok(write.writersWrapped > 0, "fast-json-stringify's object writers were found and wrapped");
    const deepFreeze = <T>(v: T): T => {
      if (v && typeof v === "object") for (const x of Object.values(v)) deepFreeze(x);
      return Object.freeze(v);
    };
    fc.assert(fc.property(fc.array(arbItem, { maxLength: 6 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (xs, shared) => {
      // Some items' markings are constants (some shared by several items), others plain objects.
      const first = xs[0] ? constant(deepFreeze(structuredClone(xs[0].marking))) : null;
      const items = xs.map((x, i) => ({ ...x, marking: shared[i] && first ? first : i % 2 ? constant(deepFreeze(structuredClone(x.marking))) : x.marking }));
      const page = { items, nextCursor: null };
      assert.equal(write(page), plain(page));
      assert.equal(write(page), plain(page));
    }), { numRuns: 300 });
    // A marking read from the store is one: toOutput registers it.
    const m = toOutput({ classification: 2, originator: "GBR", releasableTo: ["USA"], compartments: ["SX-01"] });
    const item = { id: "i", marking: m, attachedTo: null, size: 1, note: null, tags: [] };
    assert.equal(write({ items: [item, item], nextCursor: "c" }), plain({ items: [item, item], nextCursor: "c" }));
  });

  test("a constant's JSON is made once: a second response does not read its fields again", () => {
    const write = compile(jsonSchemaOf(pageOf(Item)));
    let reads = 0;
    const marking = { classification: "SECRET", originator: "GBR", releasableTo: Object.freeze(["USA"]), compartments: Object.freeze([]), get banner() { reads++; return "SECRET // REL TO GBR, USA"; } };
    const m = constant(Object.freeze(marking));
    reads = 0;
    const item = (id: string) => ({ id, marking: m, attachedTo: null, size: 1, note: null, tags: [] });
    const first = write({ items: [item("a"), item("b")], nextCursor: null });
    const second = write({ items: [item("c")], nextCursor: null });
    assert.equal(reads, 1);
    assert.match(first, /"banner":"SECRET \/\/ REL TO GBR, USA"\}.*"banner":"SECRET \/\/ REL TO GBR, USA"\}/);
    assert.match(second, /"id":"c","marking":\{"classification":"SECRET","originator":"GBR","releasableTo":\["USA"\],"compartments":\[\],"banner":"SECRET/);
  });

  test("only a deeply frozen value can be a constant", () => {
    assert.throws(() => constant({ a: 1 }), /deeply frozen/);
    assert.throws(() => constant(Object.freeze({ a: [1] })), /deeply frozen/);
    assert.doesNotThrow(() => constant(Object.freeze({ a: Object.freeze([1]), b: "x" })));
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
