// The one way resource code reaches the store: a Reader bound to one caller for one request (as
// Medplum builds a repository per request), whose every read is narrowed by the read rule in SQL.
// Records come out branded with the ids it has read, and a record's own rows (its kind's table,
// its child tables, its versions) are handed out only for such ids. Writes go through its
// audited transaction, whose Writer is a Reader too. Unfiltered access is `systemDb()`, by name.
import { sql, type CompiledQuery, type Expression, type RawBuilder, type Selectable, type SelectQueryBuilder } from "kysely";
import { AccordError } from "../domain/errors.ts";
import { banner, type Marking, type MarkingInput } from "../domain/markings.ts";
import type { Kind } from "../kinds.ts";
import { appendAudit, recordAudit, recordRead, type AuditInput } from "../audit/log.ts";
import { loadViewer } from "../accounts/users.ts";
import type { Actor } from "../domain/policy.ts";
import type { Scope} from "./access.ts";
import { dominatedBy, markingsToSeek, readableBy, readersOfMarking, type AccessPlan, type ReadCheck, type Viewer } from "./access.ts";
import type { Conn, Db, Dialect, Tx } from "./db.ts";
import { dialectOf, keyEquals, oneOf, oneOfBound, oneOfValue } from "./dialect.ts";
import { isUniqueViolation } from "./faults.ts";
import { loadMarkings, nationalTerm, resolveMarking } from "./markings.ts";
import { resolveRefs, type Reference, type Refs } from "./refs.ts";
import { searchRecords, type SearchRequest } from "./search.ts";
import { accessPlan } from "./plans.ts";
import { keptFor, keptWith } from "./kept-statements.ts";
import { Precondition, type IfMatch } from "./preconditions.ts";
import { decodeCursor, nextCursor as cursorAfter } from "../http/pagination.ts";
import type { Database, RecordTable } from "./schema.ts";
import { MARKING_COPIES, OWNED, type Link, type OwnedTable, type ReferenceTable } from "./tables.ts";

declare const READ: unique symbol;
/** A record id this Reader has read for its caller: the only key to the record's own rows. */
export type ReadId = string & { readonly [READ]: true };
/** A record row the caller may read, with its marking. */
export type ReadRecord = Omit<Selectable<RecordTable>, "id"> & { id: ReadId; marking: Marking };

export type { Reference, Refs };
/** References from what a statement read of them (resource code reaches the store through this module). */
export { refsOf } from "./refs.ts";
export type Filter = RawBuilder<boolean>;

/** Who the audit events of this Reader name: the caller and their address. */
export interface Caller { actor: string; client: string | null }

export interface PageRequest { limit: number; cursor?: string | undefined; filters?: Filter[] }
export interface Page { rows: ReadRecord[]; nextCursor: string | null }

/** Answers exactly like a missing record (SPEC 3.2); `exists` tells only the audit which it was. */
export class NotReadable extends AccordError {
  constructor(readonly exists: boolean) {
    super("not_found", "No such record.");
  }
}

export const auditMarking = (m: Marking) => banner(m);

/**
 * Record ids already read, as the one value a statement binds for them (see `Reader.keptRows`):
 * made only by a Reader, from ids it has read.
 */
const MINT: unique symbol = Symbol("IdList");
export class IdList {
  /** Only this module holds `MINT`: resource code cannot make a list of ids it has not read. */
  constructor(mint: typeof MINT, readonly value: string, readonly count: number) {
    if (mint !== MINT) throw new Error("an IdList is made by a Reader only");
  }
}

/**
 * What a resource keeps on a Reader for the rest of its request (a list page's rows and
 * presentation, read with the page, for the presenter that follows): one per module,
 * `new Kept<T>(name)`, read back through the Reader that kept it (`Reader.keep`, `Reader.kept`).
 */
export class Kept<T> {
  declare private readonly value?: T;
  constructor(readonly name: string) {}
}

/** PostgreSQL: statements kept by the readable set they were built for (see `Reader.keptStatement`). */
const keptStatements = new WeakMap<readonly string[], Map<string, CompiledQuery>>();

export class Reader {
  private ifMatch: IfMatch | null = null;
  /**
   * What resources kept for this request (see Kept). On the Reader, not in a module's WeakMap
   * keyed by it: V8's young-generation collector holds the values of a WeakMap that has grown old
   * whatever became of their keys, so each page kept that way was copied by the scavenge after its
   * request (PostgreSQL lists, Node 20: 395 MB copied against 78 MB, median scavenge 9.6 against 2.9 ms).
   */
  private keptValues: Map<Kept<unknown>, unknown> | null = null;
  constructor(protected readonly conn: Conn, readonly scope: Scope, readonly caller: Caller) {}

  keep<T>(slot: Kept<T>, value: T): void {
    (this.keptValues ??= new Map()).set(slot, value);
  }

  kept<T>(slot: Kept<T>): T | undefined {
    return this.keptValues?.get(slot) as T | undefined;
  }

  /** The request's `If-Match`: its changes are then made only to the versions it names. */
  expect(ifMatch: IfMatch): void {
    this.ifMatch = ifMatch;
  }

  get viewer(): Viewer {
    return this.scope.requireViewer();
  }

  /** The caller as policies see them (src/domain/policy.ts). */
  get actor(): Actor {
    const v = this.viewer;
    return { id: v.id, roles: v.roles, nationality: v.nationality, personId: v.personId };
  }

  get dialect(): Dialect {
    return dialectOf(this.conn);
  }

