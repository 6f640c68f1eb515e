// The shape of one kind of marked record, as its folder declares it and `src/kinds.ts` lists it:
// where it is stored, how it is validated and presented, how it is written, filtered and counted,
// who may do what with it, and how a record made inside a parent inherits the parent's marking.
// Routes, the search kinds, the OpenAPI enums, the web app's constants and the no-leak oracle
// tests are all derived from these entries.
import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import type { Policy } from "../domain/policy.ts";
import type { PageQuery } from "../http/pagination.ts";
import type { Kind } from "../kinds.ts";
import type { Filter, Page, PageRequest, ReadRecord, Reader, Writer } from "../store/reader.ts";
import type { Link, OwnedTable } from "../store/tables.ts";
import { kindRoutes } from "./kind-routes.ts";

/** Every presented record carries its id and marking banner (exports need them). */
export interface Presented { id: string; marking: { banner: string } }

/** A record made inside a parent (an action of a meeting) starts with the parent's marking (SPEC 3.3). */
export interface Parent<Create> {
  /** The create field naming the parent. */
  field: keyof Create & string;
  /** The parent's kind; null when it may be a record of any kind (a document's attachment). */
  kind: Kind | null;
}

export interface KindSpec<Item extends Presented, Create, Update extends object, Query extends z.infer<typeof PageQuery>, F, A extends string> {
  kind: Kind;
  /** The API collection (`/api/<path>`); null for kinds with no routes of their own. */
  path: string | null;
  /** The kind's own table (keyed by the record id) and the tables hanging off it. */
  tables: readonly OwnedTable[];
  schemas: { Item: z.ZodType<Item>; Create: z.ZodType<Create> | null; Update: z.ZodType<Update> | null; Query: z.ZodType<Query> };
  policy: Policy<F, A>;
  /** Records already read, in API form with the reader's policies. */
  present(reader: Reader, records: ReadRecord[]): Promise<Item[]>;
  /** Null when records are made another way (documents by upload, drafts from a statement). */
  create: ((w: Writer, input: Create) => Promise<ReadRecord>) | null;
  update: ((w: Writer, current: ReadRecord, patch: Update) => Promise<ReadRecord>) | null;
  /** Its list, when not newest first (actions by due date). */
  list?: (reader: Reader, q: Query) => Promise<Page>;
  /** Its newest-first page, when it reads more than `Reader.page` (documents with their presentation, on PostgreSQL). */
  page?: (reader: Reader, q: PageRequest) => Promise<Page>;
  /** One of it, read and audited as `Reader.get` does, when it reads more (its presentation with it, on PostgreSQL: `Reader.getJoined`). */
  get?: (reader: Reader, id: string) => Promise<ReadRecord>;
  filters: (q: Query) => Filter[];
  /** Columns of its own table counted by `/facets`. */
  facets: readonly string[];
  exportColumns: readonly (readonly [header: string, value: (item: Item) => unknown])[];
  /** Whether `/api/search` and `/api/suggest` offer it as a kind. */
  searchable: boolean;
  links: readonly Link[];
  parent: Parent<Create> | null;
  /** Vocabularies of its fields (the web app's select options come from these). */
  enums: Readonly<Record<string, readonly string[]>>;
  /** Routes beyond list, facets, export, get, create and edit. */
  routes?: (app: FastifyInstance) => Promise<void>;
}

/** A kind in the registry: its spec with the type parameters forgotten, and its routes' registration. */
export interface RegisteredKind {
  kind: Kind;
  path: string | null;
  tables: readonly OwnedTable[];
  policy: Policy<never, string>;
  present(reader: Reader, records: ReadRecord[]): Promise<Presented[]>;
  searchable: boolean;
  links: readonly Link[];
  parent: { field: string; kind: Kind | null } | null;
  facets: readonly string[];
  enums: Readonly<Record<string, readonly string[]>>;
  register(app: FastifyInstance): Promise<void>;
}

/**
 * A kind with no collection of its own in the API (sources, drafts): its records are made and
 * shown by its own routes, and read like any other through the Reader.
 */
export function defineInternalKind<F, A extends string>(spec: {
  kind: Kind; tables: readonly OwnedTable[]; policy: Policy<F, A>; links?: readonly Link[]; routes?: (app: FastifyInstance) => Promise<void>;
}): RegisteredKind {
  return {
    kind: spec.kind, path: null, tables: spec.tables, policy: spec.policy, searchable: false, links: spec.links ?? [], parent: null, facets: [], enums: {},
    present: async () => { throw new Error(`${spec.kind} records are presented by their own routes`); },
    register: async (app) => {
      if (spec.routes) await spec.routes(app);
    },
  };
}

export function defineKind<Item extends Presented, Create, Update extends object, Query extends z.infer<typeof PageQuery>, F, A extends string>(
  spec: KindSpec<Item, Create, Update, Query, F, A>,
): RegisteredKind & { spec: KindSpec<Item, Create, Update, Query, F, A> } {
  return {
    kind: spec.kind, path: spec.path, tables: spec.tables, policy: spec.policy, present: spec.present, searchable: spec.searchable,
    links: spec.links, parent: spec.parent, facets: spec.facets, enums: spec.enums, spec,
    register: async (app) => {
      kindRoutes(app, spec);
      if (spec.routes) await spec.routes(app);
    },
  };
}

/** The filters a list query asks for: one SQL condition per field given. */
export function filtersOf<Q>(q: Q, conditions: { [K in keyof Q]?: (value: NonNullable<Q[K]>) => Filter }): Filter[] {
  const out: Filter[] = [];
  for (const key of Object.keys(conditions) as (keyof Q)[]) {
    const value = q[key];
    if (value !== undefined && value !== null) out.push(conditions[key]!(value as NonNullable<Q[typeof key]>));
  }
  return out;
}

/** A reference shown in an export cell: its title, "(withheld)", or nothing. */
export const shown = (ref: { withheld: boolean; title?: string } | null | undefined) => (!ref ? "" : ref.withheld ? "(withheld)" : (ref.title ?? ""));
