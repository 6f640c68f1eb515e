// Every marked record's common life: the records row, its versions, its search text, and the
// write rules of SPEC 3.3 checked through the same SQL predicate that filters reads. A write needs
// a Grant from the kind's policy (src/domain/policy.ts): forgetting the check does not compile.
import { sql } from "kysely";
import { ulid } from "ulid";
import { AccordError } from "../domain/errors.ts";
import { banner, isRelease, markingKey, type Marking } from "../domain/markings.ts";
import type { Grant } from "../domain/policy.ts";
import type { Kind } from "../domain/roles.ts";
import { admitMarking, readableMarkings, type Scope } from "./access.ts";
import type { Conn, Tx } from "./db.ts";
import { internMarking } from "./markings.ts";
import { enqueueChange } from "../federation/outbox.ts";
import type { ReadRecord, Writer } from "./reader.ts";
import { staleVersion } from "./preconditions.ts";
import { indexSearchEntry } from "./search-terms.ts";
import { MARKING_COPIES } from "./tables.ts";

export interface RecordWrite {
  title: string;
  marking: Marking;
  searchText: string;
  /** The API form of the record as written: kept as the version's content. */
  snapshot: unknown;
}

export interface UpdateOptions {
  /** What the caller's policy allowed (an edit, an owner's progress, a co-chair's approval). */
  grant: Grant;
  /** The version the caller last read: a different current version is a conflict. */
  expectedVersion?: number | undefined;
}

/** True when the scope's user could read records at this marking (the write rule of SPEC 3.3). */
export async function mayUseMarking(conn: Conn, scope: Scope, markingId: string): Promise<boolean> {
  // The predicate itself, never a cached set: the marking may have been interned a moment ago.
  const row = await sql<{ ok: number }>`select 1 as ok where ${markingId} in (${readableMarkings(scope.uncached())})`.execute(conn);
  return row.rows.length > 0;
}

async function checkMarking(w: Writer, marking: Marking): Promise<string> {
  const viewer = w.viewer;
  if (marking.originator !== viewer.nationality) {
    throw new AccordError("marking_not_permitted", `You may only originate records for your own country (${viewer.nationality}).`, [
      { field: "marking.originator", rule: "own_country", message: `must be ${viewer.nationality}` },
    ]);
  }
  const markingId = await internMarking(w.tx, marking);
  if (!(await mayUseMarking(w.tx, w.scope, markingId))) {
    throw new AccordError("marking_not_permitted", `You may not write at ${banner(marking)}: it is above your clearance or outside your compartments.`, [
      { field: "marking", rule: "writable", message: "must be a marking you could read" },
    ]);
  }
  await admitMarking(w.tx, w.scope, markingId);
  return markingId;
}

export async function createRecord(w: Writer, kind: Kind, rec: RecordWrite, _opts: { grant: Grant }): Promise<ReadRecord> {
  const markingId = await checkMarking(w, rec.marking);
  const id = ulid();
  const now = new Date().toISOString();
  const actor = w.viewer.id;
  const row = { id, kind, marking_id: markingId, title: rec.title, created_by: actor, created_at: now, updated_at: now, version: 1 };
  await w.tx.insertInto("records").values(row).execute();
  await w.tx.insertInto("record_versions").values({ record_id: id, version: 1, marking_id: markingId, at: now, actor, data: JSON.stringify(rec.snapshot) }).execute();
  await w.tx.insertInto("search_docs").values({ record_id: id, kind, body: rec.searchText, marking_id: markingId }).execute();
  await indexSearchEntry(w.tx, id, rec.searchText);
  // Federation (SPEC 8.2): in the same transaction, for each peer that may receive it.
  await enqueueChange(w.tx, id);
  return w.created(row, rec.marking);
}

/**
 * Writes the next version of a record the caller has read. Raising the marking is free; lowering
 * or widening it is a release and goes through a release request instead (SPEC 3.3).
 */
export async function updateRecord(w: Writer, current: ReadRecord, rec: RecordWrite, opts: UpdateOptions): Promise<ReadRecord> {
  const now = w.current(current);
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== now.version) throw staleVersion("conflict", now, `you sent version ${opts.expectedVersion}`);
  if (markingKey(now.marking) !== markingKey(rec.marking) && isRelease(now.marking, rec.marking)) {
    throw new AccordError("release_required", "Lowering or widening a marking is a release: submit a release request for a security officer to decide.", [
      { field: "marking", rule: "no_release", message: "may only be raised here; use POST /api/releases" },
    ]);
  }
  const markingId = markingKey(now.marking) === markingKey(rec.marking) ? now.marking_id : await checkMarking(w, { ...rec.marking, originator: now.marking.originator });
  return writeVersion(w.tx, w, now, { markingId, marking: rec.marking, actor: w.viewer.id }, rec);
}

/**
 * Writes the next version; used by edits and by approved releases (whose marking a security
 * officer decided). Without `searchText` the search entry keeps its text and takes the marking.
 */
export async function writeVersion(tx: Tx, w: Writer, current: ReadRecord, to: { markingId: string; marking: Marking; actor: string }, rec: Omit<RecordWrite, "marking" | "searchText"> & { searchText?: string }): Promise<ReadRecord> {
  const now = new Date().toISOString();
  const version = current.version + 1;
  const res = await tx.updateTable("records").set({ title: rec.title, marking_id: to.markingId, updated_at: now, version })
    .where("id", "=", current.id).where("version", "=", current.version).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AccordError("conflict", "The record changed while it was being saved; try again.");
  await tx.insertInto("record_versions").values({ record_id: current.id, version, marking_id: to.markingId, at: now, actor: to.actor, data: JSON.stringify(rec.snapshot) }).execute();
  await tx.updateTable("search_docs").set({ ...(rec.searchText === undefined ? {} : { body: rec.searchText }), kind: current.kind, marking_id: to.markingId })
    .where("record_id", "=", current.id).execute();
  // Its words with its marking are written again (049), the text's or the marking's change alike.
  await indexSearchEntry(tx, current.id, rec.searchText);
  const copy = MARKING_COPIES[current.kind as keyof typeof MARKING_COPIES];
  if (copy) await tx.updateTable(copy).set({ marking_id: to.markingId }).where("id", "=", current.id).execute();
  // A document's marking is its current file's: a raise or release moves that file version only,
  // and earlier files keep the marking they had (issue 11: versions are records too).
  if (current.kind === "document") {
    await tx.updateTable("document_versions").set({ marking_id: to.markingId }).where("document_id", "=", current.id)
      .where("version", "=", (eb) => eb.selectFrom("documents").select("current_version").where("documents.id", "=", current.id)).execute();
  }
  // Federation (SPEC 8.2): each peer that may receive it now, or holds a copy to retract.
  await enqueueChange(tx, current.id);
  return w.remember({ ...current, title: rec.title, marking_id: to.markingId, marking: to.marking, updated_at: now, version });
}