  /** `records r` already narrowed to what the caller may read: every record query starts here. */
  records(kind?: Kind, plan?: ReadCheck) {
    let q = this.conn.selectFrom("records as r").where(readableBy(this.scope, "r.marking_id", plan));
    if (kind) q = q.where("r.kind", "=", this.kindValue(kind));
    return q;
  }

  /**
   * A kind's own rows (as `t`) with their records (as `r`), filtered by the marking the kind's table
   * repeats (MARKING_COPIES): for lists in the table's own order, one index walk for any reader.
   */
  ownRows(kind: keyof typeof MARKING_COPIES, plan?: AccessPlan) {
    return this.conn.selectFrom(`${MARKING_COPIES[kind]} as t`).innerJoin("records as r", "r.id", "t.id").where(readableBy(this.scope, "t.marking_id", plan));
  }

  /**
   * A kind as a statement compares it: written into the text (kinds are the registry's own names,
   * never a caller's input). On PostgreSQL a prepared statement's generic plan is then costed for
   * that kind's rows (bound, a kind was estimated at a ninth of the records, and a documents page,
   * 45% of them, was planned afresh every time as costlier than its custom plan). On SQLite a bound
   * kind, which its planner looks up in the index samples (STAT4), made it prepare the page's
   * statement again before every run (see `oneOf` in dialect.ts); written in, it is planned once.
   */
  kindValue(kind: Kind): RawBuilder<Kind> {
    if (!/^[a-z_]+$/.test(kind)) throw new Error(`not a kind: ${JSON.stringify(kind)}`);
    return sql.lit(kind);
  }

  /** `column` is one of `ids` (at least one), as one value on PostgreSQL (see dialect.ts). */
  oneOf(column: string, ids: readonly string[] | IdList): RawBuilder<boolean> {
    return ids instanceof IdList ? oneOfBound(this.conn, column, ids.value, ids.count) : oneOf(this.conn, column, ids);
  }

  /**
   * The rows of a statement over records already read (`ids`, at least one), built by `build` over
   * the ids as one list (for `children`, `oneOf`): compiled once per readable set with the list's
   * one bound value as a hole (kept-statements.ts), then run with `ids` in it. `name` says what
   * else the statement's text depends on; whether the ids are one or several is added here (one id
   * is compared by key, several read from one array: see `oneOf`). Built every time for a
   * reader whose statements depend on more than its set (a BoundReader).
   */
  async keptRows<R>(name: string, ids: readonly ReadId[], build: (ids: IdList) => { compile(): CompiledQuery<R> }): Promise<R[]> {
    if (!ids.length) return [];
    const value = oneOfValue(this.conn, ids);
    const form = ids.length === 1 ? "one" : "many";
    const q = keptWith(this.keptFor, `${name} (${form})`, [value], (hole: string) => build(new IdList(MINT, hole, ids.length)).compile());
    return (await this.conn.executeQuery(q)).rows;
  }

  /**
   * A kind's own rows (as `t`) alone, filtered by the marking the table repeats, like `ownRows`:
   * for a page's keys (see `pageByKeys`), which need no record.
   */
  ownKeys(kind: keyof typeof MARKING_COPIES, plan?: AccessPlan) {
    return this.conn.selectFrom(`${MARKING_COPIES[kind]} as t`).where(readableBy(this.scope, "t.marking_id", plan));
  }

  /** Filter or seek for listing a kind (see `AccessPlan`). */
  plan(kind?: Kind): Promise<AccessPlan | undefined> {
    return accessPlan(this.conn, this.scope, kind);
  }

  /** Brands rows that came out of `records()` and loads their markings. */
  protected async brand<R extends Selectable<RecordTable>>(rows: R[]): Promise<(Omit<R, "id"> & ReadRecord)[]> {
    const ms = await loadMarkings(this.conn, rows.map((r) => r.marking_id));
    // Each row, fresh from its statement, takes its marking in place (a copy per row was garbage).
    for (const r of rows) (r as R & { marking: Marking }).marking = ms.get(r.marking_id)!;
    return rows as unknown as (Omit<R, "id"> & ReadRecord)[];
  }

  /**
   * One record, unaudited, or null: for references checked inside a write (its event names them).
   * `lock`, inside a transaction: the row stays locked until it ends (see `Writer.lock`).
   */
  async find(kind: Kind | null, id: string, lock = false): Promise<ReadRecord | null> {
    const locks = lock && this.dialect === "postgres";
    const q = keptWith(this.keptFor, `find ${kind ?? "any"}${locks ? " locked" : ""}`, [id], (key: string) => {
      const found = this.records(kind ?? undefined, "each").selectAll("r").where(keyEquals(this.conn, "r.id", key));
      return (locks ? found.forNoKeyUpdate("r") : found).compile();
    });
    const row = (await this.conn.executeQuery(q)).rows[0];
    return row ? (await this.brand([row]))[0]! : null;
  }

  /**
   * The readable set this Reader's statements may be kept for (see kept-statements.ts), or null when
   * they depend on more than the set (a BoundReader's bound marking).
   */
  protected get keptFor(): readonly string[] | null {
    return keptFor(this.scope);
  }

  /**
   * One record, read once for the request: audited when above UNCLASSIFIED; a record that exists
   * but may not be read answers as a missing one, and both are audited alike (SPEC 3.2, 3.5).
   */
  async get(kind: Kind | null, id: string): Promise<ReadRecord> {
    return this.audited(kind, id, await this.find(kind, id));
  }

