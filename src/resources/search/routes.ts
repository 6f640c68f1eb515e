// One search over every record the caller may read, with highlights, and autocomplete: both
// through the Reader, whose query carries the read rule (see store/search.ts).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { toOutput } from "../../domain/markings.ts";
import { readerOf } from "../../http/auth.ts";
import { SEARCHABLE } from "../../kinds.ts";
import { snippet } from "./snippet.ts";

const SearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  kind: z.enum(SEARCHABLE).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const SuggestQuery = z.strictObject({
  q: z.string().trim().min(1).max(100),
  kind: SearchQuery.shape.kind,
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** The words searched for: letters and digits only, so user input never reaches a query syntax. */
export function searchWords(q: string): string[] {
  return (q.normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
}

export async function searchRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get("/suggest", { config: { checkAfterReads: true }, schema: { tags: ["search"], summary: "Autocomplete: records you may read whose title starts with the text", querystring: SuggestQuery } }, async (req) => {
    const rows = await readerOf(req).suggest(req.query.q, req.query.kind, req.query.limit);
    return { items: rows.map((x) => ({ id: x.id, kind: x.kind, title: x.title, marking: toOutput(x.marking) })) };
  });

  r.get("/search", { config: { checkAfterReads: true }, schema: { tags: ["search"], summary: "Full-text search over everything you may read, with highlights", querystring: SearchQuery } }, async (req) => {
    const reader = readerOf(req);
    const words = searchWords(req.query.q);
    const { searchRankedMatches: rankedMatches, searchMarkingTerms: markingTerms, searchPrefixWords: prefixWords } = app.ctx.config;
    const hits = await reader.search({ words, kind: req.query.kind, limit: req.query.limit, rankedMatches, markingTerms, prefixWords });
    await reader.auditList("search", hits);
    return { items: hits.map((x) => ({ id: x.id, kind: x.kind, title: x.title, snippet: snippet(x.body, words), marking: toOutput(x.marking) })) };
  });
}
