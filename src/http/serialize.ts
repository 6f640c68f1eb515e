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
  return z.toJSONSchema(schema, { io: "output", target: "draft-7", unrepresentable: "any" }) as Record<string, unknown>;
}

export function serializerCompiler(check: boolean) {
  return ({ schema, method, url }: { schema: unknown; method: string; url: string }) => {
    const zodSchema = zodOf(schema);
    // Compiled on a route's first response, not at start: compiling every route's took the
    // server's start from about 0.44 to 0.87 s of CPU.
    let compiled: ((data: unknown) => string) | null = null;
    const write = (data: unknown) => (compiled ??= fastJson(jsonSchemaOf(zodSchema) as unknown as Parameters<typeof fastJson>[0]))(data);
    if (!check) return write;
    return (data: unknown) => {
      const encoded = z.safeEncode(zodSchema, data);
      if (encoded.error) throw new ResponseSerializationError(method, url, { cause: encoded.error });
      const text = write(data);
      const expected = JSON.parse(JSON.stringify(encoded.data)) as unknown;
      if (!isDeepStrictEqual(JSON.parse(text), expected)) {
        throw new Error(`the compiled serialiser of ${method} ${url} wrote ${text.slice(0, 500)}; its schema says ${JSON.stringify(expected).slice(0, 500)}`);
      }
      return text;
    };
  };
}