  /** `records()` for one id, as `find` reads it: the record a kind's get joins its presentation to (`getJoined`). */
  recordById(kind: Kind, id: string) {
    return this.records(kind, "each").selectAll("r").where(keyEquals(this.conn, "r.id", id));
  }

  /**
   * PostgreSQL: one record, read and audited as `get` reads and audits it, with the rows that
   * present it in the same statement: `statement` selects the record as `recordById` does (its
   * subquery, under the read rule) joined to its presentation, each part under its own read rule as
   * the kind's list page joins them; `recordOf` picks the record's own row out of the statement's
   * (none: not readable, answered and audited as `get` answers a missing record). A get was the
   * record's statement, then its presentation's: each statement is a round trip, whose write to
   * the socket and answer cost Accord and the backend more than a join of one row's lookups.
   * `joined` is null when the rows were not read with it (a Writer's get, which locks its record):
   * the kind presents the record as it would any other.
   *
   * `build(one)` makes the statement from `one`, the record's query (`recordById`). It depends on
   * the reader's set, the kind and the id alone, so it is compiled once per set and kind with the
   * id as a hole (kept-statements.ts), which each get fills (building and compiling it through
   * Kysely was a fifth of a get's CPU in Accord's process).
   */
  async getJoined<J, R extends Selectable<RecordTable>>(kind: Kind, id: string, build: (one: ReturnType<Reader["recordById"]>) => RawBuilder<J>, recordOf: (joined: readonly J[]) => R | undefined): Promise<{ rec: Omit<R, "id"> & ReadRecord; joined: J[] | null }> {
    const statement = keptWith(this.keptFor, `${kind} get joined`, [id], (one: string) => build(this.recordById(kind, one)).compile(this.conn));
    const joined = (await this.conn.executeQuery(statement)).rows;
    const row = recordOf(joined);
    const rec = await this.audited(kind, id, row ? (await this.brand([row]))[0]! : null);
    return { rec, joined };
  }

  /** What `get` answers for the record `find` read (or did not), audited. */
  private async audited<R extends ReadRecord>(kind: Kind | null, id: string, rec: R | null): Promise<R> {
    if (!rec) {
      const exists = await this.exists(kind, id);
      await this.audit({ action: `${kind ?? "record"}.read`, target: id, outcome: exists ? "denied" : "not_found" });
      throw new NotReadable(exists);
    }
    if (rec.marking.classification > 0) {
      await this.audit({ action: `${rec.kind}.read`, target: id, marking: auditMarking(rec.marking), outcome: "success" });
    }
    return rec;
  }

  /** Whether a record exists at all, readable or not: only for the audit of a denial. */
  protected async exists(kind: Kind | null, id: string): Promise<boolean> {
    let q = this.conn.selectFrom("records").select("id").where("id", "=", id);
    if (kind) q = q.where("kind", "=", kind);
    return Boolean(await q.executeTakeFirst());
  }

  /** Those of `ids` the caller may read (of the given kinds), checked as one set in one query. */
  async readable(ids: readonly (string | null | undefined)[], kinds?: readonly Kind[]): Promise<ReadRecord[]> {
    const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
    if (!wanted.length) return [];
    let q = this.records(undefined, "each").selectAll("r").where(oneOf(this.conn, "r.id", wanted));
    if (kinds) q = q.where("r.kind", "in", [...kinds]);
    return this.brand(await q.execute());
  }

  /** References for the caller: readable ones with their title, the rest withheld (no title, no id). */
  refs(ids: readonly (string | null | undefined)[]): Promise<Refs> {
    return resolveRefs(this.conn, this.scope, ids);
  }

  /**
   * Readable records of `kind` whose own row's `column` is one of `ids` (the documents attached to
   * these records, the actions raised at these meetings): filtered in SQL, never fetched and dropped.
   */
  async linked<T extends OwnedTable>(kind: Kind, table: T, column: keyof Database[T] & string, ids: readonly ReadId[]): Promise<(ReadRecord & { link: string })[]> {
    if (!ids.length) return [];
    // The ids come from the column's index first (an uncorrelated IN), then each record by its key:
    // the cost follows the links found, not the number of records of the kind.
    const linkedIds = sql<string>`(select t.id from ${sql.table(table)} t where t.${sql.ref(column)} in (${sql.join([...ids])}))`;
    const link = sql<string>`(select t.${sql.ref(column)} from ${sql.table(table)} t where t.id = r.id)`;
    return this.read(this.records(kind).selectAll("r").select(link.as("link")).where("r.id", "in", linkedIds).orderBy("r.created_at").orderBy("r.id"));
  }

  /**
   * The rows of an owned table (a kind's own row, its child rows, its versions) belonging to records
   * already read; rows that carry a marking of their own are filtered by it as well.
   */
  children<T extends OwnedTable>(table: T, ids: readonly ReadId[] | IdList): SelectQueryBuilder<Database, T, {}> {
    const spec: { by: string; marking?: string } = OWNED[table];
    let q = this.conn.selectFrom(table as OwnedTable) as unknown as SelectQueryBuilder<Database, T, {}>;
    // Qualified by the table, so a statement may join other tables to these rows.
    q = (ids instanceof IdList ? ids.count : ids.length) ? q.where(this.oneOf(`${table}.${spec.by}`, ids)) : q.where(sql<boolean>`1 = 0`);
    if (spec.marking) q = q.where(readableBy(this.scope, `${table}.${spec.marking}`, "each"));
    return q;
  }

