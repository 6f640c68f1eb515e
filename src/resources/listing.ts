// Lists, counts, facets and exports over a kind, all computed in SQL over readable records.
import type { FastifyRequest } from "fastify";
import { sql, type RawBuilder } from "kysely";
import { stringify } from "csv-stringify/sync";
import { banner, deriveMarking, toOutput, type Marking } from "../domain/markings.ts";
import type { Kind } from "../domain/roles.ts";
import { recordAudit } from "../audit/log.ts";
import { clientOf, scopeOf, viewerOf } from "../http/auth.ts";
import { decodeCursor, nextCursor } from "../http/pagination.ts";
import { accessPlan, readableRecords } from "../store/records.ts";
import { readableBy } from "../store/access.ts";
import type { RecordTable } from "../store/schema.ts";
import { auditListRead, db, withMarkings } from "./common.ts";

export type Filter = RawBuilder<boolean>;

/** Newest first, keyset-paginated on (created_at, id). */
export async function pageRecords(req: FastifyRequest, kind: Kind, page: { limit: number; cursor?: string | undefined }, filters: Filter[] = []) {
  const cur = decodeCursor(page.cursor);
  const plan = await accessPlan(db(req), scopeOf(req), "records", kind);
  let q = readableRecords(db(req), scopeOf(req), kind, plan).selectAll("r");
  for (const f of filters) q = q.where(f);
  if (cur) q = q.where((eb) => eb.or([eb("r.created_at", "<", cur.key), eb.and([eb("r.created_at", "=", cur.key), eb("r.id", "<", cur.id)])]));
  const rows = await q.orderBy("r.created_at", "desc").orderBy("r.id", "desc").limit(page.limit + 1).execute();
  const next = nextCursor(rows, page.limit, (r) => ({ key: r.created_at, id: r.id }));
  const items = await withMarkings(db(req), rows.slice(0, page.limit));
  await auditListRead(req, `${kind}.list`, items);
  return { rows: items, nextCursor: next };
}

/** The count and value counts of some columns of the kind's table, over readable records only. */
export async function facetCounts(req: FastifyRequest, kind: Kind, table: string, columns: string[], filters: Filter[] = []) {
  const conn = db(req);
  const where = sql.join([sql`r.kind = ${kind}`, readableBy(scopeOf(req), "r.marking_id", "seek"), ...filters], sql` and `);
  const total = await sql<{ n: number }>`select count(*) as n from records r where ${where}`.execute(conn);
  const facets: Record<string, { value: string | null; count: number }[]> = {};
  for (const col of columns) {
    const rows = await sql<{ value: string | null; n: number }>`
      select t.${sql.ref(col)} as value, count(*) as n from records r join ${sql.table(table)} t on t.id = r.id
      where ${where} group by t.${sql.ref(col)} order by n desc, value`.execute(conn);
    facets[col] = rows.rows.map((r) => ({ value: r.value, count: Number(r.n) }));
  }
  return { total: Number(total.rows[0]?.n ?? 0), facets };
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is written as text instead
 * (OWASP's CSV-injection advice): exports are opened in spreadsheets by design.
 */
export function inert(cell: unknown): unknown {
  return typeof cell === "string" && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * CSV of every readable record of a kind, headed and footed by the derived marking of what it
 * contains (SPEC 3.4). The export is audited with that marking.
 */
export async function exportCsv(req: FastifyRequest, kind: Kind, header: string[], rowsOf: (records: (RecordTable & { marking: Marking })[]) => Promise<unknown[][]>, max = 10_000) {
  const conn = db(req);
  const rows = await withMarkings(conn, await readableRecords(conn, scopeOf(req), kind).selectAll("r").orderBy("r.created_at", "desc").orderBy("r.id", "desc").limit(max).execute());
  const derived = deriveMarking(rows.map((r) => r.marking), viewerOf(req).nationality);
  const line = banner(derived);
  const body = stringify([header, ...(await rowsOf(rows)).map((r) => r.map(inert))]);
  await recordAudit(conn, {
    actor: viewerOf(req).id, action: `${kind}.export`, outcome: "success", client: clientOf(req),
    marking: line, details: { count: rows.length, records: rows.filter((r) => r.marking.classification > 0).map((r) => r.id) },
  });
  return { csv: `# ${line}\n${body}# ${line}\n`, marking: toOutput(derived) };
}
