// Keyset pagination: the cursor is the last row's sort key, so a page costs the same at any depth.
import { z } from "zod";
import { invalid } from "../domain/errors.ts";

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export interface Cursor {
  key: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.key, c.id])).toString("base64url");
}

export function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null;
  try {
    const v = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string" && !`${v[0]}${v[1]}`.includes("\u0000")) return { key: v[0], id: v[1] };
  } catch {
    // fall through
  }
  throw invalid("cursor", "cursor", "is not a cursor this server issued");
}

export const pageOf = <T>(Item: z.ZodType<T>) => z.object({ items: z.array(Item), nextCursor: z.string().nullable() });

export function nextCursor<T>(rows: T[], limit: number, key: (row: T) => Cursor): string | null {
  return rows.length > limit ? encodeCursor(key(rows[limit - 1]!)) : null;
}