  /**
   * PostgreSQL: a kind may present its records in one statement, joining their child rows and
   * references (`readableRow`), where it would run one per table: each statement is a round trip,
   * ~20-60 µs of a backend's CPU for a trivial one on the bench host, and more of Accord's. Whether
   * it pays is the kind's to measure: a lookup per column of each row cost the backends more than
   * one lookup of the set of distinct ids (an actions page's four references, 200 lookups for 124
   * ids at 1M: 2.83 ms of backend CPU per request where four statements took 2.38 ms). SQLite runs
   * statements in process, without round trips.
   */
  get presentsInOne(): boolean {
    return this.dialect === "postgres";
  }

  /**
   * The read rule for a marking `column` of rows a statement finds by key (a join on a record's
   * id): each row probes the caller's readable set (see ReadCheck "each").
   */
  readableRow(column: string): RawBuilder<boolean> {
    return readableBy(this.scope, column, "each");
  }

  /**
   * The records this one refers to and those that refer to it, through the reference columns
   * the kinds declare: `[other id, relation]` pairs, to be resolved as references (withheld or not).
   */
  async links(rec: ReadRecord, links: readonly Link[]): Promise<{ other: string; relation: string }[]> {
    if (!links.length) return [];
    const parts = links.flatMap((l) => [
      sql`select ${sql.ref(l.target)} as other, ${sql.lit(l.relation)} as relation from ${sql.table(l.table)} where ${sql.ref(l.owner)} = ${rec.id}`,
      sql`select ${sql.ref(l.owner)} as other, ${sql.lit(l.inverse)} as relation from ${sql.table(l.table)} where ${sql.ref(l.target)} = ${rec.id}`,
    ]);
    const rows = await sql<{ other: string | null; relation: string }>`${sql.join(parts, sql` union all `)}`.execute(this.conn);
    return rows.rows.filter((l): l is { other: string; relation: string } => Boolean(l.other));
  }

  /** Markings by id (of versions, of release requests' targets), for records already read. */
  markings(ids: readonly string[]): Promise<Map<string, Marking>> {
    return loadMarkings(this.conn, ids);
  }

  /** A marking as the caller gives it (their country by default), checked against the vocabulary. */
  resolveMarking(input: MarkingInput, field = "marking"): Promise<Marking> {
    return resolveMarking(this.conn, input, this.viewer.nationality, field);
  }

  /**
   * This caller's reads narrowed further to records every reader of `marking` may read: the
   * registry for content derived at that marking (a draft's matches), which must not show any
   * of its readers what they may not read. Only record queries narrow; children follow the ids read.
   */
  boundTo(marking: Marking): Reader {
    return new BoundReader(this.conn, this.scope, this.caller, marking);
  }

  /** Platform vocabulary (countries and their levels, areas, compartments, IC thresholds). */
  reference<T extends ReferenceTable>(table: T): SelectQueryBuilder<Database, T, {}> {
    return this.conn.selectFrom(table as ReferenceTable) as unknown as SelectQueryBuilder<Database, T, {}>;
  }

  /**
   * The stored content of a version of a document already read, through its versions as an owned
   * table: each version carries a marking of its own, and a version the caller may not read is not found.
   */
  async content(documentId: ReadId, version: number) {
    return this.children("document_versions", [documentId]).innerJoin("blobs", "blobs.hash", "document_versions.content_hash")
      .select(["document_versions.media_type", "document_versions.filename", "document_versions.marking_id", "blobs.content"]).where("document_versions.version", "=", version).executeTakeFirst();
  }

  /** Read-only copies of records other instances own (SPEC 8.4), narrowed to what the caller may read. */
  replicas() {
    return this.conn.selectFrom("federation_replicas as fr").where(readableBy(this.scope, "fr.marking_id"));
  }

  /** Users who may read this record (for security officers: SPEC 3.2's "who can read this"). */
  readersOf(rec: ReadRecord) {
    return this.conn.selectFrom("users").select(["id", "username", "display_name", "nationality", "clearance"])
      .where(sql<boolean>`id in (${readersOfMarking(rec.marking_id)})`).orderBy("username").execute();
  }

  /** An account, to explain to a security officer which rule denies it a record (SPEC 3.2). */
  user(id: string): Promise<Viewer | null> {
    return loadViewer(this.conn, id);
  }

  /** The level a country gives a marking, in its own terms (banners show both). */
  nationalTerm(m: Marking, country: string): Promise<string> {
    return nationalTerm(this.conn, m, country);
  }

  /** Full-text search over what the caller may read (see store/search.ts). */
  async search(q: SearchRequest) {
    return this.brand(await searchRecords(this.conn, this.scope, q));
  }

  /** Titles starting with a prefix, over what the caller may read. */
  async suggest(prefix: string, kind: Kind | undefined, limit: number): Promise<ReadRecord[]> {
    const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.brand(await this.records(kind).selectAll("r").where(sql<boolean>`lower(r.title) like lower(${like}) escape '\\'`)
      .orderBy("r.title").orderBy("r.id").limit(limit).execute());
  }

  /** Display names of users (the actors of versions): account names, not record content. */
  async userNames(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.conn.selectFrom("users").select(["id", "display_name"]).where("id", "in", unique).execute();
    return new Map(rows.map((u) => [u.id, u.display_name]));
  }

  private organisationOnce?: Promise<string | null>;
  /** The organisation the caller works for (industry users edit only their organisation's programmes). */
  organisation(): Promise<string | null> {
    this.organisationOnce ??= this.conn.selectFrom("users").select("organisation_id").where("id", "=", this.viewer.id).executeTakeFirst()
      .then((u) => u?.organisation_id ?? null);
    return this.organisationOnce;
  }

