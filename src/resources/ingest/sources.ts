// A source record on its own: the statement's text, who published it and when, read through the
// Reader like any record (an unreadable source answers exactly as a missing one). Search finds
// sources by their text; this is where a hit opens.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { readerOf } from "../../http/auth.ts";
import { toOutput } from "../../domain/markings.ts";
import { IdParams } from "../common.ts";

export const Source = z.object({
  id: z.string(),
  kind: z.literal("source"),
  title: z.string(),
  marking: z.any(),
  version: z.number(),
  createdAt: z.string(),
  publisher: z.string().nullable(),
  url: z.string().nullable(),
  published: z.string().nullable(),
  text: z.string(),
});
export type Source = z.infer<typeof Source>;

/** What a source is called: who published it and when, then its headline ("Ministry of Defence, 2025-11-04: …"). */
export function sourceTitle(publisher: string | null | undefined, published: string | null | undefined, headline: string | null | undefined): string {
  const by = [publisher?.trim() || "Statement", published].filter(Boolean).join(", ");
  const head = headline?.trim().replace(/\s+/g, " ");
  return (head ? `${by}: ${head}` : by).slice(0, 300);
}

export async function sourceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get("/sources/:id", { config: { checkAfterReads: true }, schema: { tags: ["ingestion"], summary: "A source: the statement's text, its publisher and date", params: IdParams, response: { 200: Source } } }, async (req) => {
    const reader = readerOf(req);
    const rec = await reader.get("source", req.params.id);
    const s = await reader.children("sources", [rec.id]).selectAll().executeTakeFirstOrThrow();
    return {
      id: rec.id as string, kind: "source" as const, title: rec.title, marking: toOutput(rec.marking), version: rec.version, createdAt: rec.created_at,
      publisher: s.publisher, url: s.url, published: s.published, text: s.text,
    };
  });
}


