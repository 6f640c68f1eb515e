// The routes every marked kind has, from its registry entry: list, facets, export, get, create,
// edit. Reads go through the request's Reader and writes through its audited transaction, which
// also presents the answer, so a request reads its record once and writes one audit event.
import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import { stringify } from "csv-stringify/sync";
import { banner, deriveMarking, toOutput } from "../domain/markings.ts";
import { readerOf } from "../http/auth.ts";
import { input } from "../http/input.ts";
import { pageOf, type PageQuery } from "../http/pagination.ts";
import { auditMarking, type Reader } from "../store/reader.ts";
import { IdParams } from "./common.ts";
import type { KindSpec, Presented } from "./kind.ts";
import { readableFilters, recordFilters } from "./filters.ts";

/** Most records an export holds. */
const EXPORT_MAX = 10_000;

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is written as text instead
 * (OWASP's CSV-injection advice): exports are opened in spreadsheets by design.
 */
export function inert(cell: unknown): unknown {
  return typeof cell === "string" && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function kindRoutes<Item extends Presented, Create, Update extends object, Query extends z.infer<typeof PageQuery>, F, A extends string>(
  app: FastifyInstance,
  k: KindSpec<Item, Create, Update, Query, F, A>,
): void {
  if (!k.path) return;
  const tags = [k.path];
  const { Item, Query } = k.schemas;
  const one = async (reader: Reader, id: string) => (await k.present(reader, [k.get ? await k.get(reader, id) : await reader.get(k.kind, id)]))[0]!;
  // Every list and count checks its record filters in one place: an unreadable one names no record.
  const idFilters = recordFilters(Query);
  const query = (reader: Reader, raw: unknown) => readableFilters(reader, idFilters, input(Query, raw));

  // Lists, counts and gets return their answer, so they may check their caches after their reads (src/http/late-check.ts).
  app.get(`/${k.path}`, { config: { checkAfterReads: true }, schema: { tags, summary: `List ${k.path} you may read${k.list ? "" : ", newest first"}`, querystring: Query, response: { 200: pageOf(Item) } } }, async (req) => {
    const reader = readerOf(req);
    const q = await query(reader, req.query);
    const page = k.list ? await k.list(reader, q) : k.page ? await k.page(reader, { ...q, filters: k.filters(q) }) : await reader.page(k.kind, { ...q, filters: k.filters(q) });
    return { items: await k.present(reader, page.rows), nextCursor: page.nextCursor };
  });

  app.get(`/${k.path}/facets`, { config: { checkAfterReads: true }, schema: { tags, summary: `Count of ${k.path} you may read, by ${k.facets.join(", ")}`, querystring: Query } }, async (req) => {
    const reader = readerOf(req);
    return reader.facets(k.kind, k.tables[0]!, k.facets, k.filters(await query(reader, req.query)));
  });

  app.get(`/${k.path}/export`, { schema: { tags, summary: `CSV of ${k.path} you may read, headed by its derived marking` } }, async (req, reply) => {
    const reader = readerOf(req);
    const records = await reader.all(k.kind, EXPORT_MAX);
    const items = await k.present(reader, records);
    const derived = deriveMarking(records.map((x) => x.marking), reader.viewer.nationality);
    const line = banner(derived);
    const header = [...k.exportColumns.map(([h]) => h), "marking"];
    const body = stringify([header, ...items.map((i) => [...k.exportColumns.map(([, v]) => v(i)), i.marking.banner].map(inert))]);
    // SPEC 3.4: the export carries the derived marking of what it holds, and is audited with it.
    await reader.audit({
      action: `${k.kind}.export`, outcome: "success", marking: line,
      details: { count: records.length, records: records.filter((x) => x.marking.classification > 0).map((x) => x.id) },
    });
    return reply.type("text/csv; charset=utf-8").header("x-accord-marking", toOutput(derived).banner)
      .header("content-disposition", `attachment; filename=${k.path}.csv`).send(`# ${line}\n${body}# ${line}\n`);
  });

  app.get(`/${k.path}/:id`, { config: { checkAfterReads: true }, schema: { tags, summary: `One of ${k.path}`, params: IdParams, response: { 200: Item } } }, async (req) =>
    one(readerOf(req), input(IdParams, req.params).id));

  const { create, update } = k;
  const { Create, Update } = k.schemas;
  if (create && Create) {
    app.post(`/${k.path}`, { schema: { tags, summary: `Create one of ${k.path}`, body: Create, response: { 201: Item } } }, async (req, reply) => {
      const body = input(Create, req.body);
      const item = await readerOf(req).transaction(`${k.kind}.create`, null, async (w) => {
        const rec = await create(w, body);
        const [presented] = await k.present(w, [w.current(rec)]);
        return { result: presented!, event: { target: rec.id, marking: auditMarking(rec.marking), outcome: "success" } };
      });
      return reply.code(201).send(item);
    });
  }

  if (update && Update) {
    app.patch(`/${k.path}/:id`, { schema: { tags, summary: `Edit one of ${k.path} (a marking may only be raised here)`, params: IdParams, body: Update, response: { 200: Item } } }, async (req) => {
      const { id } = input(IdParams, req.params);
      const patch = input(Update, req.body);
      return readerOf(req).transaction(`${k.kind}.update`, id, async (w) => {
        const rec = await update(w, await w.get(k.kind, id), patch);
        const [presented] = await k.present(w, [rec]);
        return { result: presented!, event: { target: rec.id, marking: auditMarking(rec.marking), outcome: "success", details: { fields: Object.keys(patch) } } };
      });
    });
  }
}