  /** Newest first, keyset-paginated on (created_at, id); the page is audited as one list read. */
  async page(kind: Kind, q: PageRequest, action = `${kind}.list`): Promise<Page> {
    const rows = (await this.conn.executeQuery<Selectable<RecordTable>>(await this.pageQuery(kind, q))).rows;
    const nextCursor = cursorAfter(rows, q.limit, (r) => ({ key: r.created_at, id: r.id }));
    const page = { rows: await this.brand(rows.slice(0, q.limit)), nextCursor };
    await this.auditList(action, page.rows);
    return page;
  }

  /** The statement of a page (one row more than asked, to know whether another page follows). */
  async pageQuery(kind: Kind, q: PageRequest): Promise<CompiledQuery> {
    return (await this.pageStatement(kind, q)).compile();
  }

  /** A page's statement, to compile or to build on (`pageJoined`). */
  private async pageStatement(kind: Kind, q: PageRequest): Promise<{ expr: Expression<Selectable<RecordTable>>; compile(): CompiledQuery }> {
    const cur = decodeCursor(q.cursor);
    // PostgreSQL: a reader of few markings gets the page as the newest of each readable marking's
    // newest, merged (see markingsToWalk); the read rule still filters inside each walk.
    const walk = await this.markingsToWalk(kind);
    const plan = walk ? undefined : await this.plan(kind);
    const limit = this.pageLimit(q.limit + 1, !q.filters?.length);
    const build = (marking: RawBuilder<unknown> | null) => {
      let query = marking
        ? this.conn.selectFrom("records as r").where(readableBy(this.scope, "r.marking_id")).where("r.kind", "=", this.kindValue(kind)).where(sql<boolean>`r.marking_id = ${marking}`).selectAll("r")
        : this.records(kind, plan).selectAll("r");
      for (const f of q.filters ?? []) query = query.where(f);
      if (cur) query = query.where((eb) => eb.or([eb("r.created_at", "<", cur.key), eb.and([eb("r.created_at", "=", cur.key), eb("r.id", "<", cur.id)])]));
      return query.orderBy("r.created_at", "desc").orderBy("r.id", "desc").limit(limit);
    };
    if (walk) {
      const walks = this.mergedWalksSql<Selectable<RecordTable>>(walk, build, sql`r.created_at desc, r.id desc`, limit);
      return { expr: walks, compile: () => walks.compile(this.conn) };
    }
    if (plan === "seek") {
      const keys = build(null).clearSelect().select([sql<number>`r.rowid`.as("page_rowid"), "r.created_at", "r.id"]);
      const sought = this.pageByKeysSql<Selectable<RecordTable>>(keys, "records", sql`r.*`, sql`k.created_at desc, k.id desc`);
      return { expr: sought, compile: () => sought.compile(this.conn) };
    }
    const page = build(null);
    return { expr: page, compile: () => page.compile() };
  }

  /**
   * A page, newest first, as `page` gives it, with its rows joined in the same statement to what
   * presents them: `join(p)` selects `p.*` and more from the page's statement as a subquery `p`,
   * one row or more per record (its rows' other columns named apart from the records'), in the
   * page's order. The page's records are audited as `page` audits them; the joined rows of its
   * records come with them. `join` is the kind's one presentation: on PostgreSQL a first page's
   * statement is kept by `action` and size (see keptStatement).
   */
  async pageJoined<J extends Selectable<RecordTable>>(kind: Kind, q: PageRequest, join: (page: Expression<Selectable<RecordTable>>) => RawBuilder<J>, action = `${kind}.list`): Promise<{ page: Page; joined: J[] }> {
    const build = async () => join((await this.pageStatement(kind, q)).expr);
    // A first page, unfiltered, depends on the reader's set alone (see keptStatement).
    const statement = await this.keptStatement(q.cursor || q.filters?.length ? null : `${action} joined, first ${q.limit}`, build, kind);
    const joined = (await this.conn.executeQuery(statement)).rows;
    const records: J[] = [];
    let last: string | null = null;
    for (const j of joined) {
      if (j.id !== last) records.push(j);
      last = j.id;
    }
    const nextCursor = cursorAfter(records, q.limit, (r) => ({ key: r.created_at, id: r.id }));
    const rows = await this.brand(records.slice(0, q.limit));
    await this.auditList(action, rows);
    const shown = new Set<string>(rows.map((r) => r.id));
    return { page: { rows, nextCursor }, joined: joined.filter((j) => shown.has(j.id)) };
  }

  /**
   * A statement that depends on nothing but the reader's readable set and what `name` says (a
   * list's first page, unfiltered, of a given size: its read rule, its per-marking walks and its
   * parameters all come from the set), built once per set and kept while the set is: readers of
   * one access signature share their set and so its statements, and a changed set is a new one,
   * for which statements are built afresh. Building and compiling a list page's statement with
   * its presentation cost Accord ~0.1 ms of each request. Built every time without a name (a
   * later page, a filtered one), and for a reader whose statements depend on more than its set
   * (`keptFor`). On SQLite a list page (`planned`: its kind) is kept by its set and the plan chosen
   * for the kind, which is then part of the name.
   */
  async keptStatement<R>(name: string | null, build: () => Promise<CompiledQuery<R> | RawBuilder<R>>, planned?: Kind): Promise<CompiledQuery<R>> {
    const compiled = async () => {
      const built = await build();
      return "sql" in built ? built : built.compile(this.conn);
    };
    const set = this.keptFor;
    if (!set || name === null) return compiled();
    // SQLite: a list page's statement depends on its set and on the plan chosen for its kind (seek
    // or filter, by a bounded count that is taken again from time to time): kept by both.
    const key = planned && this.dialect === "sqlite" ? `${name}, ${await this.plan(planned) ?? "unplanned"}` : name;
    let kept = keptStatements.get(set);
    if (!kept) keptStatements.set(set, (kept = new Map()));
    const hit = kept.get(key);
    if (hit) return hit as CompiledQuery<R>;
    const fresh = await compiled();
    kept.set(key, fresh);
    return fresh;
  }

