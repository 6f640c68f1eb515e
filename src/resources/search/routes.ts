// One search over every record the caller may read: SQLite FTS5 or PostgreSQL full-text,
// with the access filter in the same query, so hits, highlights and counts never include
// what may not be read.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "kysely";
import { z } from "zod";
import { toOutput } from "../../domain/markings.ts";
import { readableMarkings } from "../../store/access.ts";
import { dialectOf } from "../../store/dialect.ts";
import { scopeOf } from "../../http/auth.ts";
import { auditListRead, db } from "../common.ts";
import { readableRecords } from "../../store/records.ts";
import { loadMarkings } from "../../store/markings.ts";

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
    const readable = readableMarkings(scopeOf(req));
    const kindFilter = kind ? sql`and r.kind = ${kind}` : sql``;
    let rows: { id: string; kind: string; title: string; marking_id: string; snippet: string }[];
    if (dialectOf(conn) === "postgres") {
      const words = (q.normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
      if (!words.length) return { items: [], total: 0 };
      const tsq = sql`to_tsquery('simple', ${words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(" & ")})`;
      rows = (await sql<typeof rows[number]>`
        select r.id, r.kind, r.title, r.marking_id, ts_headline('simple', s.body, ${tsq}, 'StartSel=[[, StopSel=]], MaxWords=20, MinWords=5') as snippet
        from search_docs s join records r on r.id = s.record_id
        where s.tsv @@ ${tsq} and r.marking_id in (${readable}) ${kindFilter}
        order by ts_rank(s.tsv, ${tsq}) desc, r.id limit ${limit}`.execute(conn)).rows;
    } else {
      const match = ftsQuery(q);
      if (!match) return { items: [], total: 0 };
      rows = (await sql<typeof rows[number]>`
        select r.id, r.kind, r.title, r.marking_id, snippet(search_fts, 0, '[[', ']]', '…', 16) as snippet
        from search_fts join search_docs s on s.rowid = search_fts.rowid join records r on r.id = s.record_id
        where search_fts match ${match} and r.marking_id in (${readable}) ${kindFilter}
        order by search_fts.rank, r.id limit ${limit}`.execute(conn)).rows;
    }
    const ms = await loadMarkings(conn, rows.map((x) => x.marking_id));
    const items = rows.map((x) => ({ id: x.id, kind: x.kind, title: x.title, snippet: x.snippet, marking: toOutput(ms.get(x.marking_id)!) }));
    await auditListRead(req, "search", rows.map((x) => ({ id: x.id, marking: ms.get(x.marking_id)! })));
    return { items };
  });
}
