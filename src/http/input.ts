// A request's input, typed by the zod schema its route declared. Fastify has validated (and
// coerced) it with that schema already; a route factory generic over its schemas cannot name the
// type fastify infers, so it parses again here (microseconds) instead of casting.
import type { z } from "zod";

export const input = <T>(schema: z.ZodType<T>, value: unknown): T => schema.parse(value);