  /**
   * SQLite's seek plan for a list page: the page's keys first, its rows after. `keys` (from
   * `records()` or `ownKeys()` in the seek plan, with the list's conditions, order and limit)
   * selects each row's `page_rowid` (its rowid in `records`, or in the kind's own table) and the
   * columns of the page's order, so it reads an index alone (see SOUGHT_MARKINGS in plans.ts); the
   * page's rows are then read by rowid (a kind's own row joined to its record), selecting `columns`
   * (over `k`, `r` and `t`), in `order` (over `k`). Sorting whole rows read each of them first:
   * each readable marking's page of actions, with their records, 1.4 ms for the narrow scale
   * reader's actions at 1M where their keys take 0.24 ms.
   */
  pageByKeys<R>(keys: { compile(): CompiledQuery<unknown> }, table: "records" | keyof typeof MARKING_COPIES, columns: RawBuilder<unknown>, order: RawBuilder<unknown>): CompiledQuery<R> {
    return this.pageByKeysSql<R>(keys, table, columns, order).compile(this.conn);
  }

  private pageByKeysSql<R>(keys: { compile(): CompiledQuery<unknown> }, table: "records" | keyof typeof MARKING_COPIES, columns: RawBuilder<unknown>, order: RawBuilder<unknown>): RawBuilder<R> {
    const rows = table === "records"
      ? sql`records r on r.rowid = k.page_rowid`
      : sql`${sql.table(MARKING_COPIES[table])} t on t.rowid = k.page_rowid join records r on r.id = t.id`;
    return sql<R>`select ${columns} from (${keys}) k join ${rows} order by ${order}`;
  }

