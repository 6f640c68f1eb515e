// List filters that name a record (`?meetingId=`, `?attachedTo=`, `?forumId=`, `?partnerId=`, any
// query field typed `Id`): one naming a record the caller may not read is run as one naming no
// record at all, so the answer is exactly that for a made-up id and confirms no link (issue 11).
import type { z } from "zod";
import type { Reader } from "../store/reader.ts";
import { Id } from "./common.ts";

/** A well-formed identifier no record has (ULIDs are never all zeros). */
export const NO_RECORD = "00000000000000000000000000";

/** Whether a query field's type is `Id` under its optional or default wrappers. */
function namesRecord(t: unknown): boolean {
  let x = t as { _zod?: { def?: { innerType?: unknown } } } | undefined;
  for (let depth = 0; x && depth < 8; depth++) {
    if (x === (Id as unknown)) return true;
    x = x._zod?.def?.innerType as typeof x;
  }
  return false;
}

/** The fields of a query schema that name a record. */
export function recordFilters(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.entries(shape).filter(([, t]) => namesRecord(t)).map(([k]) => k) : [];
}

/** The query with every record-naming filter the caller may not read replaced by NO_RECORD. */
export async function readableFilters<Q extends object>(reader: Reader, fields: readonly string[], q: Q): Promise<Q> {
  const named = fields.map((f) => (q as Record<string, unknown>)[f]).filter((v): v is string => typeof v === "string");
  if (!named.length) return q;
  const readable = new Set((await reader.readable(named)).map((r) => r.id as string));
  const out = { ...q } as Record<string, unknown>;
  for (const f of fields) {
    const v = out[f];
    if (typeof v === "string" && !readable.has(v)) out[f] = NO_RECORD;
  }
  return out as Q;
}
