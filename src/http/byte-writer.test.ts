// The byte writer writes exactly what fast-json-stringify writes (the routes' schemas, any value
// they admit, constants shared or not), gives up on what it does not cover (fast-json-stringify then
// writes it), and is what the read routes' serialisers use.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import fastJson from "fast-json-stringify";
import { z } from "zod";
import { compileBytes } from "./byte-writer.ts";
import { BYTES_FROM, jsonSchemaOf, serializerCompiler } from "./serialize.ts";
import { constant } from "../domain/constants.ts";
import { MarkingOutput, ALL, LEVELS, toOutput } from "../domain/markings.ts";
import { Reference } from "../resources/common.ts";
import { pageOf } from "./pagination.ts";
import { Document } from "../resources/documents/schema.ts";
import { Action } from "../resources/actions/schema.ts";

const text = (b: Buffer | string | null) => (b === null ? null : typeof b === "string" ? b : b.toString("utf8"));
const bytes = (b: Buffer | string | null) => (b === null ? null : typeof b === "string" ? Buffer.from(b, "utf8") : b);
const fjs = (schema: Record<string, unknown>) => fastJson(schema as unknown as Parameters<typeof fastJson>[0]);
/** Any string: ASCII, escapes, controls, non-ASCII, astral and lone surrogates. */
const anyString = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: fc.constantFrom("\"", "\\", "\n", "\u0000", "\u001f", "\u007f", "é", "\u2028", "\ud83d", "\ude00", "😀", "a") }));

const Item = z.object({ id: z.string(), marking: MarkingOutput, attachedTo: Reference.nullable(), size: z.number().int(), ratio: z.number(), note: z.string().nullable(), tags: z.array(z.string()), flag: z.boolean(), opt: z.string().optional() });
const arbItem = fc.record({
  id: anyString,
  marking: fc.record({
    classification: fc.constantFrom(...LEVELS), originator: anyString, releasableTo: fc.oneof(fc.constant(ALL), fc.array(anyString)), compartments: fc.array(anyString), banner: anyString,
  }),
  attachedTo: fc.oneof(fc.constant(null), fc.constant({ id: null, withheld: true as const }), fc.record({ id: anyString, kind: anyString, title: anyString, withheld: fc.constant(false as const) })),
  size: fc.integer(), ratio: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), note: fc.option(anyString), tags: fc.array(anyString), flag: fc.boolean(),
  opt: fc.option(anyString, { nil: undefined }),
}, { requiredKeys: ["id", "marking", "attachedTo", "size", "ratio", "note", "tags", "flag"] });
const deepFreeze = <T>(v: T): T => {
  if (v && typeof v === "object") for (const x of Object.values(v)) deepFreeze(x);
  return Object.freeze(v);
};