  /**
   * A page statement's LIMIT. On PostgreSQL, for a page with no filter, written into the text: the
   * statement is then one text per page size, prepared once per connection (db.ts), and PostgreSQL
   * keeps one generic plan for it instead of planning every page (0.2-0.4 ms each at 1M). Its best
   * plan does not depend on the values bound (a set's key, a cursor). A generic plan for a bound
   * `LIMIT $n` is costed as fetching a tenth of the rows (for actions by due date it was a parallel
   * walk 35 times as slow), so db.ts prepares no statement with one. A filter's value may call for
   * another plan (a rare forum's actions: its index, not the due-date walk), so a filtered page
   * keeps its limit bound, and is planned for its values on every run.
   *
   * On SQLite always written into the text: its planner reads a bound LIMIT's value, and the
   * statement was then prepared again before every run (as for values looked up in the index
   * samples, see `keyEquals` in dialect.ts): a broad reader's page of two documents at 1M took
   * 16 µs warm with `limit ?` and 4.4 µs with `limit 2` (fifty: 81 against 71 µs). A statement
   * is kept per text (db.ts), one per page size asked for.
   */
  pageLimit(n: number, fixed: boolean): number | RawBuilder<number> {
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`a page's limit is a positive whole number, not ${n}`);
    if (this.dialect === "sqlite") return sql.lit<number>(n);
    return fixed ? sql.lit<number>(n) : n;
  }

  /**
   * The readable markings a list walks one at a time (each walk narrowed to one marking, see
   * `mergedWalks`), or null when the list is one query: on PostgreSQL, a reader of few markings
   * (see markingsToSeek), whatever the planner's estimates. SQLite seeks instead (see
   * SOUGHT_MARKINGS in plans.ts and `pageByKeys`): one walk of each marking's index entries in one
   * query, which it leaves as soon as the page is full of better ones. (Walking the list's whole
   * order and filtering read nearly every row for one page when the reader's rows lay at its far
   * end: the narrow scale reader's actions by due date took 48.7 ms at 1M once the bench had given
   * it 2,300 actions due at the end of that order.)
   */
  async markingsToWalk(_kind: Kind): Promise<string[] | null> {
    return markingsToSeek(this.scope);
  }

  /**
   * A page as the first of each readable marking's first, merged (PostgreSQL): `perMarking(m)`
   * (built from `records()` or `ownRows()`, so the read rule filters inside each walk, narrowed to
   * marking `m`, ordered as `order` and limited) runs laterally for each of `markings` (from
   * `markingsToWalk`), and the walks are merged in `order` (over their columns as `r`) to `limit` rows.
   */
  mergedWalks<R>(markings: readonly string[], perMarking: (marking: RawBuilder<unknown>) => { compile(): CompiledQuery<R> }, order: RawBuilder<unknown>, limit: number | RawBuilder<number>): CompiledQuery<R> {
    return this.mergedWalksSql(markings, perMarking, order, limit).compile(this.conn);
  }

  private mergedWalksSql<R>(markings: readonly string[], perMarking: (marking: RawBuilder<unknown>) => { compile(): CompiledQuery<R> }, order: RawBuilder<unknown>, limit: number | RawBuilder<number>): RawBuilder<R> {
    return sql<R>`select r.* from unnest(${[...markings]}::text[]) as m(id) cross join lateral (${perMarking(sql`m.id`)}) r
      order by ${order} limit ${limit}`;
  }

  /**
   * `mergedWalks` over keys alone (PostgreSQL): each walk (from `ownKeys()`) selects a kind's own
   * row's `id` and the columns of the page's order, and only the merged page's rows are then read,
   * the own row joined to its record (as `t` and `r`), selecting `columns` (over `k`, `r` and `t`)
   * in `order` (over `k`). Walks that read whole rows joined each row they walked to its record:
   * the narrow scale reader's actions at 1M walked 223 rows of 14 markings for a page of 51, and
   * read 892 blocks of records for them where the page needs 51 rows.
   */
  mergedKeyWalks<R>(table: keyof typeof MARKING_COPIES, markings: readonly string[], perMarking: (marking: RawBuilder<unknown>) => { compile(): CompiledQuery<unknown> }, keyOrder: RawBuilder<unknown>, limit: number | RawBuilder<number>, columns: RawBuilder<unknown>, order: RawBuilder<unknown>): { expr: RawBuilder<R>; compile(): CompiledQuery<R> } {
    const keys = this.mergedWalksSql(markings, perMarking, keyOrder, limit);
    const expr = sql<R>`select ${columns} from (${keys}) k join ${sql.table(MARKING_COPIES[table])} t on t.id = k.id join records r on r.id = t.id order by ${order}`;
    return { expr, compile: () => expr.compile(this.conn) };
  }

  /** Runs a list's page statement (built from `records()`, `ownRows()`, `mergedWalks` or `pageByKeys`) and brands its rows. */
  async readPage<R extends Selectable<RecordTable>>(q: CompiledQuery<R>): Promise<(Omit<R, "id"> & ReadRecord)[]> {
    return this.brand((await this.conn.executeQuery(q)).rows);
  }

  /**
   * PostgreSQL: runs a list's page statement with more rows joined to it in the same statement (its
   * presentation, see presentsInOne): `pageOf` picks out the page's own rows (those its page
   * statement, built as for `readPage`, selected under the read rule), which are branded; the
   * statement's rows come back as they were read.
   */
  async readPageJoined<J, R extends Selectable<RecordTable>>(statement: CompiledQuery<J>, pageOf: (joined: readonly J[]) => R[]): Promise<{ rows: (Omit<R, "id"> & ReadRecord)[]; joined: J[] }> {
    const joined = (await this.conn.executeQuery(statement)).rows;
    return { rows: await this.brand(pageOf(joined)), joined };
  }

  /** Every readable record of a kind, newest first, up to `max` (exports, calendars). */
  async all(kind: Kind, max: number, ids?: readonly string[]): Promise<ReadRecord[]> {
    let q = this.records(kind).selectAll("r");
    if (ids) q = q.where("r.id", "in", ids.length ? [...ids] : [""]);
    return this.brand(await q.orderBy("r.created_at", "desc").orderBy("r.id", "desc").limit(max).execute());
  }

  /** Runs a query over `records()` that selected `r.*` (and perhaps more) and brands its rows. */
  async read<R extends Selectable<RecordTable>>(query: { execute(): Promise<R[]> }): Promise<(Omit<R, "id"> & ReadRecord)[]> {
    return this.brand(await query.execute());
  }

  /** The total and value counts of columns of the kind's own table, over readable records only. */
  async facets(kind: Kind, table: OwnedTable, columns: readonly string[], filters: Filter[] = []) {
    const where = sql.join([sql`r.kind = ${kind}`, readableBy(this.scope, "r.marking_id", "seek"), ...filters], sql` and `);
    const total = await sql<{ n: number }>`select count(*) as n from records r where ${where}`.execute(this.conn);
    const facets: Record<string, { value: string | null; count: number }[]> = {};
    for (const col of columns) {
      const rows = await sql<{ value: string | null; n: number }>`
        select t.${sql.ref(col)} as value, count(*) as n from records r join ${sql.table(table)} t on t.id = r.id
        where ${where} group by t.${sql.ref(col)} order by n desc, value`.execute(this.conn);
      facets[col] = rows.rows.map((r) => ({ value: r.value, count: Number(r.n) }));
    }
    return { total: Number(total.rows[0]?.n ?? 0), facets };
  }

  /** One audit event for records shown together, naming those above UNCLASSIFIED. */
  async auditList(action: string, items: readonly { id: string; marking: Marking }[]): Promise<void> {
    const classified = items.filter((i) => i.marking.classification > 0);
    if (!classified.length) return;
    // Stored compactly: the event names a read set by its hash; the set holds the ids (audit/log.ts).
    await recordRead(this.conn as Db, { action, actor: this.caller.actor, client: this.caller.client, records: classified.map((i) => ({ id: i.id, marking: auditMarking(i.marking) })) });
  }

  /** An event with no change of its own (reads, exports, denials), in a transaction of its own. */
  async audit(event: Omit<AuditInput, "actor" | "client">): Promise<void> {
    await recordAudit(this.conn as Db, { ...event, actor: this.caller.actor, client: this.caller.client });
  }

  /**
   * The audited transaction: `work` runs with a Writer in one transaction with its audit event. A
   * refused change rolls back and the refusal is audited in a transaction of its own, so attempts
   * are kept even when nothing is written (validation failures excepted: nothing was attempted).
   */
  async transaction<T>(action: string, target: string | null, work: (w: Writer) => Promise<{ result: T; event: Omit<AuditInput, "actor" | "client" | "action"> }>): Promise<T> {
    try {
      return await (this.conn as Db).transaction().execute(async (tx) => {
        const precondition = this.ifMatch ? new Precondition(this.ifMatch) : null;
        const w = new Writer(tx, this.scope, this.caller, precondition);
        const { result, event } = await work(w);
        precondition?.finish();
        const details = { ...event.details, ...w.notes };
        await appendAudit(tx, { ...event, ...(Object.keys(details).length ? { details } : {}), action, actor: this.caller.actor, client: this.caller.client });
        return result;
      });
    } catch (thrown) {
      // A uniqueness the database kept (two changes racing for one key that no lock orders) is a
      // conflict to retry, not a fault of ours.
      const err = isUniqueViolation(thrown) ? new AccordError("conflict", "Another change took this at the same moment: read again, then retry.") : thrown;
      if (err instanceof AccordError && err.status !== 400) {
        const missing = err instanceof NotReadable ? !err.exists : err.code === "not_found";
        await this.audit({ action, target, outcome: missing ? "not_found" : "denied", details: { code: err.code, reason: err.message } });
      }
      throw err;
    }
  }
}

