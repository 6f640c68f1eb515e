// One search over every record the caller may read: SQLite FTS5 or PostgreSQL full-text,
// with the access filter in the same query, so hits, highlights and counts never include
// what may not be read.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "kysely";
import { z } from "zod";
import { toOutput } from "../../domain/markings.ts";
import { readableBy } from "../../store/access.ts";
import type { Conn } from "../../store/db.ts";
import { dialectOf } from "../../store/dialect.ts";
import { scopeOf } from "../../http/auth.ts";
import { auditListRead, db } from "../common.ts";
import { readableRecords } from "../../store/records.ts";
import { loadMarkings } from "../../store/markings.ts";
import { snippet } from "./snippet.ts";

const SearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  kind: z.enum(["organisation", "person", "agreement", "document", "forum", "meeting", "action", "engagement", "programme"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** The words searched for: letters and digits only, so user input never reaches a query syntax. */
export function searchWords(q: string): string[] {
  return (q.normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
}

/** Each word quoted for FTS5; the last matches as a prefix. */
export function ftsQuery(words: string[]): string {
  return words.map((w, i, all) => `"${w}"${i === all.length - 1 ? "*" : ""}`).join(" ");
}

const SuggestQuery = z.strictObject({
  q: z.string().trim().min(1).max(100),
  kind: SearchQuery.shape.kind,
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** LIKE patterns match `%` and `_` literally only when escaped. */
const likePrefix = (q: string) => `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Highlighted excerpts for the hits shown only (both stores' own highlighters revisit every match). */
async function withSnippets(conn: Conn, hits: { id: string; kind: string; title: string; marking_id: string }[], words: string[]) {
  const bodies = new Map(hits.length ? (await conn.selectFrom("search_docs").select(["record_id", "body"]).where("record_id", "in", hits.map((h) => h.id)).execute()).map((d) => [d.record_id, d.body]) : []);
  return hits.map((h) => ({ id: h.id, kind: h.kind, title: h.title, marking_id: h.marking_id, snippet: snippet(bodies.get(h.id) ?? h.title, words) }));
}

export async function searchRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get("/suggest", { schema: { tags: ["search"], summary: "Autocomplete: records you may read whose title starts with the text", querystring: SuggestQuery } }, async (req) => {
    const { q, kind, limit } = req.query;
    const query = readableRecords(db(req), scopeOf(req), kind).select(["r.id", "r.kind", "r.title", "r.marking_id"])
      .where(sql<boolean>`lower(r.title) like lower(${likePrefix(q)}) escape '\\'`);
    const rows = await query.orderBy("r.title").orderBy("r.id").limit(limit).execute();
    const ms = await loadMarkings(db(req), rows.map((x) => x.marking_id));
    return { items: rows.map((x) => ({ id: x.id, kind: x.kind, title: x.title, marking: toOutput(ms.get(x.marking_id)!) })) };
  });
  r.get("/search", { schema: { tags: ["search"], summary: "Full-text search over everything you may read, with highlights", querystring: SearchQuery } }, async (req) => {
    const conn = db(req);
    const scope = scopeOf(req);
    const { q, kind, limit } = req.query;
    const kindFilter = kind ? sql`and r.kind = ${kind}` : sql``;
    const words = searchWords(q);
    if (!words.length) return { items: [] };
    // A reader of few markings asks the index for their words and one of their markings (006);
    // a reader of many walks the word's matches. Either way the read rule filters every hit.
    const terms = scope.markings && scope.markings.ids.length <= app.ctx.config.searchMarkingTerms ? scope.markings.ids : null;
    const cap = app.ctx.config.searchRankedMatches;
    let hits: { id: string; kind: string; title: string; marking_id: string }[];
    if (terms?.length === 0) {
      hits = []; // the reader may read no marking at all
    } else if (dialectOf(conn) === "postgres") {
      const text = sql`to_tsquery('simple', ${words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(" & ")})`;
      // Marking terms are the ids verbatim (array_to_tsvector in 006), so they go in as lexemes, not parsed text.
      const tsq = terms ? sql`(${text} && ${terms.map((id) => `'mk${id.toLowerCase().replace(/'/g, "''")}'`).join(" | ")}::tsquery)` : text;
      const matches = Number((await sql<{ n: number }>`select count(*) as n from (select 1 from search_docs s where s.tsv @@ ${tsq} limit ${cap + 1}) m`.execute(conn)).rows[0]?.n ?? 0);
      // Past the cap, newest first: record ids are ULIDs, so the primary key is creation order.
      const order = matches <= cap ? sql`ts_rank(s.tsv, ${text}) desc, r.id` : sql`s.record_id desc`;
      hits = (await sql<{ id: string; kind: string; title: string; marking_id: string }>`
        select r.id, r.kind, r.title, r.marking_id from search_docs s join records r on r.id = s.record_id
        where s.tsv @@ ${tsq} and ${readableBy(scope, "r.marking_id")} ${kindFilter}
        order by ${order} limit ${limit}`.execute(conn)).rows;
    } else {
      const body = `body : (${ftsQuery(words)})`;
      const match = terms ? `${body} AND marking_id : (${terms.map((id) => `"${id.replace(/"/g, '""')}"`).join(" OR ")})` : body;
      // Ranking reads every match; past a few thousand (a common word over years of records) the
      // newest matches come first instead, streamed from the index until `limit` readable ones.
      const matches = Number((await sql<{ n: number }>`select count(*) as n from (select 1 from search_fts where search_fts match ${match} limit ${cap + 1})`.execute(conn)).rows[0]?.n ?? 0);
      // The marking column weighs nothing: hits rank by their text alone.
      const order = matches <= cap ? sql`bm25(search_fts, 1.0, 0.0), r.id` : sql`search_fts.rowid desc`;
      hits = (await sql<{ id: string; kind: string; title: string; marking_id: string }>`
        select r.id, r.kind, r.title, r.marking_id
        from search_fts join search_docs s on s.rowid = search_fts.rowid join records r on r.id = s.record_id
        where search_fts match ${match} and ${readableBy(scope, "r.marking_id")} ${kindFilter}
        order by ${order} limit ${limit}`.execute(conn)).rows;
    }
    const rows = await withSnippets(conn, hits, words);
    const ms = await loadMarkings(conn, rows.map((x) => x.marking_id));
    const items = rows.map((x) => ({ id: x.id, kind: x.kind, title: x.title, snippet: x.snippet, marking: toOutput(ms.get(x.marking_id)!) }));
    await auditListRead(req, "search", rows.map((x) => ({ id: x.id, marking: ms.get(x.marking_id)! })));
    return { items };
  });
}
