// Every marked record's common life: the records row, its versions, its search text, and the
// write rules of SPEC 3.3 checked through the same SQL predicate that filters reads.
import { sql, type SelectQueryBuilder } from "kysely";
import { ulid } from "ulid";
import { AccordError } from "../domain/errors.ts";
import { banner, isRelease, markingKey, type Marking } from "../domain/markings.ts";
import { mayEdit, type Kind } from "../domain/roles.ts";
import { admitMarking, readableBy, readableMarkings, type AccessPlan, type Scope } from "./access.ts";
import type { Conn, Tx } from "./db.ts";
import type { Database } from "./schema.ts";
import { internMarking, loadMarking } from "./markings.ts";

export interface RecordWrite {
  title: string;
  marking: Marking;
  searchText: string;
  /** The API form of the record as written: kept as the version's content. */
  snapshot: unknown;
}

export type RecordsQuery = SelectQueryBuilder<Database, "records", {}>;

/** `records r` already narrowed to what the scope may read. Every read path starts here. */
export function readableRecords(conn: Conn, scope: Scope, kind?: Kind, plan?: AccessPlan) {
  let q = conn.selectFrom("records as r").where(readableBy(scope, "r.marking_id", plan));
  if (kind) q = q.where("r.kind", "=", kind);
  return q;
}

export async function isReadable(conn: Conn, scope: Scope, id: string, kind?: Kind): Promise<boolean> {
  return Boolean(await readableRecords(conn, scope, kind).select("r.id").where("r.id", "=", id).executeTakeFirst());
}

/** True when the scope's user could read records at this marking (the write rule of SPEC 3.3). */
export async function mayUseMarking(conn: Conn, scope: Scope, markingId: string): Promise<boolean> {
  // The predicate itself, never a cached set: the marking may have been interned a moment ago.
  const row = await sql<{ ok: number }>`select 1 as ok where ${markingId} in (${readableMarkings(scope.uncached())})`.execute(conn);
  return row.rows.length > 0;
}

async function checkMarking(tx: Tx, scope: Scope, marking: Marking): Promise<string> {
  const viewer = scope.requireViewer();
  if (marking.originator !== viewer.nationality) {
    throw new AccordError("marking_not_permitted", `You may only originate records for your own country (${viewer.nationality}).`, [
      { field: "marking.originator", rule: "own_country", message: `must be ${viewer.nationality}` },
    ]);
  }
  const markingId = await internMarking(tx, marking);
  if (!(await mayUseMarking(tx, scope, markingId))) {
    throw new AccordError("marking_not_permitted", `You may not write at ${banner(marking)}: it is above your clearance or outside your compartments.`, [
      { field: "marking", rule: "writable", message: "must be a marking you could read" },
    ]);
  }
  await admitMarking(tx, scope, markingId);
  return markingId;
}

/** `permitted`: the caller established a right to edit that is not a role (e.g. owning an action). */
function assertRole(scope: Scope, kind: Kind, permitted = false): void {
  if (!permitted && !mayEdit(scope.requireViewer().roles, kind)) throw new AccordError("forbidden", `Your roles do not allow editing ${kind} records.`);
}

export async function createRecord(tx: Tx, scope: Scope, kind: Kind, w: RecordWrite): Promise<{ id: string; markingId: string }> {
  assertRole(scope, kind);
  const markingId = await checkMarking(tx, scope, w.marking);
  const id = ulid();
  const now = new Date().toISOString();
  const actor = scope.requireViewer().id;
  await tx.insertInto("records").values({ id, kind, marking_id: markingId, title: w.title, created_by: actor, created_at: now, updated_at: now, version: 1 }).execute();
  await tx.insertInto("record_versions").values({ record_id: id, version: 1, marking_id: markingId, at: now, actor, data: JSON.stringify(w.snapshot) }).execute();
  await tx.insertInto("search_docs").values({ record_id: id, kind, body: w.searchText, marking_id: markingId }).execute();
  return { id, markingId };
}

