// Responses serialised by precompiled functions: each route's zod response schema is turned into
// JSON Schema once, at start, and compiled by fast-json-stringify (Fastify's own serialiser), so a
// response is written by straight-line code instead of being re-validated by zod and then handed to
// JSON.stringify. Zod stays the source of the schemas (and of the OpenAPI document).
//
// While tests run (or with ACCORD_CHECK_RESPONSES=1) every response is also checked: it must match
// its zod schema, and the compiled function must write exactly what zod's encoding would have, so
// a schema the conversion misreads, or a handler returning what its schema does not say, fails there.
import fastJson from "fast-json-stringify";
import { z } from "zod";
import { ResponseSerializationError } from "fastify-type-provider-zod";
import { isDeepStrictEqual } from "node:util";
import { constants } from "../domain/constants.ts";
import { compileBytes } from "./byte-writer.ts";

/** Whether responses are checked against their schemas (tests; ACCORD_CHECK_RESPONSES=1). */
export const checkResponsesByDefault = () => process.env.NODE_TEST_CONTEXT !== undefined || process.env.ACCORD_CHECK_RESPONSES === "1";

/** The zod schema a route declared for a response (directly, or under `properties` as the type provider allows). */
function zodOf(schema: unknown): z.ZodType {
  if (schema instanceof z.ZodType) return schema;
  const inner = (schema as { properties?: unknown } | null)?.properties;
  if (inner instanceof z.ZodType) return inner;
  throw new Error(`a response schema must be a zod schema, not ${JSON.stringify(schema)}`);
}

/** The JSON Schema fast-json-stringify compiles, from a zod response schema (its output side). */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  return forWriting(z.toJSONSchema(schema, { io: "output", target: "draft-7", unrepresentable: "any" })) as Record<string, unknown>;
}

type Schema = Record<string, unknown>;
const isObject = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);
const isNullType = (s: Schema) => s.type === "null" && Object.keys(s).length === 1;
/** Keywords fast-json-stringify decides by running ajv on the value, so `nullable` cannot wrap them. */
const BRANCHING = ["anyOf", "oneOf", "allOf", "if", "$ref"];

/**
 * The same schema, with the unions fast-json-stringify would decide by running ajv on every value
 * (`anyOf`) rewritten into forms it writes directly or decides with a smaller check:
 * - `anyOf [X, null]` becomes X with `nullable: true` (a null check in the compiled code);
 * - `anyOf` of objects told apart by a required constant property (a `withheld: false | true`
 *   reference) becomes `if` that property is the first option's constant `then` it `else` the
 *   rest: one property compared instead of each option's whole shape validated. The last option
 *   is written without a check of its own, so a reference that is not visible is written as
 *   withheld (its id null, nothing else), never with the fields of the visible shape.
 * Other unions stay as they are. What the compiled function writes is checked against zod's own
 * encoding while tests run (serializerCompiler), so a rewrite that changed an answer fails there.
 */
export function forWriting(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forWriting);
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) out[k] = isObject(v) || Array.isArray(v) ? forWriting(v) : v;
  const options = out.anyOf;
  if (!Array.isArray(options) || !options.every(isObject)) return out;
  const { anyOf: _, ...rest } = out;
  const others = options.filter((o) => !isNullType(o));
  if (others.length === 1 && options.length === 2) {
    const only = others[0]!;
    if (!BRANCHING.some((k) => k in only) && !BRANCHING.some((k) => k in rest)) return { ...rest, ...only, nullable: true };
    if ("if" in only && Object.keys(only).length === 3 && !BRANCHING.some((k) => k in rest)) return { ...rest, ...nullableLast(only) };
    return out;
  }
  const chain = discriminated(options);
  return chain && !BRANCHING.some((k) => k in rest) ? { ...rest, ...chain } : out;
}

/** An `if`/`then`/`else` chain over objects that a required constant property tells apart, or null. */
function discriminated(options: Schema[]): Schema | null {
  if (options.length < 2 || !options.every((o) => o.type === "object" && isObject(o.properties) && Array.isArray(o.required) && !BRANCHING.some((k) => k in o))) return null;
  const props = (o: Schema) => o.properties as Record<string, Schema>;
  const key = Object.keys(props(options[0]!)).find((k) => options.every((o) => (o.required as string[]).includes(k) && isObject(props(o)[k]) && props(o)[k]!.const !== undefined));
  if (key === undefined) return null;
  const values = options.map((o) => JSON.stringify(props(o)[key]!.const));
  if (new Set(values).size !== values.length) return null;
  const build = (i: number): Schema => i === options.length - 1
    ? options[i]!
    : { if: { type: "object", properties: { [key]: { const: props(options[i]!)[key]!.const } }, required: [key] }, then: options[i]!, else: build(i + 1) };
  return build(0);
}

/** A chain from `discriminated` that also admits null: null fails every `if` (not an object) and is written by the last `else`. */
function nullableLast(chain: Schema): Schema {
  const last = chain.else as Schema;
  return { ...chain, else: "if" in last ? nullableLast(last) : { ...last, nullable: true } };
}

/** What fast-json-stringify's debug mode gives: its generated code and what that code is run with. */
interface Debug { validator: unknown; serializer: unknown; code: string }

/** The head of the debug mode's code: the names of the two arguments of its function. */
const DEBUG_HEAD = "validator\nserializer\n";

