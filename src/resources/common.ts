// What every record resource shares: the marking and record meta in API form, reads that
// answer 404 for what may not be read, writes wrapped with their audit event, references
// that show as withheld, and the audit of reads above UNCLASSIFIED.
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { AccordError } from "../domain/errors.ts";
import { markingKey, MarkingOutput, toOutput, type Marking } from "../domain/markings.ts";
import type { Kind } from "../domain/roles.ts";
import { appendAudit, recordAudit, recordRead, type AuditInput } from "../audit/log.ts";
import { Scope } from "../store/access.ts";
import type { Conn, Tx } from "../store/db.ts";
import { loadMarkings } from "../store/markings.ts";
import { readableRecords } from "../store/records.ts";
import type { RecordTable } from "../store/schema.ts";
import { clientOf, scopeOf, viewerOf } from "../http/auth.ts";

export const Id = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "must be a record identifier");
export const IdParams = z.strictObject({ id: Id });
export const Text = (max: number) => z.string().trim().min(1).max(max);
export const IsoDate = z.iso.date();

export const RecordMeta = z.object({
  id: z.string(),
  kind: z.string(),
  marking: MarkingOutput,
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RecordMeta = z.infer<typeof RecordMeta>;

export const Reference = z.union([
  z.object({ id: z.string(), kind: z.string(), title: z.string(), withheld: z.literal(false) }),
  z.object({ id: z.null(), withheld: z.literal(true) }),
]);
export type Reference = z.infer<typeof Reference>;

export function meta(r: Pick<RecordTable, "id" | "kind" | "version" | "created_at" | "updated_at">, m: Marking): RecordMeta {
  return { id: r.id, kind: r.kind, marking: toOutput(m), version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}

export const db = (req: FastifyRequest) => req.server.ctx.store.db;

/** The marking as stored in audit events: its banner, never any content. */
export const auditMarking = (m: Marking) => toOutput(m).banner;

/**
 * Runs a change in one transaction with its audit event. A refused change rolls back and the
 * refusal is audited in a transaction of its own, so attempts are kept even when nothing is written.
 */
export async function audited<T>(
  req: FastifyRequest,
  action: string,
  work: (tx: Tx) => Promise<{ result: T; event: Omit<AuditInput, "actor" | "client" | "action"> }>,
): Promise<T> {
  const viewer = viewerOf(req);
  try {
    return await db(req).transaction().execute(async (tx) => {
      const { result, event } = await work(tx);
      await appendAudit(tx, { ...event, action, actor: viewer.id, client: clientOf(req) });
      return result;
    });
  } catch (err) {
    if (err instanceof AccordError && err.status !== 400) {
      await recordAudit(db(req), {
        actor: viewer.id,
        action,
        client: clientOf(req),
        outcome: err.code === "not_found" ? "not_found" : "denied",
        target: typeof (req.params as { id?: unknown })?.id === "string" ? (req.params as { id: string }).id : null,
        details: { code: err.code, reason: err.message },
      });
    }
    throw err;
  }
}

/**
 * Reads one record the caller may read, or answers exactly as if it did not exist. Both paths
 * write an audit event, which also keeps their timing alike.
 */
export async function readRecord(req: FastifyRequest, kind: Kind | null, id: string): Promise<{ row: RecordTable; marking: Marking }> {
  const scope = scopeOf(req);
  const conn = db(req);
  const row = await readableRecords(conn, scope, kind ?? undefined).selectAll("r").where("r.id", "=", id).executeTakeFirst();
  const viewer = viewerOf(req);
  if (!row) {
    const exists = await readableRecords(conn, Scope.system(), kind ?? undefined).select("r.id").where("r.id", "=", id).executeTakeFirst();
    await recordAudit(conn, { actor: viewer.id, action: `${kind ?? "record"}.read`, target: id, outcome: exists ? "denied" : "not_found", client: clientOf(req) });
    throw new AccordError("not_found", "No such record.");
  }
  const marking = (await loadMarkings(conn, [row.marking_id])).get(row.marking_id)!;
  if (marking.classification > 0) {
    await recordAudit(conn, { actor: viewer.id, action: `${row.kind}.read`, target: id, marking: auditMarking(marking), outcome: "success", client: clientOf(req) });
  }
  return { row, marking };
}

/** One audit event for a page of records, naming those above UNCLASSIFIED (by identifier, in a read set). */
export async function auditListRead(req: FastifyRequest, action: string, items: { id: string; marking: Marking }[]): Promise<void> {
  const classified = items.filter((i) => i.marking.classification > 0);
  if (!classified.length) return;
  await recordRead(db(req), {
    actor: viewerOf(req).id,
    action,
    client: clientOf(req),
    records: classified.map((i) => ({ id: i.id, marking: auditMarking(i.marking) })),
  });
}

/** Resolves references for the caller: readable ones with their title, the rest withheld. */
export async function resolveRefs(conn: Conn, scope: Scope, ids: (string | null | undefined)[]): Promise<Map<string, Reference>> {
  const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
  const out = new Map<string, Reference>();
  if (!wanted.length) return out;
  const rows = await readableRecords(conn, scope).select(["r.id", "r.kind", "r.title"]).where("r.id", "in", wanted).execute();
  for (const id of wanted) out.set(id, { id: null, withheld: true });
  for (const r of rows) out.set(r.id, { id: r.id, kind: r.kind, title: r.title, withheld: false });
  return out;
}

export function refOf(map: Map<string, Reference>, id: string | null | undefined): Reference | null {
  return id ? (map.get(id) ?? { id: null, withheld: true }) : null;
}

/** Loads the markings of many rows at once. */
export async function withMarkings<T extends { marking_id: string }>(conn: Conn, rows: T[]): Promise<(T & { marking: Marking })[]> {
  const ms = await loadMarkings(conn, rows.map((r) => r.marking_id));
  return rows.map((r) => ({ ...r, marking: ms.get(r.marking_id)! }));
}

export const sameMarking = (a: Marking, b: Marking) => markingKey(a) === markingKey(b);