/**
 * Updates a readable record. Raising the marking is free; lowering or widening it is a release
 * and goes through a release request instead (SPEC 3.3).
 */
export async function updateRecord(tx: Tx, scope: Scope, kind: Kind, id: string, w: RecordWrite, expectedVersion?: number, permitted = false): Promise<{ markingId: string; version: number }> {
  assertRole(scope, kind, permitted);
  const current = await readableRecords(tx, scope, kind).selectAll("r").where("r.id", "=", id).executeTakeFirst();
  if (!current) throw new AccordError("not_found", "No such record.");
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new AccordError("conflict", `The record changed since you read it (now version ${current.version}).`);
  }
  const old = await loadMarking(tx, current.marking_id);
  if (markingKey(old) !== markingKey(w.marking) && isRelease(old, w.marking)) {
    throw new AccordError("release_required", "Lowering or widening a marking is a release: submit a release request for a security officer to decide.", [
      { field: "marking", rule: "no_release", message: "may only be raised here; use POST /api/releases" },
    ]);
  }
  const markingId = markingKey(old) === markingKey(w.marking) ? current.marking_id : await checkMarking(tx, scope, { ...w.marking, originator: old.originator });
  return writeVersion(tx, scope.requireViewer().id, id, kind, current.version, markingId, w);
}

/** Kinds whose own table repeats the marking, so their hot list orders stay one index walk. */
const MARKING_COPIES: Partial<Record<string, "actions">> = { action: "actions" };

/** Writes the next version; used by edits and by approved releases. */
export async function writeVersion(tx: Tx, actor: string, id: string, kind: string, currentVersion: number, markingId: string, w: Omit<RecordWrite, "marking">) {
  const now = new Date().toISOString();
  const version = currentVersion + 1;
  const res = await tx.updateTable("records").set({ title: w.title, marking_id: markingId, updated_at: now, version }).where("id", "=", id).where("version", "=", currentVersion).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AccordError("conflict", "The record changed while it was being saved; try again.");
  await tx.insertInto("record_versions").values({ record_id: id, version, marking_id: markingId, at: now, actor, data: JSON.stringify(w.snapshot) }).execute();
  await tx.updateTable("search_docs").set({ body: w.searchText, kind, marking_id: markingId }).where("record_id", "=", id).execute();
  const copy = MARKING_COPIES[kind];
  if (copy) await tx.updateTable(copy).set({ marking_id: markingId }).where("id", "=", id).execute();
  return { markingId, version };
}

const PLAN_PROBE = 2000;
const PLAN_TTL_MS = 60_000;

/**
 * Filter or seek (see `AccessPlan`) for listing a kind: counts the readable rows up to a bound, so
 * the probe costs at most that many index entries, and remembers the answer for a minute. Only
 * SQLite needs telling; PostgreSQL sees the bound ids and plans from its own statistics.
 */
export async function accessPlan(conn: Conn, scope: Scope, table: "records" | "actions", kind?: Kind): Promise<AccessPlan | undefined> {
  const set = scope.markings;
  if (!set || set.dialect !== "sqlite") return undefined;
  const key = `${table}:${kind ?? ""}`;
  const known = set.plans.get(key);
  if (known && Date.now() - known.at < PLAN_TTL_MS) return known.plan;
  const kindFilter = kind ? sql`and t.kind = ${kind}` : sql``;
  const row = await sql<{ n: number }>`select count(*) as n from (select 1 from ${sql.table(table)} t
    where t.marking_id in (${readableMarkings(scope)}) ${kindFilter} limit ${PLAN_PROBE}) probe`.execute(conn);
  const plan: AccessPlan = Number(row.rows[0]?.n ?? 0) >= PLAN_PROBE ? "filter" : "seek";
  set.plans.set(key, { plan, at: Date.now() });
  return plan;
}