/**
 * A JSON Schema compiled by fast-json-stringify, its object writers made to remember what they wrote
 * for a constant (domain/constants.ts: deeply frozen, so its JSON never changes): a marking's output
 * form, shared by every record of that marking, is written once per schema instead of once per item
 * (its five fields, two arrays and the union that ajv decides). The compiled code is fast-json-stringify's
 * own (its debug mode gives it with the validator and serializer it is run with); each generated
 * object writer (`function anonymousN (input)`) is renamed and wrapped by one that asks whether its
 * input is a constant and, if so, keeps the text by object in a WeakMap of its own. A version of
 * fast-json-stringify whose code does not have that form compiles unwrapped (writersWrapped says
 * how many were); serialize.test.ts holds the wrapped and unwrapped writers to the same bytes.
 */
export function compile(schema: Record<string, unknown>): ((data: unknown) => string) & { writersWrapped: number } {
  const debug = fastJson(schema as unknown as Parameters<typeof fastJson>[0], { mode: "debug" } as Parameters<typeof fastJson>[1]) as unknown as Debug;
  let wrapped = 0;
  if (!debug.code.startsWith(DEBUG_HEAD)) return Object.assign(fastJson(schema as unknown as Parameters<typeof fastJson>[0]), { writersWrapped: 0 });
  const code = debug.code.slice(DEBUG_HEAD.length).replace(/\n(\s*)function (anonymous\d+) \(input\) \{/g, (_all, indent: string, name: string) => {
    wrapped++;
    return `\n${indent}const ${name}$kept = new WeakMap();\n${indent}function ${name} (input) {\n${indent}  if (input === null || typeof input !== "object" || !constants.has(input)) return ${name}$write(input);\n${indent}  let json = ${name}$kept.get(input);\n${indent}  if (json === undefined) ${name}$kept.set(input, json = ${name}$write(input));\n${indent}  return json;\n${indent}}\n${indent}function ${name}$write (input) {`;
  });
  const write = new Function("validator", "serializer", "constants", code)(debug.validator, debug.serializer, constants) as (data: unknown) => string;
  return Object.assign(write, { writersWrapped: wrapped });
}

/** From this many characters a read's answer leaves the serialiser as bytes (see bodyOf). */
export const BYTES_FROM = 4096;

/**
 * A read's answer as Fastify sends it: text of BYTES_FROM characters or more as its UTF-8 bytes,
 * shorter text as it is. The text a serialiser writes is a rope of its pieces; sent as a string,
 * it was flattened once for its Content-Length and copied again when Node's HTTP layer prefixed
 * the head to it (`header + data`) and wrote that to the socket: a second copy of a whole page
 * (~40 KB for 50 documents) on the heap per response. As bytes it is flattened once, into a
 * buffer outside the young generation, and the head goes out beside it in the same write. Short
 * answers stay strings: Node writes them from the stack. Changes answer as strings (an
 * Idempotency-Key keeps the first answer as text).
 */
export function bodyOf(text: string): string | Buffer {
  return text.length >= BYTES_FROM ? Buffer.from(text, "utf8") : text;
}

/**
 * Fastify's serialiser compiler. Its type says a serialiser returns a string; at run time Fastify
 * hands what it returns to the onSend hooks and then to the response as it is, and takes a Buffer
 * there as well as a string (reply.js onSendEnd): the reads' serialisers return either (bodyOf).
 */
export function serializerCompiler(check: boolean): (route: { schema: unknown; method: string; url: string }) => (data: unknown) => string {
  return bodySerializerCompiler(check) as (route: { schema: unknown; method: string; url: string }) => (data: unknown) => string;
}

function bodySerializerCompiler(check: boolean) {
  return ({ schema, method, url }: { schema: unknown; method: string | string[]; url: string }) => {
    const zodSchema = zodOf(schema);
    const methods = Array.isArray(method) ? method : [method];
    const read = methods.every((m) => m === "GET" || m === "HEAD");
    // Compiled on a route's first response, not at start: compiling every route's took the
    // server's start from about 0.44 to 0.87 s of CPU.
    let compiled: ((data: unknown) => string) | null = null;
    const write = (data: unknown) => (compiled ??= compile(jsonSchemaOf(zodSchema)))(data);
    // A read's answer written as bytes (byte-writer.ts), or by fast-json-stringify where that gives up.
    let bytes: ((data: unknown) => Buffer | string | null) | null | undefined;
    const written = (data: unknown) => bodyOf(write(data));
    const send = read ? (data: unknown) => (bytes === undefined ? bytes = compileBytes(jsonSchemaOf(zodSchema), BYTES_FROM) : bytes)?.(data) ?? written(data) : write;
    if (!check) return send;
    return (data: unknown) => {
      const encoded = z.safeEncode(zodSchema, data);
      if (encoded.error) throw new ResponseSerializationError(methods.join(","), url, { cause: encoded.error });
      const body = send(data);
      const text = typeof body === "string" ? body : body.toString("utf8");
      // The bytes are fast-json-stringify's, exactly (a read's answer written by byte-writer.ts).
      if (read) {
        const theirs = write(data);
        if (text !== theirs) throw new Error(`the byte writer of ${methods.join(",")} ${url} wrote ${text.slice(0, 500)}; fast-json-stringify wrote ${theirs.slice(0, 500)}`);
      }
      const expected = JSON.parse(JSON.stringify(encoded.data)) as unknown;
      if (!isDeepStrictEqual(JSON.parse(text), expected)) {
        throw new Error(`the compiled serialiser of ${method} ${url} wrote ${text.slice(0, 500)}; its schema says ${JSON.stringify(expected).slice(0, 500)}`);
      }
      return body;
    };
  };
}
