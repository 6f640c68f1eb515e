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

/** Words only, each quoted: user input never reaches the FTS query syntax. The last word matches as a prefix. */
export function ftsQuery(q: string): string | null {
  const words = q.normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? [];
  if (!words.length) return null;
  return words.slice(0, 12).map((w, i, all) => `"${w}"${i === all.length - 1 ? "*" : ""}`).join(" ");
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
    const { q, kind, limit } = req.query;
    const kindFilter = kind ? sql`and r.kind = ${kind}` : sql``;
    let rows: { id: string; kind: string; title: string; marking_id: string; snippet: string }[];
    if (dialectOf(conn) === "postgres") {
      const words = (q.normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
      if (!words.length) return { items: [], total: 0 };
      const tsq = sql`to_tsquery('simple', ${words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(" & ")})`;
      const cap = app.ctx.config.searchRankedMatches;
      const matches = Number((await sql<{ n: number }>`select count(*) as n from (select 1 from search_docs s where s.tsv @@ ${tsq} limit ${cap + 1}) m`.execute(conn)).rows[0]?.n ?? 0);
      // Past the cap, newest first: record ids are ULIDs, so the primary key is creation order.
      const order = matches <= cap ? sql`ts_rank(s.tsv, ${tsq}) desc, r.id` : sql`s.record_id desc`;
      const hits = (await sql<{ id: string; kind: string; title: string; marking_id: string }>`
        select r.id, r.kind, r.title, r.marking_id from search_docs s join records r on r.id = s.record_id
        where s.tsv @@ ${tsq} and ${readableBy(scopeOf(req), "r.marking_id")} ${kindFilter}
        order by ${order} limit ${limit}`.execute(conn)).rows;
      rows = await withSnippets(conn, hits, words);
    } else {
      const match = ftsQuery(q);
      if (!match) return { items: [], total: 0 };
      // Ranking reads every match; past a few thousand (a common word over years of records) the
      // newest matches come first instead, streamed from the index until `limit` readable ones.
      const matches = Number((await sql<{ n: number }>`select count(*) as n from search_fts where search_fts match ${match}`.execute(conn)).rows[0]?.n ?? 0);
      const order = matches <= app.ctx.config.searchRankedMatches ? sql`search_fts.rank, r.id` : sql`search_fts.rowid desc`;
      const hits = (await sql<{ id: string; kind: string; title: string; marking_id: string; fts: number }>`
        select r.id, r.kind, r.title, r.marking_id, search_fts.rowid as fts
        from search_fts join search_docs s on s.rowid = search_fts.rowid join records r on r.id = s.record_id
        where search_fts match ${match} and ${readableBy(scopeOf(req), "r.marking_id")} ${kindFilter}
        order by ${order} limit ${limit}`.execute(conn)).rows;
      rows = await withSnippets(conn, hits, (q.normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12));
    }
    const ms = await loadMarkings(conn, rows.map((x) => x.marking_id));
    const items = rows.map((x) => ({ id: x.id, kind: x.kind, title: x.title, snippet: x.snippet, marking: toOutput(ms.get(x.marking_id)!) }));
    await auditListRead(req, "search", rows.map((x) => ({ id: x.id, marking: ms.get(x.marking_id)! })));
    return { items };
  });
}