describe("byte writer", () => {
  test("writes fast-json-stringify's bytes for any page the schema admits, constants shared or not", () => {
    const schema = jsonSchemaOf(pageOf(Item));
    const write = compileBytes(schema, BYTES_FROM);
    assert.ok(write, "the schema is covered");
    const plain = fjs(schema);
    fc.assert(fc.property(fc.array(arbItem, { maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.option(anyString), (xs, shared, cursor) => {
      const first = xs[0] ? constant(deepFreeze(structuredClone(xs[0].marking))) : null;
      const items = xs.map((x, i) => ({ ...x, marking: shared[i] && first ? first : i % 2 ? constant(deepFreeze(structuredClone(x.marking))) : x.marking }));
      const page = { items, nextCursor: cursor };
      const expected = Buffer.from(plain(page), "utf8");
      assert.deepEqual(bytes(write(page)), expected);
      assert.deepEqual(bytes(write(page)), expected, "again, with the constants' bytes kept");
    }), { numRuns: 500 });
  });

  test("an answer of BYTES_FROM bytes or more leaves as a Buffer, a shorter one as a string; the buffer grows for a large one", () => {
    const schema = jsonSchemaOf(z.object({ s: z.string() }));
    const write = compileBytes(schema, BYTES_FROM)!;
    assert.equal(typeof write({ s: "x" }), "string");
    const big = "y".repeat(BYTES_FROM);
    assert.ok(Buffer.isBuffer(write({ s: big })));
    const huge = "z\u00e9".repeat(300_000);
    assert.equal(text(write({ s: huge })), JSON.stringify({ s: huge }));
    assert.equal(write({ s: "after" }), "{\"s\":\"after\"}");
  });

  test("gives up on values it does not cover, and fast-json-stringify writes them (coercions and refusals included)", () => {
    const schema = jsonSchemaOf(pageOf(Item));
    const write = compileBytes(schema, BYTES_FROM)!;
    const ok = { id: "i", marking: toOutput({ classification: 2, originator: "GBR", releasableTo: ["USA"], compartments: [] }), attachedTo: null, size: 1, ratio: 0.5, note: null, tags: [], flag: true };
    assert.notEqual(write({ items: [ok], nextCursor: null }), null);
    for (const odd of [{ ...ok, id: null }, { ...ok, id: new Date(0) }, { ...ok, size: "5" }, { ...ok, size: 1.5 }, { ...ok, ratio: Infinity }, { ...ok, flag: 1 }, { ...ok, tags: "x" }, { ...ok, toJSON: () => ({}) }, { ...ok, note: 3 }]) {
      assert.equal(write({ items: [odd], nextCursor: null }), null, JSON.stringify(odd));
    }
    const { id: _, ...missing } = ok;
    assert.equal(write({ items: [missing], nextCursor: null }), null);
    assert.equal(write({ items: [{ ...ok, get id() { throw new Error("boom"); } }], nextCursor: null }), null);
    // After giving up, the next answer starts from the beginning.
    assert.equal(text(write({ items: [ok], nextCursor: null })), fjs(schema)({ items: [ok], nextCursor: null }));
  });

  test("a withheld reference is written as withheld alone, whatever else the object carries", () => {
    const schema = jsonSchemaOf(z.object({ ref: Reference.nullable() }));
    const write = compileBytes(schema, BYTES_FROM)!;
    const leaky = { id: "01J0000000000000000000000X", kind: "document", title: "secret title", withheld: true };
    assert.equal(text(write({ ref: leaky })), "{\"ref\":{\"id\":null,\"withheld\":true}}");
    assert.equal(text(write({ ref: leaky })), fjs(schema)({ ref: leaky }));
  });

  test("covers the list and get schemas of documents and actions", () => {
    for (const S of [pageOf(Document), Document, pageOf(Action), Action]) assert.notEqual(compileBytes(jsonSchemaOf(S as z.ZodType), BYTES_FROM), null);
  });

  test("a schema with a form it does not cover compiles to null (fast-json-stringify alone)", () => {
    assert.equal(compileBytes({ type: "object", properties: { a: { type: "string", default: "x" } } }, BYTES_FROM), null);
    assert.equal(compileBytes({ type: "object", additionalProperties: true }, BYTES_FROM), null);
    assert.equal(compileBytes({ anyOf: [{ type: "object", properties: {} }, { type: "string" }] }, BYTES_FROM), null);
    assert.equal(compileBytes({ $ref: "#/definitions/x" }, BYTES_FROM), null);
  });

  test("read routes answer through it; the checked serialiser compares its bytes with fast-json-stringify's", () => {
    const S = z.object({ s: z.string() });
    const read = serializerCompiler(false)({ schema: S, method: "GET", url: "/r" }) as unknown as (d: unknown) => Buffer | string;
    const change = serializerCompiler(false)({ schema: S, method: "POST", url: "/r" }) as unknown as (d: unknown) => Buffer | string;
    const long = { s: "q".repeat(BYTES_FROM) };
    assert.ok(Buffer.isBuffer(read(long)));
    assert.equal(typeof change(long), "string");
    const checked = serializerCompiler(true)({ schema: S, method: "GET", url: "/r" }) as unknown as (d: unknown) => Buffer | string;
    assert.equal(text(checked({ s: "é\"" }) as Buffer | string), "{\"s\":\"é\\\"\"}");
  });
});
