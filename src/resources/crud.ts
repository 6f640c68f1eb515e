// The routes every marked record kind has: list, facets, export, get, create, edit.
// A kind supplies its schemas and its repository functions; the access, audit and marking
// rules come from here and from store/records.ts, the same for all. (Response schemas are
// widened to ZodType: the zod provider cannot infer a generic Item, and each reply is still validated.)
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { z } from "zod";
import type { Marking } from "../domain/markings.ts";
import type { Kind } from "../domain/roles.ts";
import type { Scope } from "../store/access.ts";
import type { Conn, Tx } from "../store/db.ts";
import type { RecordTable } from "../store/schema.ts";
import { scopeOf } from "../http/auth.ts";
import type { PageQuery } from "../http/pagination.ts";
import { pageOf } from "../http/pagination.ts";
import { audited, auditMarking, db, IdParams, readRecord } from "./common.ts";
import { exportCsv, facetCounts, pageRecords, type Filter } from "./listing.ts";

type Loaded = RecordTable & { marking: Marking };

export interface KindSpec<Item extends { id: string; marking: { banner: string } }, Create, Update extends object, Query extends object> {
  kind: Kind;
  path: string;
  table: string;
  Item: z.ZodType<Item>;
  Create: z.ZodType<Create>;
  Update: z.ZodType<Update>;
  Query: z.ZodType<Query & z.infer<typeof PageQuery>>;
  present(conn: Conn, scope: Scope, records: Loaded[]): Promise<Item[]>;
  create(tx: Tx, scope: Scope, input: Create): Promise<{ id: string; marking: Marking }>;
  update(tx: Tx, scope: Scope, id: string, current: { marking: Marking }, patch: Update): Promise<{ marking: Marking }>;
  filters(q: Query): Filter[];
  facets: string[];
  exportColumns: [header: string, value: (item: Item) => unknown][];
  /** False when the kind creates through its own route (documents upload multipart). */
  jsonCreate?: boolean;
  /** False when the kind lists in its own order (actions by due date). */
  defaultList?: boolean;
}

export function recordRoutes<Item extends { id: string; marking: { banner: string } }, Create, Update extends object, Query extends object>(
  app: FastifyInstance,
  spec: KindSpec<Item, Create, Update, Query>,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = [spec.path];
  const Item = spec.Item as z.ZodType;
  const one = async (req: Parameters<typeof readRecord>[0], id: string) => {
    const { row, marking } = await readRecord(req, spec.kind, id);
    return (await spec.present(db(req), scopeOf(req), [{ ...row, marking }]))[0]!;
  };

  if (spec.defaultList !== false) r.get(`/${spec.path}`, { schema: { tags, summary: `List ${spec.path} you may read, newest first`, querystring: spec.Query, response: { 200: pageOf(spec.Item) } } }, async (req) => {
    const q = req.query as Query & z.infer<typeof PageQuery>;
    const page = await pageRecords(req, spec.kind, q, spec.filters(q));
    return { items: await spec.present(db(req), scopeOf(req), page.rows), nextCursor: page.nextCursor };
  });

  r.get(`/${spec.path}/facets`, { schema: { tags, summary: `Count of ${spec.path} you may read, by ${spec.facets.join(", ")}`, querystring: spec.Query } }, async (req) =>
    facetCounts(req, spec.kind, spec.table, spec.facets, spec.filters(req.query as Query)));

  r.get(`/${spec.path}/export`, { schema: { tags, summary: `CSV of ${spec.path} you may read, headed by its derived marking` } }, async (req, reply) => {
    const { csv, marking } = await exportCsv(req, spec.kind, [...spec.exportColumns.map(([h]) => h), "marking"], async (records) => {
      const items = await spec.present(db(req), scopeOf(req), records);
      return items.map((i) => [...spec.exportColumns.map(([, v]) => v(i)), i.marking.banner]);
    });
    return reply.type("text/csv; charset=utf-8").header("x-accord-marking", marking.banner)
      .header("content-disposition", `attachment; filename=${spec.path}.csv`).send(csv);
  });

  r.get(`/${spec.path}/:id`, { schema: { tags, summary: `One of ${spec.path}`, params: IdParams, response: { 200: Item } } }, async (req) => one(req, req.params.id));

  if (spec.jsonCreate !== false) r.post(`/${spec.path}`, { schema: { tags, summary: `Create one of ${spec.path}`, body: spec.Create, response: { 201: Item } } }, async (req, reply) => {
    const id = await audited(req, `${spec.kind}.create`, async (tx) => {
      const { id, marking } = await spec.create(tx, scopeOf(req), req.body as Create);
      return { result: id, event: { target: id, marking: auditMarking(marking), outcome: "success" } };
    });
    return reply.code(201).send(await one(req, id));
  });

  r.patch(`/${spec.path}/:id`, { schema: { tags, summary: `Edit one of ${spec.path} (a marking may only be raised here)`, params: IdParams, body: spec.Update, response: { 200: Item } } }, async (req) => {
    const current = await readRecord(req, spec.kind, req.params.id);
    await audited(req, `${spec.kind}.update`, async (tx) => {
      const { marking } = await spec.update(tx, scopeOf(req), req.params.id, current, req.body as Update);
      return { result: null, event: { target: req.params.id, marking: auditMarking(marking), outcome: "success", details: { fields: Object.keys(req.body as object) } } };
    });
    return one(req, req.params.id);
  });
}