/** A Reader whose records are those its caller may read that every reader of `bound` may read too. */
class BoundReader extends Reader {
  constructor(conn: Conn, scope: Scope, caller: Caller, private readonly bound: Marking) {
    super(conn, scope, caller);
  }

  override records(kind?: Kind, plan?: ReadCheck) {
    return super.records(kind, plan).where(dominatedBy(this.bound, "r.marking_id"));
  }

  override ownRows(kind: keyof typeof MARKING_COPIES, plan?: AccessPlan) {
    return super.ownRows(kind, plan).where(dominatedBy(this.bound, "t.marking_id"));
  }

  override ownKeys(kind: keyof typeof MARKING_COPIES, plan?: AccessPlan) {
    return super.ownKeys(kind, plan).where(dominatedBy(this.bound, "t.marking_id"));
  }

  /** Its statements depend on its bound marking too: none is kept. */
  protected override get keptFor(): readonly string[] | null {
    return null;
  }

  override refs(ids: readonly (string | null | undefined)[]): Promise<Refs> {
    return this.readable(ids).then(async (rows) => {
      const shown = await super.refs(rows.map((r) => r.id));
      return new Map(ids.filter((i): i is string => Boolean(i)).map((id) => [id, shown.get(id) ?? { id: null, withheld: true }]));
    });
  }
}

/**
 * A Reader inside the audited transaction, with the transaction itself for the writes. Its reads
 * are not audited one by one: the transaction's event names what was changed. It remembers the
 * records it wrote, so the answer presents them without reading them again.
 */
export class Writer extends Reader {
  /** Records this transaction has locked or written, as it last saw them. */
  private readonly written = new Map<string, ReadRecord>();
  /** Facts the writers add to the transaction's audit event (a marking chosen below its parent's). */
  readonly notes: Record<string, unknown> = {};
  constructor(readonly tx: Tx, scope: Scope, caller: Caller, private readonly precondition: Precondition | null = null) {
    super(tx, scope, caller);
  }

  /**
   * The record a change is about, locked for the rest of the transaction and checked against the
   * request's `If-Match`. On PostgreSQL the row lock (`FOR NO KEY UPDATE`, which leaves references
   * to the row unblocked) makes concurrent changes of one record take turns, each reading the
   * version the one before it committed, so none is lost and none fails for having waited; on
   * SQLite a change's unit of work holds the only connection, so changes take turns already.
   */
  /** A change's record is read as `get` reads it (locked), and presented as any other. */
  override async getJoined<J, R extends Selectable<RecordTable>>(kind: Kind, id: string): Promise<{ rec: Omit<R, "id"> & ReadRecord; joined: J[] | null }> {
    return { rec: await this.get(kind, id) as Omit<R, "id"> & ReadRecord, joined: null };
  }

  override async get(kind: Kind | null, id: string): Promise<ReadRecord> {
    const known = this.written.get(id);
    if (known && (!kind || known.kind === kind)) return known;
    const rec = await this.lock(kind, id);
    if (!rec) throw new NotReadable(await this.exists(kind, id));
    this.precondition?.check(rec);
    return this.remember(rec);
  }

  /**
   * A readable record locked until the transaction ends (null when the caller may not read it):
   * changes that depend on it (numbering a forum's next meeting) wait for each other.
   */
  lock(kind: Kind | null, id: string): Promise<ReadRecord | null> {
    return this.find(kind, id, true);
  }

  /** Adds facts to the transaction's audit event. */
  note(details: Record<string, unknown>): void {
    Object.assign(this.notes, details);
  }

  /** Called by the record writer after each version it writes. */
  remember(rec: ReadRecord): ReadRecord {
    this.written.set(rec.id, rec);
    return rec;
  }

  /** The record as this transaction last wrote it (or as given). */
  current(rec: ReadRecord): ReadRecord {
    return this.written.get(rec.id) ?? rec;
  }

  /** A record this transaction has just created. */
  created(row: Selectable<RecordTable>, marking: Marking): ReadRecord {
    return this.remember({ ...row, id: row.id as ReadId, marking });
  }

  /** Inside the transaction, an event of its own commits (or rolls back) with the change. */
  override async audit(event: Omit<AuditInput, "actor" | "client">): Promise<void> {
    await appendAudit(this.tx, { ...event, actor: this.caller.actor, client: this.caller.client });
  }
}
