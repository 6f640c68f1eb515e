// Documents and their versions. A document's marking is its own, independent of what it is attached to.
import { sql } from "kysely";
import { invalid } from "../../domain/errors.ts";
import type { Marking } from "../../domain/markings.ts";
import type { Scope } from "../../store/access.ts";
import type { Conn, Tx } from "../../store/db.ts";
import { loadMarking, resolveMarking } from "../../store/markings.ts";
import { createRecord, isReadable, updateRecord } from "../../store/records.ts";
import type { RecordTable } from "../../store/schema.ts";
import { meta, refOf, resolveRefs } from "../common.ts";
import { putBlob } from "./content.ts";
import type { Document, DocumentCreate, DocumentUpdate } from "./schema.ts";

export interface Upload {
  bytes: Buffer;
  mediaType: string;
  filename: string;
}

export async function documentsById(conn: Conn, scope: Scope, records: (RecordTable & { marking: Marking })[]): Promise<Document[]> {
  if (!records.length) return [];
  const ids = records.map((r) => r.id);
  const rows = await conn.selectFrom("documents").selectAll().where("id", "in", ids).execute();
  const versions = await conn.selectFrom("document_versions").selectAll().where("document_id", "in", ids).orderBy("version", "desc").execute();
  const refs = await resolveRefs(conn, scope, rows.map((d) => d.attached_to));
  const byId = new Map(rows.map((d) => [d.id, d]));
  const versionsOf = new Map<string, typeof versions>();
  for (const v of versions) versionsOf.set(v.document_id, [...(versionsOf.get(v.document_id) ?? []), v]);
  return records.map((r) => {
    const d = byId.get(r.id)!;
    return {
      ...meta(r, r.marking),
      title: r.title,
      docKind: d.doc_kind as Document["docKind"],
      attachedTo: refOf(refs, d.attached_to),
      currentVersion: d.current_version,
      versions: (versionsOf.get(r.id) ?? []).map((v) => ({
        version: v.version, contentHash: v.content_hash, size: v.size, mediaType: v.media_type, filename: v.filename, uploadedBy: v.uploaded_by, uploadedAt: v.uploaded_at,
      })),
    };
  });
}

async function checkAttachment(tx: Tx, scope: Scope, id: string | null | undefined): Promise<void> {
  if (id && !(await isReadable(tx, scope, id))) throw invalid("attachedToId", "known_record", "no such record");
}

async function addVersion(tx: Tx, documentId: string, version: number, actor: string, file: Upload): Promise<void> {
  const hash = await putBlob(tx, file.bytes);
  await tx.insertInto("document_versions").values({
    document_id: documentId, version, content_hash: hash, size: file.bytes.length, media_type: file.mediaType, filename: file.filename,
    uploaded_by: actor, uploaded_at: new Date().toISOString(),
  }).execute();
}

const snapshot = (m: Omit<DocumentCreate, "marking">, fileVersion: number) => ({ ...m, fileVersion });

export async function createDocument(tx: Tx, scope: Scope, input: DocumentCreate, file: Upload) {
  const { marking: mIn, ...m } = input;
  const marking = await resolveMarking(tx, mIn, scope.requireViewer().nationality);
  await checkAttachment(tx, scope, m.attachedToId);
  const { id } = await createRecord(tx, scope, "document", { title: m.title, marking, searchText: `${m.title} ${m.kind} ${file.filename}`, snapshot: snapshot(m, 1) });
  await tx.insertInto("documents").values({ id, doc_kind: m.kind, attached_to: m.attachedToId ?? null, current_version: 1 }).execute();
  await addVersion(tx, id, 1, scope.requireViewer().id, file);
  return { id, marking };
}

export async function updateDocument(tx: Tx, scope: Scope, id: string, current: { marking: Marking }, patch: DocumentUpdate) {
  const d = await tx.selectFrom("documents").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const rec = await tx.selectFrom("records").select("title").where("id", "=", id).executeTakeFirstOrThrow();
  const { marking: mIn, version, ...p } = patch;
  const m = { title: p.title ?? rec.title, kind: p.kind ?? (d.doc_kind as DocumentCreate["kind"]), attachedToId: p.attachedToId === undefined ? d.attached_to : p.attachedToId };
  await checkAttachment(tx, scope, p.attachedToId);
  const marking = mIn ? await resolveMarking(tx, mIn, current.marking.originator) : current.marking;
  await updateRecord(tx, scope, "document", id, { title: m.title, marking, searchText: `${m.title} ${m.kind}`, snapshot: snapshot(m, d.current_version) }, version);
  await tx.updateTable("documents").set({ doc_kind: m.kind, attached_to: m.attachedToId ?? null }).where("id", "=", id).execute();
  return { marking };
}

/** A new file version of a readable document the caller may edit; the marking stays. */
export async function uploadVersion(tx: Tx, scope: Scope, id: string, record: RecordTable, file: Upload): Promise<number> {
  const d = await tx.selectFrom("documents").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const next = d.current_version + 1;
  // Through updateRecord, so the role and read rules apply and the record gets a version too.
  await updateRecord(tx, scope, "document", id, {
    title: record.title, marking: await loadMarking(tx, record.marking_id),
    searchText: `${record.title} ${d.doc_kind} ${file.filename}`, snapshot: { title: record.title, kind: d.doc_kind, attachedToId: d.attached_to, fileVersion: next },
  });
  await addVersion(tx, id, next, scope.requireViewer().id, file);
  await tx.updateTable("documents").set({ current_version: next }).where("id", "=", id).execute();
  return next;
}

export const documentFilter = {
  kind: (k: string) => sql<boolean>`r.id in (select id from documents where doc_kind = ${k})`,
  attachedTo: (id: string) => sql<boolean>`r.id in (select id from documents where attached_to = ${id})`,
};
